import { describe, expect, it } from 'vitest';
import type { IndicatorDef } from '../../src/modules/logic-models/logic-models.definitions.js';
import { parseTargetsCsv } from '../../src/modules/targets/targets.import.js';
import { TargetIndex, type TargetRecord } from '../../src/modules/targets/targets.inherit.js';
import type { TargetLookups } from '../../src/modules/targets/targets.validate.js';

const rec = (
  scope: TargetRecord['scope'],
  scopeCode: string,
  targetYear: number,
  targetValue: number,
  indicatorId = 'home_death_ratio',
): TargetRecord => ({
  id: `${scope}-${scopeCode}-${targetYear}`,
  indicatorId,
  scope,
  scopeCode,
  targetYear,
  targetValue,
  baselineYear: null,
  baselineValue: null,
});
const naha = { municipality: '472018', area: '南部', prefecture: '47' };
const nago = { municipality: '472093', area: '北部', prefecture: '47' };
const ginowan = { municipality: '472051', area: '中部', prefecture: '47' };

describe('target inheritance: own → area → prefecture', () => {
  const index = new TargetIndex([
    rec('prefecture', '47', 2026, 20),
    rec('area', '北部', 2026, 18),
    rec('municipality', '472093', 2026, 25),
    rec('area', '南部', 2029, 30),
  ]);
  it('uses the municipality’s own target first', () => {
    expect(index.resolve('home_death_ratio', nago, 2026)).toMatchObject({ targetValue: 25, source: 'municipality' });
  });
  it('falls back to the area, then to the prefecture', () => {
    expect(index.resolve('home_death_ratio', { ...nago, municipality: '473014' }, 2026)).toMatchObject({
      targetValue: 18,
      source: 'area',
    });
    expect(index.resolve('home_death_ratio', ginowan, 2026)).toMatchObject({ targetValue: 20, source: 'prefecture' });
    expect(index.resolve('home_death_ratio', naha, 2026)).toMatchObject({ targetValue: 20, source: 'prefecture' });
  });
  it('is per year and per indicator', () => {
    expect(index.resolve('home_death_ratio', naha, 2029)).toMatchObject({ targetValue: 30, source: 'area' });
    expect(index.resolve('home_death_ratio', ginowan, 2029)).toBeNull();
    expect(index.resolve('kayoi_rate', nago, 2026)).toBeNull();
  });
  it('can be narrowed to the municipality’s own target (counts are not inherited)', () => {
    expect(index.effective('home_death_ratio', nago, 2025, undefined, ['municipality'])).toMatchObject({ targetValue: 25 });
    expect(index.effective('home_death_ratio', naha, 2025, undefined, ['municipality'])).toBeNull();
  });
  it('gives the prefecture’s own target for a funnel centre', () => {
    expect(index.prefectureTarget('home_death_ratio', '47', 2025)).toMatchObject({ targetValue: 20 });
    expect(index.prefectureTarget('home_death_ratio', '47', 2030)).toMatchObject({ targetYear: 2026 });
    expect(index.prefectureTarget('home_death_ratio', '47', 2025, 2029)).toBeNull();
  });
  it('for a period, takes the nearest scope that has a target, then its next target year at or after the period, else its last before', () => {
    // 那覇市 has no own target; its area 南部 has 2029 — it wins over the prefecture's nearer 2026.
    expect(index.effective('home_death_ratio', naha, 2025)).toMatchObject({ targetValue: 30, source: 'area', targetYear: 2029 });
    expect(index.effective('home_death_ratio', naha, 2031)).toMatchObject({ targetValue: 30, source: 'area' });
    expect(index.effective('home_death_ratio', ginowan, 2027)).toMatchObject({ targetYear: 2026, source: 'prefecture' });
    expect(index.effective('home_death_ratio', nago, 2025)).toMatchObject({ targetValue: 25, source: 'municipality' });
    expect(index.effective('kayoi_rate', naha, 2025)).toBeNull();
  });
  it('takes a municipality’s own target whatever its year over an inherited one', () => {
    const own = new TargetIndex([rec('prefecture', '47', 2026, 20), rec('municipality', '472018', 2029, 35)]);
    expect(own.effective('home_death_ratio', naha, 2025)).toMatchObject({ targetValue: 35, source: 'municipality', targetYear: 2029 });
    // Within a scope, the next milestone after the value's period, else the last one.
    const two = new TargetIndex([rec('municipality', '472018', 2026, 22), rec('municipality', '472018', 2029, 35)]);
    expect(two.effective('home_death_ratio', naha, 2025)).toMatchObject({ targetYear: 2026 });
    expect(two.effective('home_death_ratio', naha, 2027)).toMatchObject({ targetYear: 2029 });
    expect(two.effective('home_death_ratio', naha, 2030)).toMatchObject({ targetYear: 2029 });
  });
  it('with a target year given, inherits that year’s target', () => {
    expect(index.effective('home_death_ratio', naha, 2025, 2026)).toMatchObject({ targetValue: 20, source: 'prefecture' });
    expect(index.effective('home_death_ratio', naha, 2025, 2029)).toMatchObject({ targetYear: 2029, source: 'area' });
  });
});

