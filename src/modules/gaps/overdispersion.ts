import type { IndicatorKind } from './gaps.types.js';

/**
 * Spiegelhalter's random-effects allowance for overdispersion (Spiegelhalter DJ, "Funnel plots for
 * comparing institutional performance", Stat Med 2005;24:1185–1202; "Handling over-dispersion of
 * performance indicators", Qual Saf Health Care 2005;14:347–351), the method England's Fingertips
 * and NHS Digital use. Counts of repeat events (home visits, house calls) vary between
 * municipalities far more than a Poisson or binomial model allows; without this allowance every
 * small island looks "significant".
 *
 * For each unit i with raw value yᵢ (proportion or rate per person) and size nᵢ, around the
 * comparator θ₀: sᵢ = √(θ₀(1 − θ₀)/nᵢ) for a proportion, √(θ₀/nᵢ) for a rate; zᵢ = (yᵢ − θ₀)/sᵢ.
 * The z are Winsorised at the 10th and 90th percentiles, φ = Σz²/I, and when Iφ > I − 1
 * τ² = (Iφ − (I − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ) with wᵢ = 1/sᵢ²; otherwise τ² = 0 (no overdispersion).
 */

/** One unit's raw value (0..1 for a proportion, events per person for a rate) and size. */
export interface DispersionUnit {
  value: number;
  n: number;
}

/** The estimate: φ (dispersion ratio), τ² (between-unit variance on the raw scale), units used. */
export interface Overdispersion {
  phi: number;
  tau2: number;
  units: number;
}

/** Fewer units than this give no estimate (τ² = 0): the percentiles would mean nothing. */
export const MIN_UNITS = 5;
/** The share Winsorised at each end. */
export const WINSOR = 0.1;

/** Null-hypothesis standard error of one unit around θ₀ (raw scale). */
export function nullSE(kind: IndicatorKind, theta0: number, n: number): number {
  return kind === 'proportion' ? Math.sqrt((theta0 * (1 - theta0)) / n) : Math.sqrt(theta0 / n);
}

/** The q-quantile of sorted numbers, linearly interpolated (type 7, as R's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * φ and τ² of units around θ₀ (raw scale). Units with n ≤ 0 are ignored; with fewer than
 * {@link MIN_UNITS} units, or a degenerate θ₀ (0, or 1 for a proportion), τ² is 0.
 */
export function estimateOverdispersion(
  kind: IndicatorKind,
  theta0: number,
  units: readonly DispersionUnit[],
): Overdispersion {
  const used = units.filter((u) => u.n > 0 && Number.isFinite(u.value));
  const degenerate = !(theta0 > 0) || (kind === 'proportion' && !(theta0 < 1));
  if (used.length < MIN_UNITS || degenerate) return { phi: 1, tau2: 0, units: used.length };
  const s = used.map((u) => nullSE(kind, theta0, u.n));
  const z = used.map((u, i) => (u.value - theta0) / s[i]);
  const sorted = [...z].sort((a, b) => a - b);
  const lo = quantileSorted(sorted, WINSOR);
  const hi = quantileSorted(sorted, 1 - WINSOR);
  const count = used.length;
  const phi = z.reduce((acc, zi) => acc + Math.min(hi, Math.max(lo, zi)) ** 2, 0) / count;
  if (count * phi <= count - 1) return { phi, tau2: 0, units: count };
  const w = s.map((si) => 1 / (si * si));
  const sw = w.reduce((a, b) => a + b, 0);
  const sw2 = w.reduce((a, b) => a + b * b, 0);
  const tau2 = Math.max(0, (count * phi - (count - 1)) / (sw - sw2 / sw));
  return { phi, tau2, units: count };
}
