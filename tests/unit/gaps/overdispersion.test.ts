import { describe, expect, it } from 'vitest';
import { funnelLimit, funnelPlot, unitsOverdispersion } from '../../../src/modules/gaps/funnel.js';
import type { UnitValue } from '../../../src/modules/gaps/gaps.types.js';
import { estimateOverdispersion, quantileSorted } from '../../../src/modules/gaps/overdispersion.js';
import { rankPriorities, type PriorityInput } from '../../../src/modules/gaps/priority.js';
import { applied } from '../../../src/modules/gaps/report.js';
import type { ResolvedTarget } from '../../../src/modules/targets/targets.inherit.js';

// Five units of n = 100 around θ₀ = 0.2: s = √(0.2·0.8/100) = 0.04 for each, so
// z = (y − 0.2)/0.04 = −2.5, −1.25, 0, 1.25, 2.5. The 10th/90th percentiles (type 7) are
// −2.5 + 0.4·1.25 = −2.0 and 1.25 + 0.6·1.25 = 2.0, so the Winsorised z are −2, −1.25, 0, 1.25, 2
// and φ = (4 + 1.5625 + 0 + 1.5625 + 4)/5 = 2.225. Iφ = 11.125 > I − 1 = 4, w = 1/0.04² = 625,
// Σw = 3125, Σw²/Σw = 625, so τ² = (11.125 − 4)/(3125 − 625) = 0.00285.
const spread = [0.1, 0.15, 0.2, 0.25, 0.3].map((value) => ({ value, n: 100 }));

describe('Spiegelhalter overdispersion (hand-computed)', () => {
  it('percentiles interpolate linearly', () => {
    expect(quantileSorted([-2.5, -1.25, 0, 1.25, 2.5], 0.1)).toBeCloseTo(-2.0, 12);
    expect(quantileSorted([-2.5, -1.25, 0, 1.25, 2.5], 0.9)).toBeCloseTo(2.0, 12);
  });
  it('φ and τ² of an overdispersed proportion', () => {
    const d = estimateOverdispersion('proportion', 0.2, spread);
    expect(d.phi).toBeCloseTo(2.225, 12);
    expect(d.tau2).toBeCloseTo(0.00285, 12);
    expect(d.units).toBe(5);
  });
  it('τ² = 0 when the units vary no more than chance, or are too few', () => {
    expect(estimateOverdispersion('proportion', 0.2, spread.map((u) => ({ ...u, value: 0.2 }))).tau2).toBe(0);
    expect(estimateOverdispersion('proportion', 0.2, spread.slice(0, 4)).tau2).toBe(0);
    expect(estimateOverdispersion('rate', 0, spread).tau2).toBe(0);
  });
  it('a rate uses the Poisson null SE √(θ₀/n)', () => {
    // θ₀ = 0.01 per person, n = 10,000: s = 0.001; values 0.008…0.012 give z = −2, −1, 0, 1, 2,
    // Winsorised to −1.6, −1, 0, 1, 1.6: φ = (2.56 + 1 + 0 + 1 + 2.56)/5 = 1.424, Iφ = 7.12 > 4,
    // w = 10⁶ each: Σw − Σw²/Σw = 5·10⁶ − 10⁶ = 4·10⁶, τ² = 3.12/4e6 = 7.8e−7.
    const units = [0.008, 0.009, 0.01, 0.011, 0.012].map((value) => ({ value, n: 10_000 }));
    const d = estimateOverdispersion('rate', 0.01, units);
    expect(d.phi).toBeCloseTo(1.424, 12);
    expect(d.tau2).toBeCloseTo(7.8e-7, 15);
  });
  it('widens the funnel limits: θ₀ ± z·√(s² + τ²)', () => {
    // n = 100: √(0.0016 + 0.00285) = 0.0667083…; × 1.959964 = 0.130746 → 6.925 … 33.075 %.
    const l = funnelLimit('proportion', 20, 100, 100, 0.00285);
    expect(l.lower95).toBeCloseTo(20 - 13.0746, 3);
    expect(l.upper95).toBeCloseTo(20 + 13.0746, 3);
    const exact = funnelLimit('proportion', 20, 100, 100);
    expect(exact.upper95 - exact.lower95).toBeLessThan(l.upper95 - l.lower95);
  });
  it('suppressed units take no part, and a unit inside the widened funnel is within', () => {
    const u = (value: number, extra: Partial<UnitValue> = {}): { id: string; unit: UnitValue } => ({
      id: String(value),
      unit: { value, lower: null, upper: null, sampleSize: 100, count: null, suppressed: false, ...extra },
    });
    const units = [10, 15, 20, 25, 30].map((v) => u(v));
    const withHidden = [...units, u(90, { suppressed: true, value: null })];
    const d = unitsOverdispersion('proportion', 'random_effects', 20, 100, withHidden)!;
    expect(d.tau2).toBeCloseTo(0.00285, 12);
    expect(unitsOverdispersion('proportion', 'none', 20, 100, units)).toBeNull();
    expect(unitsOverdispersion('count', 'random_effects', 20, 1, units)).toBeNull();
    // 30 % at n = 100 lies above the exact 95 % limit (20 + 1.96·4 ≈ 27.8 %), inside the widened one (33.1 %).
    const plain = funnelPlot('proportion', 20, 100, units)!;
    const wide = funnelPlot('proportion', 20, 100, units, d)!;
    expect(plain.points.find((p) => p.id === '30')!.zone).toBe('above_95');
    expect(wide.points.find((p) => p.id === '30')!.zone).toBe('within');
  });
});

describe('priorities never put a value without a CI ahead of a significant shortfall', () => {
  const item = (p: Partial<PriorityInput>): PriorityInput => ({
    municipality: '472018',
    indicator: 'x',
    status: 'not_achieved_significant',
    gap: 1,
    target: 10,
    standardError: 1,
    ...p,
  });
  it('significant, then not significant, then not judged (no CI)', () => {
    const ranked = rankPriorities([
      item({ indicator: 'count', status: 'not_achieved', gap: 50, standardError: null }),
      item({ indicator: 'ns', status: 'not_achieved_not_significant', gap: 1, standardError: 2 }),
      item({ indicator: 'sig', gap: 3, standardError: 1 }),
    ]);
    expect(ranked.map((r) => r.indicator)).toEqual(['sig', 'ns', 'count']);
    expect(ranked[2]).toMatchObject({ standardisedDistance: null, relativeGap: 5 });
  });
});

describe('an inherited target carries no baseline', () => {
  const r = (source: ResolvedTarget['source']): ResolvedTarget => ({
    id: 't',
    indicatorId: 'x',
    scope: source,
    scopeCode: '47',
    targetYear: 2026,
    targetValue: 20,
    baselineYear: 2022,
    baselineValue: 15,
    source,
  });
  it('own target: baseline kept; inherited: none (so no progress ratio)', () => {
    expect(applied(r('municipality'))).toMatchObject({ baselineYear: 2022, baselineValue: 15 });
    expect(applied(r('prefecture'))).toMatchObject({ baselineYear: null, baselineValue: null, source: 'prefecture' });
    expect(applied(r('area'), 'area')).toMatchObject({ baselineValue: 15 });
  });
});
