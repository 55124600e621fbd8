import { describe, expect, it } from 'vitest';
import {
  funnelGrid,
  funnelLimit,
  funnelPlot,
  funnelZone,
  proportionLimits,
  rateLimits,
} from '../../../src/modules/gaps/funnel.js';
import { wilson } from '../../../src/modules/indicators/stats/index.js';

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

describe('proportion funnel (score / Wilson limits)', () => {
  it('p0 = 0.5, n = 100: 0.5 ± z·0.05', () => {
    const l = proportionLimits(0.5, 100, 0.95);
    expect(l.lower).toBeCloseTo(0.5 - Z95 * 0.05, 12);
    expect(l.upper).toBeCloseTo(0.5 + Z95 * 0.05, 12);
    const f = funnelLimit('proportion', 50, 100, 100);
    expect(f.lower95).toBeCloseTo(40.20018, 4);
    expect(f.upper95).toBeCloseTo(59.79982, 4);
    expect(f.lower998).toBeCloseTo(50 - Z998 * 5, 10);
    expect(f.upper998).toBeCloseTo(50 + Z998 * 5, 10);
  });
  it('narrows as the denominator grows and clips at 0 and 1', () => {
    expect(funnelLimit('proportion', 50, 100, 400).upper95).toBeCloseTo(50 + Z95 * 2.5, 10);
    expect(proportionLimits(0.02, 10, 0.998).lower).toBe(0);
  });
  it('outside the funnel ⇔ the comparator outside the unit’s Wilson interval', () => {
    for (let x = 30; x <= 70; x++) {
      const ci = wilson(x, 100, 0.95)!;
      const outsideWilson = 0.5 < ci.lower || 0.5 > ci.upper;
      const outsideFunnel = funnelZone(x, funnelLimit('proportion', 50, 100, 100)) !== 'within';
      expect(outsideFunnel).toBe(outsideWilson);
    }
  });
});

describe('rate funnel (Byar on the expected count)', () => {
  it('r0 = 100 per 10,000, n = 10,000: E = 100', () => {
    const e = 100;
    const lower = e * (1 - 1 / (9 * e) - Z95 / (3 * Math.sqrt(e))) ** 3;
    const upper = (e + 1) * (1 - 1 / (9 * (e + 1)) + Z95 / (3 * Math.sqrt(e + 1))) ** 3;
    const f = funnelLimit('rate', 100, 10_000, 10_000);
    expect(f.lower95).toBeCloseTo(lower, 10); // 81.36 per 10,000
    expect(f.upper95).toBeCloseTo(upper, 10); // 121.63
    expect(f.lower95).toBeCloseTo(81.36, 1);
    expect(f.upper95).toBeCloseTo(121.63, 1);
  });
  it('E = 0 uses the exact upper limit −ln(0.025) = 3.689', () => {
    const l = rateLimits(0, 1000, 0.95);
    expect(l.lower).toBe(0);
    expect(l.upper * 1000).toBeCloseTo(-Math.log(0.025), 8);
  });
});

describe('funnel zones, grid and plot', () => {
  const l = { denominator: 1, lower95: 40, upper95: 60, lower998: 35, upper998: 65 };
  it('zones, a value on a limit being inside it', () => {
    expect([60, 61, 66, 39, 34, 35].map((v) => funnelZone(v, l))).toEqual([
      'within',
      'above_95',
      'above_998',
      'below_95',
      'below_998',
      'below_95',
    ]);
  });
  it('grid spans half the smallest to 1.5 × the largest denominator and holds each', () => {
    const g = funnelGrid([100, 1000], 5);
    expect(g[0]).toBeCloseTo(50, 8);
    expect(g.at(-1)).toBeCloseTo(1500, 8);
    expect(g).toContain(100);
    expect(g).toContain(1000);
  });
  it('suppressed units are not plotted; DSRs have no funnel', () => {
    const unit = (value: number, n: number, suppressed = false) => ({
      value,
      lower: null,
      upper: null,
      sampleSize: n,
      count: null,
      suppressed,
    });
    const plot = funnelPlot('proportion', 50, 100, [
      { id: 'a', unit: unit(62, 100) },
      { id: 'b', unit: unit(10, 5, true) },
    ])!;
    expect(plot.points).toEqual([{ id: 'a', denominator: 100, value: 62, zone: 'above_95' }]);
    expect(plot.limits.some((x) => x.denominator === 5)).toBe(false);
    expect(funnelPlot('dsr', 50, 100, [])).toBeNull();
  });

  it('no funnel around a comparator outside the kind’s range (a proportion of 118.9 %, a negative rate), instead of an error', () => {
    const unit = { value: 130, lower: null, upper: null, sampleSize: 40, count: null, suppressed: false };
    expect(funnelPlot('proportion', 118.9, 100, [{ id: 'a', unit }])).toBeNull();
    expect(funnelPlot('rate', -3, 10_000, [{ id: 'a', unit }])).toBeNull();
    // At the edges the funnel is drawn: 100 % and a rate of 0.
    expect(funnelPlot('proportion', 100, 100, [{ id: 'a', unit: { ...unit, value: 100 } }])).not.toBeNull();
    expect(funnelPlot('rate', 0, 10_000, [{ id: 'a', unit }])).not.toBeNull();
  });
});

describe('effective n from a Wilson interval', () => {
  it('recovers n from the interval it was computed on', async () => {
    const { effectiveNFromWilson } = await import('../../../src/modules/gaps/unit-value.js');
    for (const [x, n] of [
      [30, 100],
      [1, 12],
      [250, 1000],
      [0, 40],
    ]) {
      const ci = wilson(x, n, 0.95)!;
      expect(effectiveNFromWilson(x / n, ci.lower, ci.upper)).toBeCloseTo(n, 6);
    }
  });
});
