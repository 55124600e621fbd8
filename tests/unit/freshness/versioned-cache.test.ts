import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../../src/modules/freshness/versioned-cache.js';
import { matches } from '../../../src/modules/freshness/freshness.js';

describe('VersionedCache', () => {
  it('serves an entry for its version (or an older request), reloads for a newer one', async () => {
    const cache = new VersionedCache<string>();
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    expect(await cache.get('k', 1, load('one'))).toBe('one');
    expect(await cache.get('k', 1, load('again'))).toBe('one');
    expect(await cache.get('k', 0, load('older'))).toBe('one'); // fresher than asked: served
    expect(await cache.get('k', 2, load('two'))).toBe('two');
    expect(loads).toBe(2);
  });
  it('shares one load between concurrent callers and forgets a failed one', async () => {
    const cache = new VersionedCache<number>();
    let loads = 0;
    const slow = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return 7;
    };
    expect(await Promise.all([cache.get('k', 1, slow), cache.get('k', 1, slow)])).toEqual([7, 7]);
    expect(loads).toBe(1);
    await expect(cache.get('f', 1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('f', 1, async () => 3)).toBe(3);
  });
  it('drops the oldest entry when full', async () => {
    const cache = new VersionedCache<string>(2);
    await cache.get('a', 1, async () => 'a');
    await cache.get('b', 1, async () => 'b');
    await cache.get('c', 1, async () => 'c');
    expect(await cache.get('a', 1, async () => 'a2')).toBe('a2');
    expect(await cache.get('c', 1, async () => 'c2')).toBe('c');
  });
});

describe('If-None-Match', () => {
  it('matches the ETag in a list, weak or strong, and *', () => {
    expect(matches('"3-abc"', '"3-abc"')).toBe(true);
    expect(matches('"2-x", W/"3-abc"', '"3-abc"')).toBe(true);
    expect(matches('*', '"3-abc"')).toBe(true);
    expect(matches('"2-abc"', '"3-abc"')).toBe(false);
    expect(matches(undefined, '"3-abc"')).toBe(false);
  });
});

describe('VersionedCache under a byte budget', () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  it('drops the oldest entries once their weight is over the budget, and keeps the newest even alone over it', async () => {
    const cache = new VersionedCache<string>(100, { maxBytes: 10, weigh: (v) => v.length });
    await cache.get('a', 1, async () => 'aaaa'); // 4
    await cache.get('b', 1, async () => 'bbbb'); // 8
    await settle();
    expect(cache.stats).toEqual({ entries: 2, bytes: 8 });
    await cache.get('c', 1, async () => 'cccc'); // 12 > 10: 'a' goes
    await settle();
    expect(cache.stats).toEqual({ entries: 2, bytes: 8 });
    let loads = 0;
    expect(await cache.get('a', 1, async () => (loads++, 'AAAA'))).toBe('AAAA');
    expect(loads).toBe(1);
    await settle(); // 'b' went for the new 'a'
    expect(await cache.get('c', 1, async () => 'never')).toBe('cccc');
    await cache.get('big', 1, async () => 'x'.repeat(25));
    await settle();
    expect(cache.stats).toEqual({ entries: 1, bytes: 25 });
    expect(await cache.get('big', 1, async () => 'never')).toBe('x'.repeat(25));
  });
  it('gives back the weight of a replaced, deleted or cleared entry, and weighs nothing that failed', async () => {
    const cache = new VersionedCache<string>(100, { maxBytes: 100, weigh: (v) => v.length });
    await cache.get('k', 1, async () => 'one');
    await settle();
    await cache.get('k', 2, async () => 'three');
    await settle();
    expect(cache.stats).toEqual({ entries: 1, bytes: 5 });
    await expect(cache.get('f', 1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await settle();
    expect(cache.stats).toEqual({ entries: 1, bytes: 5 });
    cache.delete('k');
    expect(cache.stats).toEqual({ entries: 0, bytes: 0 });
    await cache.get('m', 1, async () => 'mm');
    await settle();
    cache.clear();
    expect(cache.stats).toEqual({ entries: 0, bytes: 0 });
  });
});
