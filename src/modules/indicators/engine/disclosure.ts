import type { IndicatorCatalogue, IndicatorDef } from '../../logic-models/logic-models.definitions.js';
import { resolveDisclosure } from '../../logic-models/indicator-rules.js';
import {
  applyDisclosureControl,
  primaryCause,
  type DisclosureRule,
  type PrimaryCause,
  type SuppressionReason,
} from '../stats/index.js';
import type { Parts } from './parts.js';
import type { ReportingUnit } from './types.js';

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

/** Why a unit is hidden: the primary cause, or secondary / aggregate protection. */
export type HiddenReason = PrimaryCause | Exclude<SuppressionReason, 'primary'>;

/**
 * Disclosure control over one indicator's units (docs/domain.md §5): primary suppression of every
 * municipality and every aggregate on its disclosure counts, then secondary suppression within
 * each area, insurer and the prefecture until stable. Returns unit id → reason for hidden units.
 */
export function hiddenUnits(
  units: readonly ReportingUnit[],
  parts: ReadonlyMap<string, Parts | null>,
  rule: DisclosureRule | null,
): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  if (!rule) return hidden;
  const municipalities = units.filter((u) => u.level === 'municipality');
  const aggregates = units.filter((u) => u.level !== 'municipality');
  const disclosureUnits = municipalities.map((u) => {
    const p = parts.get(u.id);
    return { id: u.id, numerator: p?.disclosureNumerator ?? null, denominator: p?.disclosureDenominator ?? null };
  });
  // Aggregates name their members by unit id, as the municipalities are known to the library.
  const memberIds = aggregates.map((a) => ({ id: a.id, memberIds: a.members.map((c) => `municipality:${c}`) }));
  const result = applyDisclosureControl(disclosureUnits, memberIds, rule);
  const cause = (id: string): PrimaryCause => {
    const p = parts.get(id)!;
    return primaryCause(p.disclosureNumerator, p.disclosureDenominator, rule) ?? 'small_denominator';
  };
  for (const [id, why] of [...result.units, ...result.aggregates]) hidden.set(id, why === 'primary' ? cause(id) : why);
  return hidden;
}
