import { compareWithCI, type NeutralComparison, type PolarComparison } from '../indicators/stats/index.js';
import { isShown, type Direction, type UnitValue } from './gaps.types.js';

/** A unit against a comparator (its area, the prefecture). */
export type Comparison = PolarComparison | NeutralComparison;

/**
 * Fingertips' comparison through the stats library's {@link compareWithCI}: the comparator
 * outside the unit's 95 % CI is better / worse (or higher / lower without direction), inside is
 * similar. `null` — not compared — when either value is missing or suppressed, or the unit has no
 * CI (counts, ratios of sums: without sampling error every difference would look significant, and
 * a municipality's count is not comparable with a prefecture's total).
 */
export function compareUnit(
  unit: UnitValue | null,
  comparator: UnitValue | null,
  direction: Direction | null,
): Comparison | null {
  if (!isShown(unit) || !isShown(comparator)) return null;
  if (unit.lower === null || unit.upper === null) return null;
  return compareWithCI({ lower: unit.lower, upper: unit.upper }, comparator.value, direction ?? 'none');
}
