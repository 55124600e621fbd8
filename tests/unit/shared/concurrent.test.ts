/** mapConcurrent: the answers in the items' order, never more calls at once than the limit, the first failure rejects. */
import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../../src/shared/concurrent.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapConcurrent', () => {
  it('answers in the order of the items, with at most `limit` calls running', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const out = await mapConcurrent([30, 5, 20, 1, 10], 2, async (ms, i) => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick(ms);
      running -= 1;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs one at a time with a limit of 1, and answers [] for no items', async () => {
    const order: string[] = [];
    await mapConcurrent(['a', 'b'], 1, async (x) => {
      order.push(`start ${x}`);
      await tick(2);
      order.push(`end ${x}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(await mapConcurrent([], 2, async () => 1)).toEqual([]);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapConcurrent([0, 1, 2, 3], 1, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('period 1 failed');
      return i;
    });
    await expect(run).rejects.toThrow('period 1 failed');
    expect(started).toEqual([0, 1]);
  });
});
