import { describe, it, expect } from 'vitest';
import { weightedProportion, wilson, zForLevel } from '../../../src/modules/indicators/stats/index.js';

// Reference: PHEindicatormethods, phe_proportion(df, obs, pop) and confidence = 99.8, printed in
// the package vignette inst/doc/IntroductiontoPHEindicatormethods.html
// (repo ukhsa-collaboration/PHEindicatormethods, commit d7dcb0a1ce3a5fb2b59f94d525bd470872778176).
// [x, n, lower95, upper95, lower998, upper998]
const PHE_PROPORTIONS: [number, number, number, number, number, number][] = [
  [68, 174, 0.32141284, 0.4649137, 0.28504658, 0.5079248],
  [86, 189, 0.38563304, 0.52621164, 0.34795803, 0.566421],
  [18, 179, 0.06455836, 0.15334331, 0.05014823, 0.1914304],
  [29, 107, 0.19583556, 0.36209159, 0.16118061, 0.4183973],
  [99, 102, 0.91706943, 0.98994755, 0.86653064, 0.9940736],
  [74, 102, 0.63189437, 0.80271793, 0.57419464, 0.8381782],
  [8, 155, 0.0263821, 0.09853151, 0.01832319, 0.1369464],
  [94, 114, 0.74449994, 0.88346241, 0.69079867, 0.9081514],
];

// Standard normal quantiles Φ⁻¹(0.975) and Φ⁻¹(0.999) as tabulated (R: qnorm).
const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

describe('zForLevel', () => {
  it('takes z from the normal quantile', () => {
    expect(zForLevel(0.95)).toBeCloseTo(Z95, 12);
    expect(zForLevel(0.998)).toBeCloseTo(Z998, 12);
  });

  it('rejects levels given as percentages', () => {
    expect(() => zForLevel(95)).toThrow(RangeError);
    expect(() => zForLevel(0)).toThrow(RangeError);
  });
});

describe('wilson', () => {
  it.each(PHE_PROPORTIONS)('matches PHEindicatormethods for %i / %i', (x, n, l95, u95, l998, u998) => {
    const ci95 = wilson(x, n, 0.95)!;
    expect(ci95.lower).toBeCloseTo(l95, 8);
    expect(ci95.upper).toBeCloseTo(u95, 7);
    const ci998 = wilson(x, n, 0.998)!;
    expect(ci998.lower).toBeCloseTo(l998, 8);
    expect(ci998.upper).toBeCloseTo(u998, 7);
  });

  it('matches the score formula worked by hand (x = 5, n = 20, 95 %)', () => {
    const z2 = Z95 * Z95;
    const root = Z95 * Math.sqrt(z2 + 4 * 5 * 0.75);
    const ci = wilson(5, 20)!;
    expect(ci.lower).toBeCloseTo((10 + z2 - root) / (2 * (20 + z2)), 14);
    expect(ci.upper).toBeCloseTo((10 + z2 + root) / (2 * (20 + z2)), 14);
    expect(ci.lower).toBeCloseTo(0.1118617, 6);
    expect(ci.upper).toBeCloseTo(0.4687009, 6);
  });

  it('gives [0, z²/(n+z²)] at x = 0 and [n/(n+z²), 1] at x = n', () => {
    const z2 = Z95 * Z95;
    expect(wilson(0, 10)).toEqual({ lower: 0, upper: expect.closeTo(z2 / (10 + z2), 14) });
    expect(wilson(10, 10)).toEqual({ lower: expect.closeTo(10 / (10 + z2), 14), upper: 1 });
  });

  it('is wider at 99.8 % than at 95 %', () => {
    const a = wilson(30, 100, 0.95)!;
    const b = wilson(30, 100, 0.998)!;
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });

  it('returns null when n = 0', () => {
    expect(wilson(0, 0)).toBeNull();
  });

  it('rejects impossible inputs', () => {
    expect(() => wilson(-1, 10)).toThrow(RangeError);
    expect(() => wilson(11, 10)).toThrow(RangeError);
    expect(() => wilson(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe('weightedProportion (Kish effective n)', () => {
  it('computes p, n_eff and Wilson on (p·n_eff, n_eff) — worked by hand', () => {
    // weights 1, 1, 2, 2; positives are the first 1 and the first 2
    // Σw = 6, Σw(pos) = 3, Σw² = 10 → p = 0.5, n_eff = 36 / 10 = 3.6, x = 1.8
    const r = weightedProportion({ sumW: 6, sumWPos: 3, sumW2: 10 })!;
    expect(r.value).toBe(0.5);
    expect(r.nEff).toBeCloseTo(3.6, 14);
    const z2 = Z95 * Z95;
    const root = Z95 * Math.sqrt(z2 + 4 * 1.8 * 0.5);
    expect(r.ci.lower).toBeCloseTo((3.6 + z2 - root) / (2 * (3.6 + z2)), 12);
    expect(r.ci.upper).toBeCloseTo((3.6 + z2 + root) / (2 * (3.6 + z2)), 12);
  });

  it('equals the unweighted Wilson interval with unit weights', () => {
    const r = weightedProportion({ sumW: 174, sumWPos: 68, sumW2: 174 })!;
    expect(r.nEff).toBe(174);
    expect(r.ci.lower).toBeCloseTo(0.32141284, 8);
    expect(r.ci.upper).toBeCloseTo(0.4649137, 7);
  });

  it('handles all-positive answers and no decidable answers', () => {
    expect(weightedProportion({ sumW: 0.3, sumWPos: 0.3, sumW2: 0.03 })!.ci.upper).toBe(1);
    expect(weightedProportion({ sumW: 0, sumWPos: 0, sumW2: 0 })).toBeNull();
  });

  it('rejects inconsistent sums', () => {
    expect(() => weightedProportion({ sumW: 2, sumWPos: 3, sumW2: 2 })).toThrow(RangeError);
    expect(() => weightedProportion({ sumW: 2, sumWPos: 1, sumW2: 0 })).toThrow(RangeError);
  });
});
