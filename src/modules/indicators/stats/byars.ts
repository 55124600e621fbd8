import type { Interval } from './types.js';
import { assertCount } from './poisson-exact.js';
import { zForLevel } from './z-score.js';

/**
 * Byar's approximation to the exact Poisson limits of a count O (Breslow & Day 1987):
 * lower = O·(1 − 1/(9O) − z/(3√O))³, upper = (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³.
 * Within 0.2 % of the exact limits for O ≥ 10 at 95 %; use {@link countLimits} to switch to the
 * exact method below that. Limits are on the count scale.
 * @throws RangeError when the count is not > 0 (the lower formula is undefined at 0).
 */
export function byarsLimits(count: number, level = 0.95): Interval {
  assertCount(count);
  if (count === 0) throw new RangeError("Byar's method is undefined for a count of 0");
  const z = zForLevel(level);
  const o = count;
  const o1 = count + 1;
  const lower = o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
  const upper = o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3;
  return { lower, upper };
}
