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
 * 'not_yet_measurable'; a suppressed value 'suppressed'; a value withheld for a statistical reason
 * 'not_shown'; no value 'no_data'; no target (or an indicator without direction, which cannot
 * have one) 'no_target'; otherwise the stats library's {@link targetStatus} on the 95 % CI. A
 * value without a CI (counts, ratios of sums) is 'achieved' or 'not_achieved': with no interval
 * there is no significance to claim.
 */
export function gapStatus(indicator: IndicatorInfo, unit: UnitValue | null, target: number | null): GapStatus {
  if (!indicator.measurable) return 'not_yet_measurable';
  if (unit?.suppressed) return 'suppressed';
  if (unit?.notShown) return 'not_shown';
  if (!isShown(unit)) return 'no_data';
  if (target === null || !indicator.direction || indicator.direction === 'none') return 'no_target';
  const status = targetStatus(estimateOf(unit), target, indicator.direction);
  if (unit.lower === null || unit.upper === null) return status === 'achieved' ? 'achieved' : 'not_achieved';
  return status;
}

/** The 'not achieved' statuses, significant or not or not judged. */
const SHORTFALLS: ReadonlySet<GapStatus> = new Set([
  'not_achieved_significant',
  'not_achieved_not_significant',
  'not_achieved',
]);

/** True for the three 'not achieved' statuses. */
export const isShortfall = (s: GapStatus) => SHORTFALLS.has(s);
