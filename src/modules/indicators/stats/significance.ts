import type { Direction, Estimate, Interval } from './types.js';

/** Judgement of a value against a comparator, for an indicator with a polarity. */
export type PolarComparison = 'better' | 'similar' | 'worse';
/** Judgement of a value against a comparator, for an indicator without a polarity. */
export type NeutralComparison = 'higher' | 'similar' | 'lower';

/**
 * Fingertips' comparison of a unit with a comparator (area, prefecture): significantly different
 * when the comparator lies strictly outside the unit's interval (pass the 95 % one), judged by
 * the indicator's direction; a comparator on a limit counts as inside ('similar').
 */
export function compareWithCI(
  ci: Interval,
  comparator: number,
  direction: 'higher_is_better' | 'lower_is_better',
): PolarComparison;
export function compareWithCI(ci: Interval, comparator: number, direction: 'none'): NeutralComparison;
export function compareWithCI(ci: Interval, comparator: number, direction: Direction): PolarComparison | NeutralComparison;
export function compareWithCI(
  ci: Interval,
  comparator: number,
  direction: Direction,
): PolarComparison | NeutralComparison {
  const side = comparator < ci.lower ? 'higher' : comparator > ci.upper ? 'lower' : 'similar';
  if (side === 'similar' || direction === 'none') return side;
  const good = direction === 'higher_is_better' ? 'higher' : 'lower';
  return side === good ? 'better' : 'worse';
}

/** Status of a value against its target. */
export type TargetStatus = 'achieved' | 'not_achieved_significant' | 'not_achieved_not_significant';

/**
 * Status against a target (docs/domain.md §5): achieved when the value reaches the target in the
 * indicator's direction; otherwise significant when the whole interval (pass the 95 % one) lies on
 * the wrong side of the target, not significant when it contains the target.
 * 'no data' and 'suppressed' are decided by the caller before asking.
 */
export function targetStatus(
  estimate: Estimate,
  target: number,
  direction: 'higher_is_better' | 'lower_is_better',
): TargetStatus {
  const higher = direction === 'higher_is_better';
  if (higher ? estimate.value >= target : estimate.value <= target) return 'achieved';
  const wholeIntervalShort = higher ? estimate.upper < target : estimate.lower > target;
  return wholeIntervalShort ? 'not_achieved_significant' : 'not_achieved_not_significant';
}

/** An estimate with no sampling uncertainty (counts, ratios of sums): lower = upper = value. */
export function exactEstimate(value: number): Estimate {
  return { value, lower: value, upper: value };
}
