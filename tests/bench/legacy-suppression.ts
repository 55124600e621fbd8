/** The previous per-indicator secondary suppression (before linked tables and the audit), kept only so that bench:disclosure can compare suppression rates. */
import {
  DEFAULT_DISCLOSURE_RULE,
  hasData,
  primaryCause,
  primarySuppression,
  type DisclosureRule,
  type DisclosureUnit,
} from '../../src/modules/indicators/stats/disclosure-rule.js';

/** A published aggregate of units (area, insurer, prefecture); a unit may be in several. */
export interface DisclosureAggregate {
  id: string;
  memberIds: readonly string[];
}

/** 'primary': fails the rule itself; 'secondary': hidden to protect another unit; 'aggregate':
 * an aggregate hidden because no other member could be. */
export type SuppressionReason = 'primary' | 'secondary' | 'aggregate';

/** What disclosure control hides, by id, with the reason. */
export interface SuppressionResult {
  units: Map<string, Extract<SuppressionReason, 'primary' | 'secondary'>>;
  aggregates: Map<string, Extract<SuppressionReason, 'primary' | 'aggregate'>>;
}

/** Input of {@link secondarySuppression}: the units, the aggregates, and what primary hid. */
export interface SecondaryInput {
  units: readonly DisclosureUnit[];
  aggregates: readonly DisclosureAggregate[];
  primaryUnitIds: Iterable<string>;
  primaryAggregateIds?: Iterable<string>;
}

/**
 * Secondary suppression (docs/domain.md §5): no shown aggregate may let a hidden member be recovered
 * by subtraction. Wherever a shown aggregate has exactly one hidden member among its members with
 * data, hide its smallest-denominator shown member with data too (ties by id), or hide the
 * aggregate when no such member exists; repeat over all aggregates until nothing changes.
 * Aggregates are visited in id order so the outcome is deterministic.
 * @throws RangeError when an aggregate names an unknown unit.
 */
export function secondarySuppression(input: SecondaryInput): SuppressionResult {
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const units: SuppressionResult['units'] = new Map();
  for (const id of input.primaryUnitIds) units.set(id, 'primary');
  const aggregates: SuppressionResult['aggregates'] = new Map();
  for (const id of input.primaryAggregateIds ?? []) aggregates.set(id, 'primary');

  const ordered = [...input.aggregates]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((aggregate) => ({ id: aggregate.id, members: membersWithData(aggregate, byId) }));

  let changed = true;
  while (changed) {
    changed = false;
    for (const { id, members } of ordered) {
      if (aggregates.has(id)) continue;
      const hidden = members.filter((m) => units.has(m.id));
      if (hidden.length !== 1) continue;
      const next = members
        .filter((m) => !units.has(m.id))
        .sort((a, b) => a.denominator - b.denominator || (a.id < b.id ? -1 : 1))[0];
      if (next) units.set(next.id, 'secondary');
      else aggregates.set(id, 'aggregate');
      changed = true;
    }
  }
  return { units, aggregates };
}

/**
 * Full disclosure control: primary suppression of units and of aggregates (on their summed
 * numerators and denominators), then secondary suppression until stable.
 */
export function applyDisclosureControl(
  units: readonly DisclosureUnit[],
  aggregates: readonly DisclosureAggregate[],
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): SuppressionResult {
  const byId = new Map(units.map((u) => [u.id, u]));
  const primaryAggregateIds = aggregates
    .filter((aggregate) => {
      const members = membersWithData(aggregate, byId);
      if (members.length === 0) return false;
      const numerator = members.reduce((s, m) => s + m.numerator, 0);
      const denominator = members.reduce((s, m) => s + m.denominator, 0);
      return primaryCause(numerator, denominator, rule) !== null;
    })
    .map((aggregate) => aggregate.id);
  return secondarySuppression({
    units,
    aggregates,
    primaryUnitIds: primarySuppression(units, rule).keys(),
    primaryAggregateIds,
  });
}

function membersWithData(aggregate: DisclosureAggregate, byId: ReadonlyMap<string, DisclosureUnit>) {
  return aggregate.memberIds.map((memberId) => {
    const unit = byId.get(memberId);
    if (!unit) throw new RangeError(`aggregate ${aggregate.id} names unknown unit ${memberId}`);
    return unit;
  }).filter(hasData);
}
