import type { IndicatorCatalogue, IndicatorDef } from '../../logic-models/logic-models.definitions.js';
import { resolveDisclosure } from '../../logic-models/indicator-rules.js';
import type { DisclosureRule } from '../stats/index.js';

/**
 * The indicator's disclosure rule in the statistics library's shape, or `null` when it is never
 * suppressed. A rule without a small-count pair checks the denominator only: an empty
 * [∞, ∞] range keeps the library's min ≤ max invariant while matching no numerator.
 */
export function disclosureRuleOf(ind: IndicatorDef, catalogue: IndicatorCatalogue): DisclosureRule | null {
  const rule = resolveDisclosure(ind, catalogue);
  if (!rule) return null;
  return {
    minDenominator: rule.min_denominator,
    smallCountMin: rule.small_count_min ?? Number.POSITIVE_INFINITY,
    smallCountMax: rule.small_count_max ?? Number.POSITIVE_INFINITY,
  };
}
