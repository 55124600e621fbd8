/** Engine input and audits over the Okinawa master (or a synthetic one) from plain measure totals. */
import { auditDisclosure } from '../../src/modules/disclosure/audit.js';
import type { AttackerRole } from '../../src/modules/disclosure/disclosure.types.js';
import { publishedCells } from '../../src/modules/disclosure/published.js';
import { computeIndicators, type EngineInput } from '../../src/modules/indicators/engine/engine.js';
import type { IndicatorValue, MeasureCell } from '../../src/modules/indicators/engine/types.js';
import { isActive } from '../../src/modules/logic-models/indicator-rules.js';
import { loadLogicModelsSync } from '../../src/modules/logic-models/logic-models.loader.js';
import type { ActiveIndicator } from '../../src/modules/logic-models/logic-models.definitions.js';
import { logicModelsDir } from '../../src/paths.js';
import { unitsOf, type SyntheticMunicipality } from './disclosure-synthetic.js';

export const models = loadLogicModelsSync(logicModelsDir);
export const activeIndicators = models.catalogue.indicators.filter(isActive);
export const indicatorsById = (...ids: string[]): ActiveIndicator[] => activeIndicators.filter((i) => ids.includes(i.id));

/** Engine input of a master from measure totals (all-persons cells only). */
export function engineInput(master: readonly SyntheticMunicipality[], totals: ReadonlyMap<string, ReadonlyMap<string, number>>): EngineInput {
  const measures = new Map<string, Map<string, MeasureCell[]>>();
  for (const [code, t] of totals) measures.set(code, new Map([...t].map(([m, value]) => [m, [{ sex: 0, ageBand: 0, value }]])));
  return {
    catalogue: models.catalogue,
    geography: { prefecture: { code: master[0].code.slice(0, 2), name: '県' }, municipalities: master },
    measures,
    standard: new Map(),
    provenance: { origins: new Map(), uploads: new Map() },
  };
}

/** The auditor's risks for the engine's values (every role unless given). */
export function auditValues(
  master: readonly SyntheticMunicipality[],
  totals: ReadonlyMap<string, ReadonlyMap<string, number>>,
  indicators: readonly ActiveIndicator[],
  values: readonly IndicatorValue[],
  roles?: AttackerRole[],
) {
  return auditDisclosure({
    catalogue: models.catalogue,
    indicators,
    units: unitsOf(master),
    totals,
    published: publishedCells(values),
    roles,
  });
}

/** Values of the given indicators and the auditor's report on them. */
export function publishAndAudit(
  master: readonly SyntheticMunicipality[],
  totals: ReadonlyMap<string, ReadonlyMap<string, number>>,
  indicators: readonly ActiveIndicator[],
) {
  const values = computeIndicators(indicators, engineInput(master, totals));
  return { values, audit: auditValues(master, totals, indicators, values) };
}

/** One unit's value. */
export const valueOf = (values: readonly IndicatorValue[], indicator: string, level: string, code: string) =>
  values.find((v) => v.indicator === indicator && v.level === level && v.code === code)!;
