/**
 * Numbers as people read them, applied at the edge (JSON answers), never inside computations.
 * See docs/numbers.md.
 */
import { roundHalfUp } from '../modules/indicators/stats/round.js';

/** Significant digits kept in JSON numbers: full precision for computation, no binary-float noise. */
export const SIGNIFICANT_DIGITS = 15;

/**
 * A number without binary-float noise: at most {@link SIGNIFICANT_DIGITS} significant digits (a double carries 15–17)
 * (37.99999999999999 → 38, 0.1 + 0.2 → 0.3); integers and non-finite values unchanged.
 */
export function clean(x: number): number;
export function clean(x: number | null): number | null;
export function clean(x: number | null): number | null {
  if (x === null || Number.isInteger(x) || !Number.isFinite(x)) return x;
  const y = Number(x.toPrecision(SIGNIFICANT_DIGITS));
  return y === 0 ? 0 : y;
}

/** Decimals shown in display strings, by unit (percent 1, per 10,000 1, years 1, yen and counts 0). */
export const DISPLAY_DECIMALS: Readonly<Record<string, number>> = {
  percent: 1,
  per_10k: 1,
  years: 1,
  yen_per_month: 0,
  count: 0,
};

/** Decimals for a unit; ratios and unknown units 2. */
export const decimalsFor = (unit: string | null | undefined) => DISPLAY_DECIMALS[unit ?? ''] ?? 2;

// One formatter per number of decimals: building an Intl.NumberFormat costs far more than using one.
const formats = new Map<number, Intl.NumberFormat>();
const formatFor = (d: number) => {
  let f = formats.get(d);
  if (!f) formats.set(d, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return f;
};

/** A value as a label shows it: rounded half up (四捨五入) to the unit's decimals, digits grouped. */
export function display(x: number | null, unit: string | null | undefined): string | null {
  if (x === null || !Number.isFinite(x)) return null;
  const d = decimalsFor(unit);
  return formatFor(d).format(roundHalfUp(x, d));
}

/** Effective sample sizes (estimates, e.g. Kish's n_eff) are given to one decimal. */
export const SAMPLE_SIZE_DECIMALS = 1;

/** An effective sample size at the edge: one decimal, half up. */
export const sampleSizeOut = (n: number | null) => (n === null ? null : roundHalfUp(n, SAMPLE_SIZE_DECIMALS));

/** JSON.stringify replacer that cleans every number of an answer (see {@link clean}). */
export const cleanNumbers = (_key: string, v: unknown) => (typeof v === 'number' ? clean(v) : v);
