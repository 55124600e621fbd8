import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../src/modules/gaps/ttl-cache.js';

describe('TtlCache', () => {
  it('serves fresh, then stale while one refresh runs, then the refreshed value', async () => {
    let now = 0;
    let loads = 0;
    let release: () => void = () => {};
    const cache = new TtlCache<number>(100, () => now);
    const load = () => {
      const n = ++loads;
      return n === 1 ? Promise.resolve(n) : new Promise<number>((r) => (release = () => r(n)));
    };
    expect(await cache.get('k', load)).toBe(1);
    now = 50;
    expect(await cache.get('k', load)).toBe(1);
    now = 150;
    expect(await cache.get('k', load)).toBe(1); // stale, refresh started
    expect(await cache.get('k', load)).toBe(1); // still stale, no second refresh
    expect(loads).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k', load)).toBe(2);
    expect(loads).toBe(2);
  });

  it('reloads at once for another version and retries after a failure', async () => {
    const cache = new TtlCache<number>(1000, () => 0);
    expect(await cache.get('k', async () => 1, 0)).toBe(1);
    expect(await cache.get('k', async () => 2, 1)).toBe(2);
    await expect(cache.get('x', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('x', async () => 3)).toBe(3);
  });
});
