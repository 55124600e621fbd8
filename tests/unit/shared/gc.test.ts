import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/shared/gc.js';

describe('collectGarbage', () => {
  it('collects at once what nothing holds any more, without --expose-gc', async () => {
    let big: number[] | null = Array.from({ length: 100_000 }, (_, i) => i);
    const ref = new WeakRef(big);
    big = null;
    // A WeakRef keeps its target through the job that made it: collect from the next one.
    await new Promise((r) => setImmediate(r));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});
