import { zForLevel } from '../indicators/stats/index.js';

/** z for a two-sided 95 % interval (1.959964…), computed once from the quantile function. */
export const Z95 = zForLevel(0.95);

/**
 * Types shared by the pure gap logic (no Fastify, drizzle or pg here). Values are on the
 * indicator's display scale (value × factor ÷ divisor: percent, per 10,000, …).
 */

/**
 * Where a municipality stands against its target, plus the cases with no judgement. The three
 * "value" cases use the indicator values' own vocabulary (suppressed, not_shown, no_data), so a
 * value and its gap never disagree on why there is no number.
 * - not_achieved_significant: the whole 95 % CI lies on the wrong side of the target;
 * - not_achieved_not_significant: the CI contains the target;
 * - not_achieved: short of the target, but the value has no interval (counts, ratios of sums), so
 *   significance cannot be judged — never called significant;
 * - not_shown: withheld for a statistical reason (e.g. a DSR on fewer than 10 events).
 */
export type GapStatus =
  | 'achieved'
  | 'not_achieved_significant'
  | 'not_achieved_not_significant'
  | 'not_achieved'
  | 'suppressed'
  | 'not_shown'
  | 'no_data'
  | 'no_target'
  | 'not_yet_measurable';

/** Every status, in the order a report lists them. */
export const GAP_STATUSES: readonly GapStatus[] = [
  'not_achieved_significant',
  'not_achieved_not_significant',
  'not_achieved',
  'achieved',
  'no_target',
  'no_data',
  'not_shown',
  'suppressed',
  'not_yet_measurable',
];

/** Polarity as declared in the catalogue. */
export type Direction = 'higher_is_better' | 'lower_is_better' | 'none';
/** A polarity that can say which side is a shortfall. */
export type PolarDirection = Exclude<Direction, 'none'>;
/** The indicator kinds of the catalogue: they decide the trend test and the funnel. */
export type IndicatorKind = 'proportion' | 'rate' | 'dsr' | 'ratio' | 'count';

/**
 * One value of an indicator for one unit (municipality, area, prefecture) and period, as the gap
 * logic needs it. `lower`/`upper` are the 95 % limits (null when the CI method is none).
 * `sampleSize` is the n of tests and funnels: the denominator, or Kish's effective n of a weighted
 * proportion. `count` is the event count of a rate or DSR (its numerator).
 */
export interface UnitValue {
  value: number | null;
  lower: number | null;
  upper: number | null;
  sampleSize: number | null;
  count: number | null;
  suppressed: boolean;
  /** Why a value exists but is withheld for a statistical reason (status not_shown); else absent. */
  notShown?: string | null;
}

/** What the gap logic needs to know of a catalogue indicator. */
export interface IndicatorInfo {
  id: string;
  kind: IndicatorKind | null;
  direction: Direction | null;
  /** Multiplier from the raw ratio to the display scale: factor ÷ divisor (100 for %). */
  scale: number;
  measurable: boolean;
}

/** A unit with no value at all. */
export const NO_VALUE: Readonly<UnitValue> = Object.freeze({
  value: null,
  lower: null,
  upper: null,
  sampleSize: null,
  count: null,
  suppressed: false,
});

/** True when the unit has a value that may be shown. */
export const isShown = (u: UnitValue | null | undefined): u is UnitValue & { value: number } =>
  !!u && !u.suppressed && u.value !== null && Number.isFinite(u.value);
