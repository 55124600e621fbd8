import type { ActiveIndicator } from '../../logic-models/logic-models.definitions.js';
import {
  CONFIDENCE_LEVELS,
  directlyStandardisedRate,
  rateWithCI,
  ratioOfSums,
  type DsrStratum,
  type Interval,
  weightedProportion,
  wilson,
} from '../stats/index.js';
import type { Parts } from './parts.js';
import type { ValueReason } from './types.js';

/** docs/domain.md §5: a directly standardised rate is not shown on fewer than 10 events. */
export const DSR_MIN_COUNT = 10;

/** A value with its 95 % and 99.8 % intervals; `reason` says why there is no value. */
export interface Estimate {
  value: number | null;
  ci95: Interval | null;
  ci998: Interval | null;
  reason: Extract<
    ValueReason,
    'dsr_count_below_minimum' | 'zero_denominator' | 'no_standard_population' | 'inconsistent_strata'
  > | null;
}

/** The standard population of a DSR: `sex:ageBand` → persons. */
export type StandardStrata = ReadonlyMap<string, number>;

const none = (reason: Estimate['reason']): Estimate => ({ value: null, ci95: null, ci998: null, reason });
const scaled = (ci: Interval | null, k: number): Interval | null =>
  ci ? { lower: ci.lower * k, upper: ci.upper * k } : null;

/**
 * Wilson limits of x / n at one level, or null where Wilson is undefined (x outside 0..n, e.g. a
 * hiring rate above 100 %). Weighted sums may overshoot n by rounding noise when p = 1: clamp that.
 */
function proportionCI(ind: ActiveIndicator, p: Parts, level: number): Interval | null {
  const noise = 1e-9 * p.denominator;
  if (p.numerator < 0 || p.numerator > p.denominator + noise) return null;
  const x = Math.min(p.numerator, p.denominator);
  if (ind.ci === 'wilson') return wilson(x, p.denominator, level);
  if (ind.ci === 'wilson_weighted' && p.sumsq > 0) {
    return weightedProportion({ sumW: p.denominator, sumWPos: x, sumW2: p.sumsq }, level)?.ci ?? null;
  }
  return null;
}

function dsr(ind: ActiveIndicator, p: Parts, standard: StandardStrata | null, k: number): Estimate {
  if (!standard || standard.size === 0) return none('no_standard_population');
  const strata: DsrStratum[] = [...standard].map(([key, standardPopulation]) => ({
    count: p.strata.get(key)?.count ?? 0,
    population: p.strata.get(key)?.population ?? 0,
    standardPopulation,
  }));
  const bad = strata.some((s) => s.count < 0 || s.population < 0 || (s.population === 0 && s.count > 0));
  if (bad) return none('inconsistent_strata');
  const at = (level: number) =>
    directlyStandardisedRate(strata, { factor: k, level, minTotalCount: DSR_MIN_COUNT });
  const r95 = at(CONFIDENCE_LEVELS[0]);
  if (r95.status === 'not_shown') return none('dsr_count_below_minimum');
  const r998 = at(CONFIDENCE_LEVELS[1]);
  const ci998 = r998.status === 'shown' ? { lower: r998.lower, upper: r998.upper } : null;
  return { value: r95.value, ci95: { lower: r95.lower, upper: r95.upper }, ci998, reason: null };
}

/**
 * The value of an indicator from its (municipal or summed) parts:
 * value = numerator ÷ denominator × factor ÷ divisor, with the interval its `ci` names — Wilson
 * (weighted: on Kish's n_eff), Byar / exact Poisson for rates, Dobson for DSRs — and none for
 * ratios and counts.
 */
export function estimate(ind: ActiveIndicator, p: Parts, standard: StandardStrata | null): Estimate {
  const k = ind.factor / ind.divisor;
  switch (ind.kind) {
    case 'count':
      return { value: p.numerator * k, ci95: null, ci998: null, reason: null };
    case 'ratio': {
      const value = ratioOfSums(p.numerator, p.denominator, k);
      return value === null ? none('zero_denominator') : { value, ci95: null, ci998: null, reason: null };
    }
    case 'dsr':
      return dsr(ind, p, standard, k);
    case 'rate': {
      if (!(p.denominator > 0)) return none('zero_denominator');
      if (ind.ci !== 'byar' || !(p.numerator >= 0)) {
        return { value: (p.numerator / p.denominator) * k, ci95: null, ci998: null, reason: null };
      }
      const [r95, r998] = CONFIDENCE_LEVELS.map((level) => rateWithCI(p.numerator, p.denominator, k, level)!);
      const ci = (r: typeof r95) => ({ lower: r.lower, upper: r.upper });
      return { value: r95.value, ci95: ci(r95), ci998: ci(r998), reason: null };
    }
    case 'proportion': {
      if (!(p.denominator > 0)) return none('zero_denominator');
      const [ci95, ci998] = CONFIDENCE_LEVELS.map((level) => scaled(proportionCI(ind, p, level), k));
      return { value: (p.numerator / p.denominator) * k, ci95, ci998, reason: null };
    }
  }
}
