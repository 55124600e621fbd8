import type { Interval } from './types.js';
import { zForLevel } from './z-score.js';

/**
 * Wilson score interval for a proportion x / n (Wilson 1927; Newcombe & Altman 2000), the
 * method Fingertips and PHEindicatormethods use for proportions.
 *
 * `x` may be fractional (a weighted or effective count). Returns limits as proportions in
 * 0..1, or `null` when n = 0 (no denominator, no interval).
 * @throws RangeError when x or n is negative or not finite, or x > n.
 */
export function wilson(x: number, n: number, level = 0.95): Interval | null {
  if (!Number.isFinite(x) || !Number.isFinite(n) || x < 0 || n < 0) {
    throw new RangeError(`wilson: x and n must be finite and ≥ 0 (x=${x}, n=${n})`);
  }
  if (x > n) throw new RangeError(`wilson: x (${x}) must not exceed n (${n})`);
  const z = zForLevel(level);
  if (n === 0) return null;
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denominator = 2 * (n + z2);
  // At x = 0 and x = n the limits are exactly 0 and 1; pin them against rounding noise.
  const lower = x === 0 ? 0 : (2 * x + z2 - root) / denominator;
  const upper = x === n ? 1 : (2 * x + z2 + root) / denominator;
  return { lower: Math.max(0, lower), upper: Math.min(1, upper) };
}