const defs: Record<string, Partial<IndicatorDef>> = {
  home_death_ratio: { id: 'home_death_ratio', status: 'active', direction: 'higher_is_better', unit: 'percent' },
  house_call_per_10k: { id: 'house_call_per_10k', status: 'active', direction: 'higher_is_better', unit: 'per_10k' },
  care_worker_60plus_rate: { id: 'care_worker_60plus_rate', status: 'active', direction: 'none', unit: 'percent' },
  dementia_supporters: { id: 'dementia_supporters', status: 'planned' },
};
const lk: TargetLookups = {
  prefecture: '47',
  indicator: (id) => defs[id] as IndicatorDef | undefined,
  areas: new Set(['北部', '中部', '南部', '宮古', '八重山']),
  municipalities: new Set(['472018', '472051', '472093']),
};
const csv = (
  rows: string[],
  header = 'indicator,scope,code,target_year,target_value,baseline_year,baseline_value,note',
) => Buffer.from([header, ...rows].join('\n'));

describe('parseTargetsCsv', () => {
  it('accepts every scope, Japanese scope words and an empty prefecture code', () => {
    const r = parseTargetsCsv(
      csv([
        'home_death_ratio,prefecture,,2026,20,2022,15.5,第9期計画',
        'home_death_ratio,圏域,北部,2026,18,,,',
        'house_call_per_10k,市町村,472018,2026,"1,200",,,',
      ]),
      lk,
    );
    expect(r.errors).toEqual([]);
    expect(r.targets.map((t) => [t.scope, t.code, t.targetValue, t.baselineValue])).toEqual([
      ['prefecture', '47', 20, 15.5],
      ['area', '北部', 18, null],
      ['municipality', '472018', 1200, null],
    ]);
  });
  it('accepts Japanese headers', () => {
    const r = parseTargetsCsv(csv(['home_death_ratio,県,47,2026,20'], '指標ID,範囲,コード,目標年度,目標値'), lk);
    expect(r.errors).toEqual([]);
  });
  it('reports every row error with row, column, value, code and a Japanese message', () => {
    const r = parseTargetsCsv(
      csv([
        'nope,prefecture,,2026,20',
        'dementia_supporters,prefecture,,2026,20',
        'care_worker_60plus_rate,prefecture,,2026,20',
        'home_death_ratio,area,東部,2026,20',
        'home_death_ratio,municipality,131016,2026,20',
        'home_death_ratio,prefecture,,2026,abc',
        'home_death_ratio,prefecture,,20x6,20',
        'home_death_ratio,prefecture,,1999,20',
        'home_death_ratio,prefecture,,2026,120',
        'home_death_ratio,region,,2026,20',
        'home_death_ratio,prefecture,,2026,20,2030,10',
        'home_death_ratio,prefecture,13,2026,20',
        'home_death_ratio,prefecture,,2026,21',
        'home_death_ratio,prefecture,,2026,',
      ]),
      lk,
    );
    expect(r.targets).toHaveLength(1); // row 14 is the only good one
    expect(r.errors.map((e) => [e.row, e.column, e.value, e.code])).toEqual([
      [2, 'indicator', 'nope', 'unknown_indicator'],
      [3, 'indicator', 'dementia_supporters', 'planned_indicator'],
      [4, 'indicator', 'care_worker_60plus_rate', 'no_direction'],
      [5, 'code', '東部', 'unknown_area'],
      [6, 'code', '131016', 'unknown_municipality'],
      [7, 'target_value', 'abc', 'non_numeric'],
      [8, 'target_year', '20x6', 'invalid_year'],
      [9, 'target_year', '1999', 'invalid_year'],
      [10, 'target_value', '120', 'out_of_range'],
      [11, 'scope', 'region', 'invalid_scope'],
      [12, 'baseline_year', '2030', 'baseline_after_target'],
      [13, 'code', '13', 'prefecture_mismatch'],
      [15, 'target_value', '', 'required'],
    ]);
    expect(r.errors[0].message).toBe('指標IDがカタログにありません: nope');
  });
  it('rejects a duplicate key and bad headers', () => {
    const dup = parseTargetsCsv(
      csv(['home_death_ratio,prefecture,,2026,20', 'home_death_ratio,prefecture,47,2026,21']),
      lk,
    );
    expect(dup.errors).toMatchObject([{ row: 3, code: 'duplicate_key' }]);
    const bad = parseTargetsCsv(Buffer.from('indicator,scope,wat\nx,y,z\n'), lk);
    expect(bad.errors.map((e) => e.code)).toEqual(['unknown_column', 'missing_column', 'missing_column']);
    expect(parseTargetsCsv(Buffer.from(''), lk).errors[0].code).toBe('empty_file');
  });
});
