import { byarsLimits } from './byars.js';
import { exactPoissonLimits } from './poisson-exact.js';
import type { Estimate, Interval } from './types.js';

/** Counts at or above this use Byar's approximation; below it, exact Poisson limits. */
export const BYARS_MIN_COUNT = 10;

/** How the limits of a count were obtained. */
export type CountMethod = 'byars' | 'exact';

/** Confidence limits of a count, on the count scale, with the method used. */
export interface CountInterval extends Interval {
  method: CountMethod;
}

/**
 * Poisson confidence limits for an observed count: Byar's approximation when
 * count ≥ {@link BYARS_MIN_COUNT}, exact (chi-square) limits otherwise — as in Fingertips.
 */
export function countLimits(count: number, level = 0.95): CountInterval {
  if (count >= BYARS_MIN_COUNT) return { ...byarsLimits(count, level), method: 'byars' };
  return { ...exactPoissonLimits(count, level), method: 'exact' };
}

/**
 * Scales count-scale limits to a rate: limit / population × factor
 * (e.g. factor 10,000 for "per 10,000 insured").
 * @throws RangeError when population is not > 0.
 */
export function scaleToRate(limits: Interval, population: number, factor: number): Interval {
  if (!(population > 0)) throw new RangeError(`population must be > 0, got ${population}`);
  return { lower: (limits.lower / population) * factor, upper: (limits.upper / population) * factor };
}

/** A crude rate with its confidence interval, all on the rate × factor scale. */
export interface RateEstimate extends Estimate {
  method: CountMethod;
}

/**
 * Crude rate count / population × factor with Byar's / exact Poisson limits of the count.
 * Returns `null` when the population is 0 (no rate can be formed).
 */
export function rateWithCI(
  count: number,
  population: number,
  factor: number,
  level = 0.95,
): RateEstimate | null {
  if (population === 0) return null;
  const limits = countLimits(count, level);
  const scaled = scaleToRate(limits, population, factor);
  return { value: (count / population) * factor, ...scaled, method: limits.method };
}
