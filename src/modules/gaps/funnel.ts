import {
  byarsLimits,
  CONFIDENCE_LEVELS,
  exactPoissonLimits,
  zForLevel,
  type Interval,
} from '../indicators/stats/index.js';
import { isShown, type IndicatorKind, type UnitValue } from './gaps.types.js';
import { estimateOverdispersion, nullSE, type Overdispersion } from './overdispersion.js';

const zs = new Map<number, number>();
const zOf = (level: number) => zs.get(level) ?? zs.set(level, zForLevel(level)).get(level)!;

/**
 * Control limits of a proportion p₀ (0..1) for a unit of size n: p₀ ± z·√(p₀(1 − p₀)/n), clipped
 * to [0, 1]. This is the acceptance region of the score test, whose inversion is the Wilson
 * interval: a unit lies outside the funnel exactly when p₀ lies outside its Wilson interval at
 * the same level, so the funnel agrees with the CIs the service reports.
 * @throws RangeError unless 0 ≤ p₀ ≤ 1 and n > 0.
 */
export function proportionLimits(p0: number, n: number, level: number): Interval {
  if (!(p0 >= 0 && p0 <= 1) || !(n > 0))
    throw new RangeError(`proportionLimits: need 0 ≤ p0 ≤ 1 and n > 0 (p0=${p0}, n=${n})`);
  const half = zOf(level) * Math.sqrt((p0 * (1 - p0)) / n);
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/**
 * Control limits of a rate r₀ (events per unit of population, unscaled) for a population n: the
 * expected count E = r₀·n is given Byar's limits (as in PHE's funnel-plot tools), divided by n.
 * At E = 0 the upper limit is the exact Poisson one (Byar's formula is undefined there).
 * @throws RangeError unless r₀ ≥ 0 and n > 0.
 */
export function rateLimits(r0: number, n: number, level: number): Interval {
  if (!(r0 >= 0) || !(n > 0)) throw new RangeError(`rateLimits: need r0 ≥ 0 and n > 0 (r0=${r0}, n=${n})`);
  const expected = r0 * n;
  const limits = expected > 0 ? byarsLimits(expected, level) : exactPoissonLimits(0, level);
  return { lower: Math.max(0, limits.lower) / n, upper: limits.upper / n };
}

/** The limits of one denominator, on the display scale. */
export interface FunnelLimit {
  denominator: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** Where a unit lies: inside the 95 % limits, between 95 % and 99.8 %, or beyond 99.8 %. */
export type FunnelZone = 'within' | 'above_95' | 'below_95' | 'above_998' | 'below_998';

/** The funnel kinds: proportions (score/Wilson limits) and rates (Byar's limits). */
export const FUNNEL_KINDS: readonly IndicatorKind[] = ['proportion', 'rate'];

/**
 * Limits widened by a between-unit variance τ² (raw scale; Spiegelhalter's additive random
 * effects): θ₀ ± z·√(s² + τ²), with s the null standard error at n; clipped to the kind's range.
 */
export function randomEffectsLimits(kind: IndicatorKind, theta0: number, n: number, tau2: number, level: number): Interval {
  const half = zOf(level) * Math.sqrt(nullSE(kind, theta0, n) ** 2 + tau2);
  const upper = theta0 + half;
  return { lower: Math.max(0, theta0 - half), upper: kind === 'proportion' ? Math.min(1, upper) : upper };
}

/**
 * 95 % and 99.8 % limits around a comparator (display scale) at denominator n.
 * `scale` turns a raw proportion or rate into the display scale (100 for %, 10,000 per 10k).
 * With τ² > 0 (raw scale) the limits allow for overdispersion ({@link randomEffectsLimits});
 * otherwise they are the exact score (proportion) or Byar (rate) limits.
 */
export function funnelLimit(kind: IndicatorKind, comparator: number, scale: number, n: number, tau2 = 0): FunnelLimit {
  const theta0 = comparator / scale;
  const at = (level: number) =>
    tau2 > 0
      ? randomEffectsLimits(kind, theta0, n, tau2, level)
      : kind === 'proportion'
        ? proportionLimits(theta0, n, level)
        : rateLimits(theta0, n, level);
  const [l95, l998] = CONFIDENCE_LEVELS.map(at);
  return {
    denominator: n,
    lower95: l95.lower * scale,
    upper95: l95.upper * scale,
    lower998: l998.lower * scale,
    upper998: l998.upper * scale,
  };
}

/** The zone of a value against its limits (a value on a limit is inside it). */
export function funnelZone(value: number, l: FunnelLimit): FunnelZone {
  if (value > l.upper998) return 'above_998';
  if (value < l.lower998) return 'below_998';
  if (value > l.upper95) return 'above_95';
  if (value < l.lower95) return 'below_95';
  return 'within';
}

/**
 * Denominators to draw the funnel's lines at: `steps` points spaced evenly on a log scale from
 * half the smallest to 1.5 × the largest unit denominator, plus every unit's own.
 */
export function funnelGrid(denominators: readonly number[], steps = 40): number[] {
  const ns = denominators.filter((n) => n > 0);
  if (ns.length === 0) return [];
  const lo = Math.log(Math.max(1, Math.min(...ns) / 2));
  const hi = Math.log(Math.max(...ns) * 1.5);
  const grid = Array.from({ length: steps }, (_, i) => Math.exp(lo + ((hi - lo) * i) / (steps - 1)));
  return [...new Set([...grid, ...ns])].sort((a, b) => a - b);
}

/** A unit on the funnel: only shown values appear (a suppressed one shows neither value nor n). */
export interface FunnelPoint {
  id: string;
  denominator: number;
  value: number;
  zone: FunnelZone;
}

/** How a funnel allows for overdispersion (catalogue field `overdispersion`). */
export type OverdispersionMethod = 'none' | 'random_effects';

/**
 * τ² of the shown units of one indicator around a comparator (display scale in, raw scale out),
 * or none when the method is 'none' or the kind has no funnel. Suppressed units never take part.
 */
export function unitsOverdispersion(
  kind: IndicatorKind | null,
  method: OverdispersionMethod,
  comparator: number,
  scale: number,
  units: readonly { unit: UnitValue }[],
): Overdispersion | null {
  if (method !== 'random_effects' || !kind || !FUNNEL_KINDS.includes(kind)) return null;
  const shown = units.filter((u) => isShown(u.unit) && (u.unit.sampleSize ?? 0) > 0);
  return estimateOverdispersion(
    kind,
    comparator / scale,
    shown.map((u) => ({ value: u.unit.value! / scale, n: u.unit.sampleSize! })),
  );
}

/**
 * Funnel-plot data for units of one indicator around a comparator: lines over {@link funnelGrid}
 * and each shown unit's point with its zone. `null` for kinds without a funnel (DSR, ratio, count)
 * and for a comparator outside the kind's range (a proportion above 100 %, a negative rate).
 * With `dispersion` (estimated from every shown unit of the prefecture, {@link unitsOverdispersion})
 * the limits are widened by its τ².
 */
export function funnelPlot(
  kind: IndicatorKind | null,
  comparator: number,
  scale: number,
  units: readonly { id: string; unit: UnitValue }[],
  dispersion: Overdispersion | null = null,
) {
  if (!kind || !FUNNEL_KINDS.includes(kind)) return null;
  // A comparator outside the kind's range (a "proportion" above 100 %, from a numerator and a
  // denominator of different sources) has no null distribution to draw limits from: no funnel.
  const theta0 = comparator / scale;
  if (!Number.isFinite(theta0) || theta0 < 0 || (kind === 'proportion' && theta0 > 1)) return null;
  const tau2 = dispersion?.tau2 ?? 0;
  const shown = units.filter((u) => isShown(u.unit) && (u.unit.sampleSize ?? 0) > 0);
  const points: FunnelPoint[] = shown.map(({ id, unit }) => {
    const n = unit.sampleSize!;
    return {
      id,
      denominator: n,
      value: unit.value!,
      zone: funnelZone(unit.value!, funnelLimit(kind, comparator, scale, n, tau2)),
    };
  });
  const limits = funnelGrid(points.map((p) => p.denominator)).map((n) => funnelLimit(kind, comparator, scale, n, tau2));
  return { limits, points };
}
