import { exactEstimate, targetStatus } from '../indicators/stats/index.js';
import type { Estimate } from '../indicators/stats/index.js';
import { isShown, type GapStatus, type IndicatorInfo, type UnitValue } from './gaps.types.js';

/** The value as an estimate: its 95 % CI, or the point itself when it has none (counts, ratios). */
export function estimateOf(u: UnitValue & { value: number }): Estimate {
  if (u.lower === null || u.upper === null) return exactEstimate(u.value);
  return { value: u.value, lower: u.lower, upper: u.upper };
}

/**
 * Status of a value against its target. Decided in this order: a planned indicator is
 * 'not_yet_measurable'; a suppressed value 'suppressed'; no value 'no_data'; no target (or an
 * indicator without direction, which cannot have one) 'no_target'; otherwise the stats library's
 * {@link targetStatus} on the 95 % CI — a value without CI is judged on its point (any shortfall
 * of an exact count is significant).
 */
export function gapStatus(indicator: IndicatorInfo, unit: UnitValue | null, target: number | null): GapStatus {
  if (!indicator.measurable) return 'not_yet_measurable';
  if (unit?.suppressed) return 'suppressed';
  if (!isShown(unit)) return 'no_data';
  if (target === null || !indicator.direction || indicator.direction === 'none') return 'no_target';
  return targetStatus(estimateOf(unit), target, indicator.direction);
}

/** True for the two 'not achieved' statuses. */
export const isShortfall = (s: GapStatus) => s === 'not_achieved_significant' || s === 'not_achieved_not_significant';
