import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBulkTransaction } from '../../src/db/bulk.js';
import { queryRows } from '../../src/db/query.js';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import { recomputeSliceMeasures } from '../../src/modules/surveys/surveys.recompute.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const THREE = ['473014', '473022', '473031'];
const read = async () =>
  new Map(
    (
      await queryRows<{ municipality_code: string; measure: string; value: number }>(
        t.database.db,
        sql`SELECT municipality_code, measure, value FROM measures WHERE source = 'needs' AND period = 2025`,
      )
    ).map((r) => [`${r.municipality_code} ${r.measure}`, r.value]),
  );

describe('needs measures counted at ingest', () => {
  it('equal the SQL aggregate over the stored rows (counts exactly, weighted sums to 1e-9)', async () => {
    const table = generateNeeds({ seed: 41, wave: 2025 });
    const j = table.header.indexOf('municipality_code');
    const w = table.header.indexOf('weight');
    const rows = table.rows
      .filter((r) => THREE.includes(r[j]))
      .map((r, i) => {
        const copy = [...r];
        if (i % 3 === 0) copy[w] = ['1.25', '0.8', '2'][i % 9 === 0 ? 0 : i % 2];
        return copy;
      });
    const m = multipart(toCsv({ header: table.header, rows }), { wave: '2025' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/surveys/needs/uploads', headers: { ...t.admin, ...m.headers }, payload: m.payload });
    expect(res.statusCode).toBe(201);
    const atIngest = await read();
    expect(atIngest.size).toBe(THREE.length * (1 + 12 * 6));
    await withBulkTransaction(t.database, (tx) => recomputeSliceMeasures(tx.db, 'needs', 'main', 2025, THREE));
    const aggregated = await read();
    expect([...aggregated.keys()].sort()).toEqual([...atIngest.keys()].sort());
    for (const [key, value] of aggregated) {
      const mine = atIngest.get(key)!;
      if (key.includes('.w')) expect(Math.abs(mine - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
      else expect(mine).toBe(value);
    }
    expect(aggregated.get('473014 needs.respondents')).toBe(rows.filter((r) => r[j] === '473014').length);
  });
});
