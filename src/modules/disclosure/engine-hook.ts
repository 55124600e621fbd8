import type { ActiveIndicator, IndicatorCatalogue } from '../logic-models/logic-models.definitions.js';
import { measureTotal } from '../indicators/engine/terms.js';
import type { MeasureCells } from '../indicators/engine/types.js';
import { decideDisclosure } from './disclose.js';
import type { DisclosureUnit, MeasureTotals } from './disclosure.types.js';

/** Each municipality's all-persons total of every measure it has stored. */
export function totalsOf(measures: ReadonlyMap<string, MeasureCells>): MeasureTotals {
  const out = new Map<string, Map<string, number>>();
  for (const [code, cells] of measures) {
    const totals = new Map<string, number>();
    for (const [measure, list] of cells) {
      const t = measureTotal(list);
      if (t !== undefined) totals.set(measure, t);
    }
    out.set(code, totals);
  }
  return out;
}

/**
 * The units each indicator hides, decided across linked tables (see {@link decideDisclosure}):
 * what the indicator engine calls once per recompute. `indicators` must hold whole linked groups.
 */
export function hiddenUnitsByIndicator(
  indicators: readonly ActiveIndicator[],
  catalogue: IndicatorCatalogue,
  units: readonly DisclosureUnit[],
  measures: ReadonlyMap<string, MeasureCells>,
): Map<string, Set<string>> {
  return decideDisclosure({ catalogue, indicators, units, totals: totalsOf(measures) }).hidden;
}
