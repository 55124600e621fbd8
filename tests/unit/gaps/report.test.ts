import { describe, expect, it } from 'vitest';
import type { UnitValue } from '../../../src/modules/gaps/gaps.types.js';
import { municipalityReport, placedIndicators, type ReportContext } from '../../../src/modules/gaps/report.js';
import type { Snapshot } from '../../../src/modules/gaps/snapshot.js';
import type { IndicatorDef, LogicModel } from '../../../src/modules/logic-models/logic-models.definitions.js';
import { TargetIndex, type TargetRecord } from '../../../src/modules/targets/targets.inherit.js';

const def = (id: string, over: Partial<IndicatorDef> = {}): IndicatorDef =>
  ({
    id,
    label_ja: id,
    status: 'active',
    kind: 'proportion',
    unit: 'percent',
    factor: 100,
    divisor: 1,
    direction: 'higher_is_better',
    ci: 'wilson',
    rule_version: '1',
    ...over,
  }) as IndicatorDef;
const catalogue = new Map(
  [
    def('outcome'),
    def('driver', { direction: 'lower_is_better' }),
    def('clinics', { kind: 'count', unit: 'count', factor: 1, ci: 'none' }),
    def('later', { status: 'planned' }),
  ].map((d) => [d.id, d]),
);
const node = (
  id: string,
  level: LogicModel['nodes'][number]['level'],
  parent: string | null,
  indicators: string[],
) => ({
  id,
  level,
  title: id,
  parent,
  supporting: false,
  scenes: [],
  indicators,
  supporting_indicators: [],
});
const model: LogicModel = {
  id: 'hand',
  prefecture_code: '99',
  title: 'm',
  version: '1',
  scenes: [],
  nodes: [
    node('final', 'final', null, ['outcome']),
    node('mid', 'intermediate', 'final', ['driver', 'later']),
    node('base', 'initial', 'mid', ['clinics']),
  ],
};
const u = (value: number, lower: number | null, upper: number | null, suppressed = false): UnitValue => ({
  value,
  lower,
  upper,
  sampleSize: 100,
  count: null,
  suppressed,
});
const values = (m: UnitValue, area: UnitValue, pref: UnitValue) => ({
  current: new Map([
    ['municipality:991001', m],
    ['area:東', area],
    ['prefecture:99', pref],
  ]),
  previous: new Map(),
  period: 2024,
  previousPeriod: null,
});
const snapshot: Snapshot = new Map([
  ['outcome', values(u(40, 35, 45), u(50, 48, 52), u(47, 46, 48))],
  ['driver', values(u(30, 25, 35), u(30, 29, 31), u(28, 27, 29))],
  ['clinics', values(u(3, null, null), u(9, null, null), u(40, null, null))],
]);
const t = (
  scope: TargetRecord['scope'],
  scopeCode: string,
  indicatorId: string,
  targetValue: number,
): TargetRecord => ({
  id: `${indicatorId}-${scope}`,
  indicatorId,
  scope,
  scopeCode,
  targetYear: 2026,
  targetValue,
  baselineYear: null,
  baselineValue: null,
});
const place = { municipality: '991001', area: '東', prefecture: '99' };

describe('municipalityReport on a handmade model', () => {
  const ctx: ReportContext = {
    model,
    indicators: placedIndicators(model, catalogue),
    snapshot,
    targets: new TargetIndex([
      t('prefecture', '99', 'outcome', 50),
      t('area', '東', 'driver', 20),
      t('prefecture', '99', 'clinics', 45),
    ]),
    period: 2025,
  };
  const rows = new Map(municipalityReport(ctx, place).map((r) => [r.indicator, r]));

  it('judges each indicator against its inherited target', () => {
    expect(rows.get('outcome')).toMatchObject({
      status: 'not_achieved_significant',
      gap: 10,
      target: { source: 'prefecture', value: 50 },
    });
    expect(rows.get('driver')).toMatchObject({
      status: 'not_achieved_significant',
      gap: 10,
      target: { source: 'area', value: 20 },
    });
    expect(rows.get('outcome')!.comparison).toEqual({
      area: { value: 50, result: 'worse' },
      prefecture: { value: 47, result: 'worse' },
    });
  });

  it('does not hand a prefecture’s count target down to a municipality', () => {
    expect(rows.get('clinics')).toMatchObject({ status: 'no_target', target: null, value: { value: 3 } });
    expect(rows.get('later')).toMatchObject({ status: 'not_yet_measurable', value: null });
  });

  it('attaches the upstream path, with each upstream indicator’s own standing, to shortfalls only', () => {
    expect(rows.get('outcome')!.upstream).toEqual([
      {
        node: 'mid',
        level: 'intermediate',
        title: 'mid',
        indicators: [
          { id: 'driver', role: 'main', status: 'not_achieved_significant', gap: 10 },
          { id: 'later', role: 'main', status: 'not_yet_measurable', gap: null },
        ],
      },
      {
        node: 'base',
        level: 'initial',
        title: 'base',
        indicators: [{ id: 'clinics', role: 'main', status: 'no_target', gap: null }],
      },
    ]);
    expect(rows.get('clinics')!.upstream).toBeNull();
  });
});
