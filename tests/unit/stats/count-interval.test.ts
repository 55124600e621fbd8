import { describe, it, expect } from 'vitest';
import {
  BYARS_MIN_COUNT,
  byarsLimits,
  countLimits,
  exactPoissonLimits,
  rateWithCI,
  scaleToRate,
} from '../../../src/modules/indicators/stats/index.js';

// Reference: PHEindicatormethods, phe_rate(df, obs, pop) (per 100,000, 95 %) and
// phe_rate(df, obs, pop, confidence = 99.8, multiplier = 100), printed in the package vignette
// inst/doc/IntroductiontoPHEindicatormethods.html (repo ukhsa-collaboration/PHEindicatormethods,
// commit d7dcb0a1ce3a5fb2b59f94d525bd470872778176). The vignette's method column says 'Byars'
// for every row but 8 / 155, which is 'Exact'.
// [count, population, lower95 per 100k, upper95 per 100k, lower998 per 100, upper998 per 100]
const PHE_RATES: [number, number, number, number, number, number][] = [
  [68, 174, 30346.142, 49544.53, 26.042038, 56.07105],
  [86, 189, 36395.152, 56196.03, 31.822578, 62.81142],
  [18, 179, 5956.701, 15893.43, 4.259916, 19.77478],
  [29, 107, 18147.416, 38925.56, 14.132552, 46.57906],
  [99, 102, 78882.763, 118166.76, 69.665053, 131.16634],
  [74, 102, 56964.372, 91079.88, 49.230487, 102.60273],
  [8, 155, 2228.279, 10169.8, 1.271493, 13.64916],
  [94, 114, 66631.239, 100906.46, 58.634753, 112.2878],
];

const Z95 = 1.959963984540054; // Φ⁻¹(0.975)

/** |actual − expected| within a relative tolerance (the vignette prints at least 7 significant digits, so ±5e-7). */
function expectRel(actual: number, expected: number, rel = 5e-7): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * rel);
}

describe('rateWithCI', () => {
  it.each(PHE_RATES)('matches PHEindicatormethods phe_rate for %i / %i', (o, n, l95, u95, l998, u998) => {
    const r95 = rateWithCI(o, n, 100_000, 0.95)!;
    expect(r95.value).toBeCloseTo((o / n) * 100_000, 9);
    expectRel(r95.lower, l95);
    expectRel(r95.upper, u95);
    expect(r95.method).toBe(o < 10 ? 'exact' : 'byars');
    const r998 = rateWithCI(o, n, 100, 0.998)!;
    expectRel(r998.lower, l998);
    expectRel(r998.upper, u998);
  });

  it('returns null for an empty population', () => {
    expect(rateWithCI(0, 0, 10_000)).toBeNull();
  });
});

describe('byarsLimits', () => {
  it("follows Byar's formula worked by hand (O = 10, 95 %)", () => {
    const lower = 10 * (1 - 1 / 90 - Z95 / (3 * Math.sqrt(10))) ** 3;
    const upper = 11 * (1 - 1 / 99 + Z95 / (3 * Math.sqrt(11))) ** 3;
    const ci = byarsLimits(10, 0.95);
    expect(ci.lower).toBeCloseTo(lower, 12);
    expect(ci.upper).toBeCloseTo(upper, 12);
    expect(ci.lower).toBeCloseTo(4.7874, 4);
    expect(ci.upper).toBeCloseTo(18.3915, 4);
  });

  it('is undefined at 0', () => {
    expect(() => byarsLimits(0)).toThrow(RangeError);
  });
});

describe('exactPoissonLimits', () => {
  it('gives [0, −ln(α/2)] at O = 0 (P(X = 0 | μ) = e^−μ)', () => {
    const ci = exactPoissonLimits(0, 0.95);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(-Math.log(0.025), 10);
    // Daly (1992) table, as quoted by epitools::pois.exact docs: upper limit 3.689 for x = 0.
    expect(ci.upper).toBeCloseTo(3.689, 3);
    expect(exactPoissonLimits(0, 0.998).upper).toBeCloseTo(-Math.log(0.001), 10);
  });

  it('gives lower = −ln(1 − α/2) at O = 1 (P(X ≥ 1 | μ) = 1 − e^−μ)', () => {
    expect(exactPoissonLimits(1, 0.95).lower).toBeCloseTo(-Math.log(0.975), 12);
  });

  it('makes the tail probabilities equal α/2 at O = 2 (checked by the Poisson sums)', () => {
    const { lower, upper } = exactPoissonLimits(2, 0.95);
    // P(X ≥ 2 | lower) = 1 − e^−μ(1 + μ) = 0.025; P(X ≤ 2 | upper) = e^−μ(1 + μ + μ²/2) = 0.025
    expect(1 - Math.exp(-lower) * (1 + lower)).toBeCloseTo(0.025, 12);
    expect(Math.exp(-upper) * (1 + upper + (upper * upper) / 2)).toBeCloseTo(0.025, 12);
  });
});

describe('countLimits', () => {
  it(`switches from exact to Byar's at ${BYARS_MIN_COUNT}`, () => {
    expect(countLimits(9).method).toBe('exact');
    expect(countLimits(10).method).toBe('byars');
    expect(countLimits(9)).toEqual({ ...exactPoissonLimits(9), method: 'exact' });
    expect(countLimits(10, 0.998)).toEqual({ ...byarsLimits(10, 0.998), method: 'byars' });
  });

  it("keeps Byar's within 0.2 % of exact at 10 (95 %)", () => {
    const b = byarsLimits(10);
    const e = exactPoissonLimits(10);
    expect(Math.abs(b.lower / e.lower - 1)).toBeLessThan(0.002);
    expect(Math.abs(b.upper / e.upper - 1)).toBeLessThan(0.002);
  });
});

describe('scaleToRate', () => {
  it('divides by the population and multiplies by the factor', () => {
    expect(scaleToRate({ lower: 5, upper: 20 }, 1000, 10_000)).toEqual({ lower: 50, upper: 200 });
    expect(() => scaleToRate({ lower: 0, upper: 1 }, 0, 100)).toThrow(RangeError);
  });
});
