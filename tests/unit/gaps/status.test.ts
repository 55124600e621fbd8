import { describe, expect, it } from 'vitest';
import { achievementRatio, progressRatio, signedGap } from '../../../src/modules/gaps/gap.js';
import { gapRow } from '../../../src/modules/gaps/gap-row.js';
import type { IndicatorInfo, UnitValue } from '../../../src/modules/gaps/gaps.types.js';
import { gapStatus } from '../../../src/modules/gaps/status.js';

const higher: IndicatorInfo = {
  id: 'h',
  kind: 'proportion',
  direction: 'higher_is_better',
  scale: 100,
  measurable: true,
};
const lower: IndicatorInfo = { ...higher, id: 'l', direction: 'lower_is_better' };
const unit = (value: number, lo: number | null, up: number | null, extra: Partial<UnitValue> = {}): UnitValue => ({
  value,
  lower: lo,
  upper: up,
  sampleSize: 100,
  count: null,
  suppressed: false,
  ...extra,
});

describe('signed gap: positive is a shortfall whatever the direction', () => {
  it('higher is better: target − value', () => {
    expect(signedGap(60, 70, 'higher_is_better')).toBe(10);
    expect(signedGap(60, 50, 'higher_is_better')).toBe(-10);
  });
  it('lower is better: value − target', () => {
    expect(signedGap(30, 20, 'lower_is_better')).toBe(10);
    expect(signedGap(30, 40, 'lower_is_better')).toBe(-10);
  });
  it('achievement ratio is ≥ 1 when reached in either direction', () => {
    expect(achievementRatio(60, 70, 'higher_is_better')).toBeCloseTo(6 / 7, 12);
    expect(achievementRatio(30, 20, 'lower_is_better')).toBeCloseTo(2 / 3, 12);
    expect(achievementRatio(45, 40, 'higher_is_better')).toBeCloseTo(1.125, 12);
    expect(achievementRatio(0, 20, 'lower_is_better')).toBeNull();
  });
  it('progress from baseline is 0.5 half way, in both directions', () => {
    expect(progressRatio(60, 50, 70)).toBe(0.5);
    expect(progressRatio(30, 40, 20)).toBe(0.5);
    expect(progressRatio(30, null, 20)).toBeNull();
    expect(progressRatio(30, 20, 20)).toBeNull();
  });
});

describe('gapStatus: every status', () => {
  const u = unit(60, 55, 65);
  it('higher is better: achieved / significant / not significant', () => {
    expect(gapStatus(higher, u, 50)).toBe('achieved');
    expect(gapStatus(higher, u, 60)).toBe('achieved');
    expect(gapStatus(higher, u, 70)).toBe('not_achieved_significant'); // upper 65 < 70
    expect(gapStatus(higher, u, 62)).toBe('not_achieved_not_significant'); // 62 within [55, 65]
    expect(gapStatus(higher, u, 65)).toBe('not_achieved_not_significant'); // on the limit: inside
  });
  it('lower is better: achieved / significant / not significant', () => {
    const v = unit(30, 25, 35);
    expect(gapStatus(lower, v, 40)).toBe('achieved');
    expect(gapStatus(lower, v, 20)).toBe('not_achieved_significant'); // lower 25 > 20
    expect(gapStatus(lower, v, 28)).toBe('not_achieved_not_significant');
  });
  it('suppressed, no data, no target, not yet measurable', () => {
    expect(gapStatus(higher, { ...u, suppressed: true }, 70)).toBe('suppressed');
    expect(gapStatus(higher, null, 70)).toBe('no_data');
    expect(gapStatus(higher, { ...u, value: null }, 70)).toBe('no_data');
    expect(gapStatus(higher, u, null)).toBe('no_target');
    expect(gapStatus({ ...higher, direction: 'none' }, u, 70)).toBe('no_target');
    expect(gapStatus({ ...higher, measurable: false, kind: null, direction: null }, null, 70)).toBe(
      'not_yet_measurable',
    );
  });
  it('a value without CI (a count) is achieved or not_achieved, never significant', () => {
    const count = { ...higher, kind: 'count' as const, scale: 1 };
    expect(gapStatus(count, unit(3, null, null), 5)).toBe('not_achieved');
    expect(gapStatus(count, unit(5, null, null), 5)).toBe('achieved');
  });
});

describe('gapRow', () => {
  const target = {
    id: 't',
    value: 70,
    source: 'area' as const,
    targetYear: 2026,
    baselineYear: 2022,
    baselineValue: 50,
  };
  it('carries gap, ratios, comparisons and trend', () => {
    const row = gapRow({
      indicator: higher,
      municipality: unit(60, 55, 65),
      area: unit(52, 50, 54),
      prefecture: unit(61, 60, 62),
      previous: unit(58, 53, 63),
      target,
    });
    expect(row).toMatchObject({
      status: 'not_achieved_significant',
      value: { value: 60, lower: 55, upper: 65 },
      target: { value: 70, source: 'area' },
      gap: 10,
      progressRatio: 0.5,
      comparison: { area: { value: 52, result: 'better' }, prefecture: { value: 61, result: 'similar' } },
    });
    expect(row.achievementRatio).toBeCloseTo(6 / 7, 12);
    expect(row.trend).toMatchObject({ assessment: 'better', test: 'two_proportion_z', significant: false });
    expect(row.trend!.change).toBeCloseTo(2, 12);
  });
  it('shows no number for a suppressed value', () => {
    const row = gapRow({
      indicator: higher,
      municipality: unit(60, 55, 65, { suppressed: true }),
      area: unit(52, 50, 54),
      prefecture: unit(61, 60, 62, { suppressed: true }),
      previous: unit(58, 53, 63),
      target,
    });
    expect(row).toMatchObject({
      status: 'suppressed',
      value: null,
      gap: null,
      achievementRatio: null,
      trend: null,
      standardError: null,
    });
    expect(row.comparison).toEqual({ area: { value: 52, result: null }, prefecture: { value: null, result: null } });
  });
  it('a planned indicator is not yet measurable and shows nothing', () => {
    const row = gapRow({
      indicator: { ...higher, measurable: false },
      municipality: null,
      area: null,
      prefecture: null,
      previous: null,
      target,
    });
    expect(row).toMatchObject({ status: 'not_yet_measurable', value: null, target: null, gap: null, trend: null });
  });
});

describe('one vocabulary with the values', () => {
  it('a value withheld for a statistical reason is not_shown, with its reason, never suppressed', () => {
    const withheld = unit(0, null, null, { value: null, notShown: 'dsr_count_below_minimum' });
    expect(gapStatus(higher, withheld, 70)).toBe('not_shown');
    expect(gapRow({ indicator: higher, municipality: withheld, area: null, prefecture: null, previous: null, target: null }))
      .toMatchObject({ status: 'not_shown', reason: 'dsr_count_below_minimum', value: null });
  });
  it('a count is never compared with its area’s or prefecture’s total', () => {
    const count = { ...higher, kind: 'count' as const, scale: 1 };
    const row = gapRow({
      indicator: count,
      municipality: unit(3, null, null),
      area: unit(40, null, null),
      prefecture: unit(300, null, null),
      previous: null,
      target: null,
    });
    expect(row.comparison).toEqual({ area: { value: null, result: null }, prefecture: { value: null, result: null } });
  });
});
