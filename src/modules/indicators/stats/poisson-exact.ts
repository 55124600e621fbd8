import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import type { Interval } from './types.js';
import { assertLevel } from './z-score.js';

/**
 * Exact Poisson confidence limits for an observed count O (Garwood / chi-square method):
 * lower = χ²(α/2; 2O) / 2, upper = χ²(1 − α/2; 2O + 2) / 2, with lower = 0 when O = 0.
 * Limits are on the count scale.
 * @throws RangeError when the count is negative or not finite.
 */
export function exactPoissonLimits(count: number, level = 0.95): Interval {
  assertCount(count);
  assertLevel(level);
  const alpha = 1 - level;
  const lower = count === 0 ? 0 : chisquareQuantile(alpha / 2, 2 * count) / 2;
  const upper = chisquareQuantile(1 - alpha / 2, 2 * count + 2) / 2;
  return { lower, upper };
}

/** @throws RangeError unless `count` is a finite number ≥ 0. */
export function assertCount(count: number): void {
  if (!Number.isFinite(count) || count < 0) {
    throw new RangeError(`count must be finite and ≥ 0, got ${count}`);
  }
}
