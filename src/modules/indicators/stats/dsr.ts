import { byarsLimits } from './byars.js';
import { exactPoissonLimits } from './poisson-exact.js';
import type { Estimate } from './types.js';

/** One standardisation stratum (e.g. sex × age band). */
export interface DsrStratum {
  /** Observed events in the stratum. */
  count: number;
  /** Population at risk in the stratum. */
  population: number;
  /** Standard population of the stratum (the weight). */
  standardPopulation: number;
}

/** Options for {@link directlyStandardisedRate}. */
export interface DsrOptions {
  /** Multiplier of the rate, e.g. 100 for percent; default 100,000. */
  factor?: number;
  /** Two-sided confidence level; default 0.95. */
  level?: number;
  /** Below this total count the rate is not shown; default 10 (Fingertips, docs/domain.md §5). */
  minTotalCount?: number;
  /**
   * Limits of the total count fed into Dobson's formula: 'exact' (chi-square, default) or
   * 'byars' (what PHEindicatormethods::phe_dsr uses; within 0.2 % of exact for counts ≥ 10).
   */
  countLimits?: 'exact' | 'byars';
}

/** A shown DSR: value and Dobson limits on the rate × factor scale. */
export interface DsrShown extends Estimate {
  status: 'shown';
  totalCount: number;
  totalPopulation: number;
}

/** A DSR withheld because the total count is too small to be reliable. */
export interface DsrNotShown {
  status: 'not_shown';
  reason: 'total_count_below_minimum';
  totalCount: number;
  totalPopulation: number;
}

export type DsrResult = DsrShown | DsrNotShown;

/**
 * Directly standardised rate with Dobson et al. (1991) limits:
 * DSR = Σ wᵢ·Oᵢ/nᵢ / Σ wᵢ, var = Σ (wᵢ/nᵢ)²·Oᵢ / (Σ wᵢ)², and with O = ΣOᵢ and its Poisson
 * limits O_L, O_U: limit = DSR + √(var / O) · (O_L|U − O).
 * Not shown when O < minTotalCount (Morris et al. 2018: DSRs are unreliable below 10 events).
 * A stratum with population 0 must have count 0 and then contributes nothing.
 * @throws RangeError on negative inputs, events in an empty stratum, or no standard population.
 */
export function directlyStandardisedRate(
  strata: readonly DsrStratum[],
  options: DsrOptions = {},
): DsrResult {
  const { factor = 100_000, level = 0.95, minTotalCount = 10, countLimits = 'exact' } = options;
  let weightSum = 0;
  let weighted = 0;
  let variance = 0;
  let totalCount = 0;
  let totalPopulation = 0;
  for (const { count, population, standardPopulation } of strata) {
    if (![count, population, standardPopulation].every((v) => Number.isFinite(v) && v >= 0)) {
      throw new RangeError('directlyStandardisedRate: counts and populations must be finite and ≥ 0');
    }
    weightSum += standardPopulation;
    totalCount += count;
    totalPopulation += population;
    if (population === 0) {
      if (count > 0) throw new RangeError('directlyStandardisedRate: events in a stratum with no population');
      continue;
    }
    const w = standardPopulation / population;
    weighted += w * count;
    variance += w * w * count;
  }
  if (weightSum === 0) throw new RangeError('directlyStandardisedRate: standard population sums to 0');
  if (totalCount < minTotalCount || totalCount === 0) {
    return { status: 'not_shown', reason: 'total_count_below_minimum', totalCount, totalPopulation };
  }
  const dsr = weighted / weightSum;
  const varDsr = variance / (weightSum * weightSum);
  const limits = countLimits === 'byars' ? byarsLimits(totalCount, level) : exactPoissonLimits(totalCount, level);
  const scale = Math.sqrt(varDsr / totalCount);
  return {
    status: 'shown',
    value: dsr * factor,
    lower: (dsr + scale * (limits.lower - totalCount)) * factor,
    upper: (dsr + scale * (limits.upper - totalCount)) * factor,
    totalCount,
    totalPopulation,
  };
}
