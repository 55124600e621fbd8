import { resolveDisclosure } from '../logic-models/indicator-rules.js';
import type { ActiveIndicator, IndicatorCatalogue } from '../logic-models/logic-models.definitions.js';

/**
 * The measures an indicator publishes: those of its numerator and denominator — what a reader
 * can add and subtract. (Disclosure counts are tested, not published; strata of a DSR are not
 * published either; the 判定不能 count is a table of its own: see {@link disclosureIndicators}.)
 */
export function publishedMeasures(ind: ActiveIndicator): string[] {
  const ids = [...ind.numerator, ...(ind.kind === 'count' ? [] : (ind.denominator ?? []))].map((t) => t.measure);
  return [...new Set(ids)];
}

/** Id of the table of an indicator's 判定不能 counts. */
export const undecidableId = (indicator: string) => `${indicator}:undecidable`;

/**
 * The indicators as disclosure control sees them: each one, and for each with a 判定不能 count
 * under a small-count rule, that count as a count of its own (a count of persons: hidden at
 * 1-2, alone — the value beside it stays shown when it may be).
 */
export function disclosureIndicators(indicators: readonly ActiveIndicator[], catalogue: IndicatorCatalogue): ActiveIndicator[] {
  const out = [...indicators];
  for (const ind of indicators) {
    const rule = resolveDisclosure(ind, catalogue);
    if (!ind.undecidable || !rule || rule.small_count_min === undefined) continue;
    out.push({
      ...ind,
      id: undecidableId(ind.id),
      kind: 'count',
      numerator: [{ measure: ind.undecidable, sign: 1 }],
      denominator: undefined,
      disclosure_counts: undefined,
      undecidable: undefined,
      disclosure: { min_denominator: 0, small_count_min: rule.small_count_min, small_count_max: rule.small_count_max },
    });
  }
  return out;
}

/**
 * Indicators grouped so that two indicators publishing a common measure (directly or through
 * others) are in one group: each group is protected as one linked table. Groups and their
 * members keep catalogue order.
 */
export function linkedGroups(indicators: readonly ActiveIndicator[]): ActiveIndicator[][] {
  const parent = indicators.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  indicators.forEach((ind, i) => {
    for (const m of publishedMeasures(ind)) {
      const j = owner.get(m);
      if (j === undefined) owner.set(m, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, ActiveIndicator[]>();
  indicators.forEach((ind, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), ind]);
  });
  return [...groups.values()];
}

/** `selected` with every indicator of `all` linked to one of them: what a partial recompute must redo together. */
export function linkedClosure<T extends ActiveIndicator>(selected: readonly T[], all: readonly T[]): T[] {
  const wanted = new Set(selected.map((i) => i.id));
  const keep = new Set(
    linkedGroups(all)
      .filter((g) => g.some((i) => wanted.has(i.id)))
      .flatMap((g) => g.map((i) => i.id)),
  );
  return all.filter((i) => keep.has(i.id));
}
