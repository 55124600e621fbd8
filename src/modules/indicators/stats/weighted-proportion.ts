import type { Interval } from './types.js';
import { wilson } from './wilson.js';

/** Sums over the decidable (non-missing) answers of a weighted survey item. */
export interface WeightedSums {
  /** Σw over decidable answers. */
  sumW: number;
  /** Σw over positive answers. */
  sumWPos: number;
  /** Σw² over decidable answers. */
  sumW2: number;
}

/** A weighted proportion with Kish's effective sample size and its Wilson interval. */
export interface WeightedProportion {
  /** Σw(positive) / Σw, 0..1. */
  value: number;
  /** Kish effective n = (Σw)² / Σw². */
  nEff: number;
  ci: Interval;
}

/**
 * Weighted proportion with a Wilson interval on Kish's effective sample size:
 * p = sumWPos / sumW, n_eff = sumW² / sumW2, interval = wilson(p·n_eff, n_eff).
 * With unit weights this is exactly the unweighted Wilson interval.
 * Returns `null` when there is no decidable weight (sumW = 0).
 * @throws RangeError on negative sums, sumWPos > sumW, or sumW > 0 with sumW2 = 0.
 */
export function weightedProportion(sums: WeightedSums, level = 0.95): WeightedProportion | null {
  const { sumW, sumWPos, sumW2 } = sums;
  if (![sumW, sumWPos, sumW2].every((v) => Number.isFinite(v) && v >= 0)) {
    throw new RangeError('weightedProportion: sums must be finite and ≥ 0');
  }
  if (sumWPos > sumW) throw new RangeError('weightedProportion: sumWPos must not exceed sumW');
  if (sumW === 0) return null;
  if (sumW2 === 0) throw new RangeError('weightedProportion: sumW2 must be > 0 when sumW > 0');
  const value = sumWPos / sumW;
  const nEff = (sumW * sumW) / sumW2;
  // p·n_eff can exceed n_eff by an ulp when p = 1; clamp so wilson's x ≤ n check holds.
  const ci = wilson(Math.min(value * nEff, nEff), nEff, level) as Interval;
  return { value, nEff, ci };
}
