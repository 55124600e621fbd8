import { isShown, Z95, type Direction, type IndicatorInfo, type UnitValue } from './gaps.types.js';

/** Which test decided whether a change is significant. */
export type TrendTest = 'two_proportion_z' | 'poisson_rate_z' | 'ci_normal' | 'none';

/** Change since the previous period. */
export interface Trend {
  /** current − previous, on the display scale. */
  change: number;
  /** 'better' / 'worse' by the indicator's direction, 'higher' / 'lower' without one, or 'same'. */
  assessment: 'better' | 'worse' | 'higher' | 'lower' | 'same';
  /** Test statistic, null when no test applies. */
  z: number | null;
  /** |z| > z(0.975) (two-sided 5 %); null when no test applies. */
  significant: boolean | null;
  test: TrendTest;
}

/**
 * Two-proportion z-test with the pooled proportion under H0 (p₁ = p₂):
 * z = (p₂ − p₁) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)), p̄ = (x₁ + x₂)/(n₁ + n₂). Returns 0 when p̄ is 0 or 1
 * (no variance: both proportions are equal). `null` when a sample size is not > 0.
 */
export function twoProportionZ(p1: number, n1: number, p2: number, n2: number): number | null {
  if (!(n1 > 0 && n2 > 0)) return null;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  return variance > 0 ? (p2 - p1) / Math.sqrt(variance) : 0;
}

/**
 * z-test on the difference of two Poisson rates (events c over person-time or population t),
 * with the variance under H0 (λ₁ = λ₂) from the pooled rate λ̄ = (c₁ + c₂)/(t₁ + t₂):
 * z = (c₂/t₂ − c₁/t₁) / √(λ̄(1/t₁ + 1/t₂)) — the score form, analogous to the pooled
 * two-proportion test and well behaved when one count is 0. `null` when a population is not > 0.
 */
export function poissonRatesZ(c1: number, t1: number, c2: number, t2: number): number | null {
  if (!(t1 > 0 && t2 > 0)) return null;
  const pooled = (c1 + c2) / (t1 + t2);
  const variance = pooled * (1 / t1 + 1 / t2);
  return variance > 0 ? (c2 / t2 - c1 / t1) / Math.sqrt(variance) : 0;
}

/** Standard error from a 95 % CI, taken as normal: (upper − lower) / (2·z₀.₉₇₅). */
export function seFromCI(lower: number, upper: number): number {
  return (upper - lower) / (2 * Z95);
}

function assess(change: number, direction: Direction | null): Trend['assessment'] {
  if (change === 0) return 'same';
  if (!direction || direction === 'none') return change > 0 ? 'higher' : 'lower';
  return change > 0 === (direction === 'higher_is_better') ? 'better' : 'worse';
}

function testFor(ind: IndicatorInfo, prev: UnitValue & { value: number }, cur: UnitValue & { value: number }) {
  if (ind.kind === 'proportion' && prev.sampleSize && cur.sampleSize) {
    // On the 0..1 scale; n is the effective n for a weighted proportion.
    const z = twoProportionZ(prev.value / ind.scale, prev.sampleSize, cur.value / ind.scale, cur.sampleSize);
    return { z, test: 'two_proportion_z' as const };
  }
  if (ind.kind === 'rate' && prev.count !== null && cur.count !== null && prev.sampleSize && cur.sampleSize) {
    return {
      z: poissonRatesZ(prev.count, prev.sampleSize, cur.count, cur.sampleSize),
      test: 'poisson_rate_z' as const,
    };
  }
  if (prev.lower !== null && prev.upper !== null && cur.lower !== null && cur.upper !== null) {
    // DSRs (and proportions or rates lacking counts): normal approximation from each CI.
    const se = Math.hypot(seFromCI(prev.lower, prev.upper), seFromCI(cur.lower, cur.upper));
    return { z: se > 0 ? (cur.value - prev.value) / se : 0, test: 'ci_normal' as const };
  }
  return { z: null, test: 'none' as const };
}

/**
 * Change since the previous period and whether it is significant at 5 % (two-sided). Overlapping
 * CIs are not the test: proportions use {@link twoProportionZ}, rates {@link poissonRatesZ}, DSRs
 * a normal approximation with each SE taken from its 95 % CI; counts and ratios of sums have no
 * sampling error and are not tested. `null` when either value is missing or suppressed.
 */
export function trendOf(ind: IndicatorInfo, previous: UnitValue | null, current: UnitValue | null): Trend | null {
  if (!isShown(previous) || !isShown(current)) return null;
  const change = current.value - previous.value;
  const { z, test } = testFor(ind, previous, current);
  const significant = z === null ? null : Math.abs(z) > Z95;
  return { change, assessment: assess(change, ind.direction), z, significant, test };
}
