import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.js';
import { createVersionReader } from '../../../src/modules/freshness/version-reader.js';
import { versionOf } from '../../../src/modules/freshness/data-version.js';

/** A fake database whose version query resolves when told, counting the queries started. */
function fakeDb() {
  const pending: ((rows: unknown) => void)[] = [];
  let version = 0;
  const db = {
    execute: () => {
      const seen = version; // the snapshot the query takes when it starts
      return new Promise((resolve) => pending.push(() => resolve({ rows: [{ scope: '47', version: seen }] })));
    },
  } as unknown as Db;
  return {
    db,
    pending,
    write: () => version++,
    settle: () => pending.splice(0).forEach((r) => r(undefined)),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createVersionReader', () => {
  it('never answers a caller from a query that started before it: late callers share the next one', async () => {
    const f = fakeDb();
    const read = createVersionReader(f.db);
    const first = read();
    await tick();
    expect(f.pending.length).toBe(1); // started after the caller's turn
    f.write(); // committed after the first query took its snapshot…
    const second = read(); // …but before this caller arrived
    const third = read();
    await tick();
    expect(f.pending.length).toBe(1); // no second query while one is in flight
    f.settle();
    expect(versionOf(await first, '47')).toBe(0);
    await tick();
    expect(f.pending.length).toBe(1); // second and third share one query
    f.settle();
    expect(versionOf(await second, '47')).toBe(1);
    expect(await third).toBe(await second);
  });

  it('gives the callers of one turn one query, which starts after all of them and sees what they saw committed', async () => {
    const f = fakeDb();
    const read = createVersionReader(f.db);
    const a = read();
    f.write(); // committed between two callers of the same turn
    const b = read();
    expect(f.pending.length).toBe(0); // nothing started before the turn ends
    await tick();
    expect(f.pending.length).toBe(1);
    f.settle();
    expect(versionOf(await a, '47')).toBe(1);
    expect(await b).toBe(await a);
    // Alone, a caller is answered by a query of its own.
    const c = read();
    await tick();
    expect(f.pending.length).toBe(1);
    f.settle();
    expect(versionOf(await c, '47')).toBe(1);
  });

  it('counts the national version in every prefecture’s', () => {
    const v = new Map([
      ['47', 3],
      ['00', 2],
    ]);
    expect(versionOf(v, '47')).toBe(5);
    expect(versionOf(v, '13')).toBe(2);
    expect(versionOf(v, '00')).toBe(2);
  });
});
