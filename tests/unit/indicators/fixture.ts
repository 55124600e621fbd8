/** A five-municipality test prefecture and indicator builders for the engine's unit tests. */
import type { ActiveIndicator, IndicatorCatalogue, Term } from '../../../src/modules/logic-models/logic-models.definitions.js';
import type { EngineInput } from '../../../src/modules/indicators/engine/engine.js';
import type { Geography, IndicatorValue, MeasureCell } from '../../../src/modules/indicators/engine/types.js';

// 北: A, B, C; 南: D, E. Insurer 連合 = A, B, D; C and E are their own insurers.
export const geography: Geography = {
  prefecture: { code: '99', name: 'テスト県' },
  municipalities: [
    { code: '990001', name: 'A町', area: '北', insurer: '連合' },
    { code: '990002', name: 'B村', area: '北', insurer: '連合' },
    { code: '990003', name: 'C村', area: '北', insurer: 'C村' },
    { code: '990004', name: 'D市', area: '南', insurer: '連合' },
    { code: '990005', name: 'E村', area: '南', insurer: 'E村' },
  ],
};
export const [A, B, C, D, E] = geography.municipalities.map((m) => m.code);

const terms = (...ids: string[]): Term[] => ids.map((measure) => ({ measure, sign: 1 as const }));

/** An active indicator with catalogue defaults; override what the case needs. */
export function indicator(over: Partial<ActiveIndicator> & { id: string }): ActiveIndicator {
  return {
    label_ja: over.id,
    status: 'active',
    kind: 'proportion',
    unit: 'percent',
    numerator: terms('x.num'),
    denominator: terms('x.den'),
    factor: 100,
    divisor: 1,
    direction: 'higher_is_better',
    ci: 'wilson',
    disclosure: 'default',
    source: 'テスト',
    rule_version: '7',
    ...over,
  } as ActiveIndicator;
}
export { terms };

export const catalogue: IndicatorCatalogue = {
  version: 't',
  defaults: { disclosure: { min_denominator: 10, small_count_min: 1, small_count_max: 2 } },
  indicators: [],
};

type Values = Record<string, number | Record<string, number>>;

/**
 * Engine input from plain values: `{ [code]: { measure: total | { 'sex:band': value } } }`;
 * `standard` likewise for the std.* measures.
 */
export function input(byMunicipality: Record<string, Values>, standard: Values = {}, provenance?: EngineInput['provenance']): EngineInput {
  const cellsOf = (values: Values) =>
    new Map<string, MeasureCell[]>(
      Object.entries(values).map(([measure, v]) => [
        measure,
        typeof v === 'number'
          ? [{ sex: 0, ageBand: 0, value: v }]
          : Object.entries(v).map(([k, value]) => {
              const [sex, ageBand] = k.split(':').map(Number);
              return { sex, ageBand, value };
            }),
      ]),
    );
  return {
    catalogue,
    geography,
    measures: new Map(Object.entries(byMunicipality).map(([code, v]) => [code, cellsOf(v)])),
    standard: cellsOf(standard),
    provenance: provenance ?? { origins: new Map(), uploads: new Map() },
  };
}

/** The value of one unit, by level and code. */
export function unit(values: readonly IndicatorValue[], level: IndicatorValue['level'], code: string): IndicatorValue {
  const v = values.find((x) => x.level === level && x.code === code);
  if (!v) throw new Error(`no ${level} ${code}`);
  return v;
}
