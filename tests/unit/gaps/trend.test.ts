import { describe, expect, it } from 'vitest';
import type { IndicatorInfo, UnitValue } from '../../../src/modules/gaps/gaps.types.js';
import { poissonRatesZ, trendOf, twoProportionZ } from '../../../src/modules/gaps/trend.js';

const u = (
  value: number,
  sampleSize: number | null,
  count: number | null = null,
  ci: [number, number] | null = null,
): UnitValue => ({
  value,
  lower: ci?.[0] ?? null,
  upper: ci?.[1] ?? null,
  sampleSize,
  count,
  suppressed: false,
});
const prop: IndicatorInfo = {
  id: 'p',
  kind: 'proportion',
  direction: 'higher_is_better',
  scale: 100,
  measurable: true,
};
const rate: IndicatorInfo = { id: 'r', kind: 'rate', direction: 'higher_is_better', scale: 10_000, measurable: true };

describe('two-proportion z-test (pooled)', () => {
  it('30 % → 40 % of 200 each: p̄ = 0.35, z = 0.1/√(0.35·0.65·0.01) = 2.0966, significant', () => {
    expect(twoProportionZ(0.3, 200, 0.4, 200)).toBeCloseTo(0.1 / Math.sqrt(0.002275), 10);
    expect(twoProportionZ(0.3, 200, 0.4, 200)).toBeCloseTo(2.0966, 4);
    const t = trendOf(prop, u(30, 200), u(40, 200))!;
    expect(t).toMatchObject({ assessment: 'better', significant: true, test: 'two_proportion_z' });
  });
  it('30 % → 35 % of 100 each: z = 0.05/√(0.325·0.675·0.02) = 0.7549, not significant', () => {
    expect(twoProportionZ(0.3, 100, 0.35, 100)).toBeCloseTo(0.7549, 4);
    expect(trendOf(prop, u(30, 100), u(35, 100))).toMatchObject({ significant: false, assessment: 'better' });
  });
  it('overlapping CIs can still be a significant change (non-overlap is not the test)', () => {
    // 95 % Wilson CIs of 60/200 ≈ [24.1, 36.7] % and 80/200 ≈ [33.5, 46.9] % overlap.
    expect(trendOf(prop, u(30, 200, null, [24.1, 36.8]), u(40, 200, null, [33.5, 46.9]))!.significant).toBe(true);
  });
  it('a fall in a lower-is-better indicator is better; none-direction says lower', () => {
    expect(trendOf({ ...prop, direction: 'lower_is_better' }, u(40, 200), u(30, 200))!.assessment).toBe('better');
    expect(trendOf({ ...prop, direction: 'none' }, u(40, 200), u(30, 200))!.assessment).toBe('lower');
    expect(trendOf(prop, u(40, 200), u(40, 200))).toMatchObject({ assessment: 'same', z: 0, significant: false });
  });
});

describe('difference of two Poisson rates (pooled score z)', () => {
  it('100 → 130 per 10,000: λ̄ = 0.0115, z = 0.003/√(0.0115·2e-4) = 1.978, significant', () => {
    expect(poissonRatesZ(100, 10_000, 130, 10_000)).toBeCloseTo(0.003 / Math.sqrt(2.3e-6), 10);
    expect(trendOf(rate, u(100, 10_000, 100), u(130, 10_000, 130))).toMatchObject({
      significant: true,
      test: 'poisson_rate_z',
    });
  });
  it('100 → 120 per 10,000: z = 1.348, not significant', () => {
    expect(poissonRatesZ(100, 10_000, 120, 10_000)).toBeCloseTo(1.3484, 4);
    expect(trendOf(rate, u(100, 10_000, 100), u(120, 10_000, 120))!.significant).toBe(false);
  });
  it('is defined when one count is 0', () => {
    expect(poissonRatesZ(0, 1000, 5, 1000)).toBeCloseTo(0.005 / Math.sqrt(0.0025 * 0.002), 10);
  });
});

describe('other kinds', () => {
  it('DSR: normal approximation from each CI', () => {
    const dsr: IndicatorInfo = { ...prop, kind: 'dsr' };
    // SEs 1 and 1 (CI half-width 1.96), change 3 → z = 3/√2 = 2.12
    const z95 = 1.959963984540054;
    const t = trendOf(dsr, u(10, null, null, [10 - z95, 10 + z95]), u(13, null, null, [13 - z95, 13 + z95]))!;
    expect(t.test).toBe('ci_normal');
    expect(t.z).toBeCloseTo(3 / Math.SQRT2, 8);
    expect(t.significant).toBe(true);
  });
  it('counts are not tested; a missing or suppressed side gives no trend', () => {
    const count: IndicatorInfo = { ...prop, kind: 'count', scale: 1 };
    expect(trendOf(count, u(3, null), u(5, null))).toMatchObject({
      change: 2,
      z: null,
      significant: null,
      test: 'none',
    });
    expect(trendOf(prop, null, u(5, 100))).toBeNull();
    expect(trendOf(prop, { ...u(5, 100), suppressed: true }, u(5, 100))).toBeNull();
  });
});
