import type { ActiveIndicator, IndicatorCatalogue } from '../../logic-models/logic-models.definitions.js';
import type { DisclosureDecider } from '../../disclosure/disclosure-thread.js';
import { hiddenUnitsByIndicator, totalsOf } from '../../disclosure/engine-hook.js';
import { undecidableId } from '../../disclosure/linked.js';
import { estimate, type StandardStrata } from './estimate.js';
import { municipalityParts, type Parts, sumParts } from './parts.js';
import { type ProvenanceIndex, uploadsOf } from './provenance.js';
import { stratumKey } from './terms.js';
import { reportingUnits } from './units.js';
import type { Geography, IndicatorValue, MeasureCells, ReportingUnit } from './types.js';

/** Everything the engine needs for one prefecture and period; no database in sight. */
export interface EngineInput {
  catalogue: IndicatorCatalogue;
  geography: Geography;
  /** Municipality code → its measures for the period. */
  measures: ReadonlyMap<string, MeasureCells>;
  /** The standard populations' cells (std.* measures, code 000000) for the period. */
  standard: MeasureCells;
  provenance: ProvenanceIndex;
}

const EMPTY: MeasureCells = new Map();

/** The standard population of a DSR by `sex:ageBand` (full strata only), or null. */
function standardOf(ind: ActiveIndicator, cells: MeasureCells): StandardStrata | null {
  if (ind.kind !== 'dsr' || !ind.standard) return null;
  const strata = new Map<string, number>();
  for (const c of cells.get(ind.standard) ?? []) {
    if (c.sex !== 0 && c.ageBand !== 0) strata.set(stratumKey(c.sex, c.ageBand), c.value);
  }
  return strata;
}

/**
 * One indicator for every unit of the prefecture: each municipality's parts from its measures,
 * each aggregate's parts summed over its members, the value and intervals from those parts, then
 * disclosure control (src/modules/disclosure: `hidden`, decided across the indicator's linked
 * group). Hidden units keep only their coverage and provenance: no numerator, denominator, value,
 * interval or 判定不能 count, and the reason `suppressed` whatever hid them; a 判定不能 count of
 * 1-2 is hidden alone (null) where the value may be shown.
 */
export function computeIndicator(
  ind: ActiveIndicator,
  input: EngineInput,
  units: readonly ReportingUnit[] = reportingUnits(input.geography),
  disclosure: ReadonlyMap<string, ReadonlySet<string>> = hiddenUnitsByIndicator([ind], input.catalogue, units, input.measures),
): IndicatorValue[] {
  const hidden = disclosure.get(ind.id) ?? new Set<string>();
  const hiddenUndecidable = disclosure.get(undecidableId(ind.id)) ?? new Set<string>();
  const own = new Map<string, Parts | null>();
  for (const m of input.geography.municipalities) {
    own.set(m.code, municipalityParts(ind, input.measures.get(m.code) ?? EMPTY));
  }
  const parts = new Map<string, Parts | null>();
  for (const u of units) parts.set(u.id, sumParts(u.members.map((c) => own.get(c) ?? null)));

  const standard = standardOf(ind, input.standard);
  const uploadsFor = uploadsOf(ind, input.provenance);

  return units.map((u, position): IndicatorValue => {
    const p = parts.get(u.id) ?? null;
    const why = p && hidden.has(u.id) ? ('suppressed' as const) : undefined;
    const shown = p !== null && why === undefined;
    const e = shown ? estimate(ind, p, standard) : null;
    // One literal of one shape for every unit (no spreads): thousands are built per recompute.
    return {
      indicator: ind.id,
      level: u.level,
      code: u.code,
      name: u.name,
      position,
      status: !p ? 'no_data' : why ? 'suppressed' : e!.reason ? 'not_shown' : 'shown',
      reason: why ?? e?.reason ?? null,
      numerator: shown ? p.numerator : null,
      denominator: shown && ind.kind !== 'count' ? p.denominator : null,
      value: e?.value ?? null,
      ci95: e?.ci95 ?? null,
      ci998: e?.ci998 ?? null,
      undecidable: shown && ind.undecidable && !hiddenUndecidable.has(u.id) ? p.undecidable : null,
      contributing: u.members.filter((c) => own.get(c)).length,
      members: u.members.length,
      uploads: uploadsFor(u.members),
      ruleVersion: ind.rule_version,
    };
  });
}

/**
 * Every given indicator for every unit, in indicator order then unit order; disclosure is
 * decided once over all of them (give whole linked groups: see linkedClosure).
 */
export function computeIndicators(indicators: readonly ActiveIndicator[], input: EngineInput): IndicatorValue[] {
  const units = reportingUnits(input.geography);
  const hidden = hiddenUnitsByIndicator(indicators, input.catalogue, units, input.measures);
  return indicators.flatMap((ind) => computeIndicator(ind, input, units, hidden));
}

/**
 * {@link computeIndicators} with disclosure decided by `decide` (the disclosure thread: its linear
 * programs run off the event loop, so a recompute does not hold up the requests being served).
 */
export async function computeIndicatorsWith(
  indicators: readonly ActiveIndicator[],
  input: EngineInput,
  decide: DisclosureDecider,
): Promise<IndicatorValue[]> {
  const units = reportingUnits(input.geography);
  const { hidden } = await decide({ catalogue: input.catalogue, indicators, units, totals: totalsOf(input.measures) });
  return indicators.flatMap((ind) => computeIndicator(ind, input, units, hidden));
}
