/**
 * When a value must be hidden: its denominator is below `minDenominator`, or its numerator lies in
 * [`smallCountMin`, `smallCountMax`]. Defaults in {@link DEFAULT_DISCLOSURE_RULE}; an indicator
 * may override them in the catalogue.
 */
export interface DisclosureRule {
  minDenominator: number;
  smallCountMin: number;
  smallCountMax: number;
}

/** docs/domain.md §5 default: suppress when denominator < 10 or 1 ≤ numerator ≤ 2. */
export const DEFAULT_DISCLOSURE_RULE: Readonly<DisclosureRule> = Object.freeze({
  minDenominator: 10,
  smallCountMin: 1,
  smallCountMax: 2,
});

/** Why a value fails the rule. */
export type PrimaryCause = 'small_denominator' | 'small_count';

/** A reported value (a municipality's) as seen by disclosure control; null = no data. */
export interface DisclosureUnit {
  id: string;
  numerator: number | null;
  denominator: number | null;
}

/** True when the unit has a value to show (both numerator and denominator known). */
export function hasData(unit: DisclosureUnit): unit is DisclosureUnit & { numerator: number; denominator: number } {
  return unit.numerator !== null && unit.denominator !== null;
}

/**
 * The cause for which a numerator / denominator pair fails the rule, or `null` when it may be
 * shown. The denominator test comes first.
 * @throws RangeError when the rule is inconsistent (smallCountMin > smallCountMax).
 */
export function primaryCause(numerator: number, denominator: number, rule: DisclosureRule): PrimaryCause | null {
  if (rule.smallCountMin > rule.smallCountMax) {
    throw new RangeError('disclosure rule: smallCountMin must not exceed smallCountMax');
  }
  if (denominator < rule.minDenominator) return 'small_denominator';
  if (numerator >= rule.smallCountMin && numerator <= rule.smallCountMax) return 'small_count';
  return null;
}

/**
 * Primary suppression: every unit with data whose numerator / denominator fails the rule, with
 * its cause. Units without data are never suppressed (there is nothing to hide).
 */
export function primarySuppression(
  units: readonly DisclosureUnit[],
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): Map<string, PrimaryCause> {
  const suppressed = new Map<string, PrimaryCause>();
  for (const unit of units) {
    if (!hasData(unit)) continue;
    const cause = primaryCause(unit.numerator, unit.denominator, rule);
    if (cause) suppressed.set(unit.id, cause);
  }
  return suppressed;
}
