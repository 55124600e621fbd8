import { describe, it, expect } from 'vitest';
import {
  directlyStandardisedRate,
  exactPoissonLimits,
  type DsrShown,
  type DsrStratum,
} from '../../../src/modules/indicators/stats/index.js';

// Reference: PHEindicatormethods DSR vignette, the "zero deaths in some age bands" example:
// pops2 / deaths2 with NA deaths replaced by 0, phe_dsr(df3, dths, pop) with the default esp2013
// standard population, 95 %, per 100,000 → value 8283.016, lowercl 6570.819, uppercl 10289.65.
// Source: inst/doc/DSR-vignette.html (repo ukhsa-collaboration/PHEindicatormethods, commit
// 423d2627e3698400e522e53c217bbc9d1efcba7e); esp2013 from man/esp2013.Rd of the same repo.
// phe_dsr feeds Byar's limits of the total count into Dobson's formula (R/phe_DSR.R), so the
// reference is reproduced with countLimits: 'byars'.
const ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000];
const POPS2 = [30, 35, 35, 35, 40, 40, 45, 50, 50, 50, 60, 60, 70, 75, 70, 60, 20, 20, 15];
const DEATHS3 = [1, 1, 0, 0, 0, 1, 1, 3, 3, 3, 3, 10, 10, 10, 10, 8, 8, 8, 8];
const VIGNETTE: DsrStratum[] = POPS2.map((population, i) => ({
  count: DEATHS3[i],
  population,
  standardPopulation: ESP2013[i],
}));

function shown(result: ReturnType<typeof directlyStandardisedRate>): DsrShown {
  expect(result.status).toBe('shown');
  return result as DsrShown;
}

describe('directlyStandardisedRate', () => {
  it('matches PHEindicatormethods phe_dsr (Dobson with Byar’s total-count limits)', () => {
    const r = shown(directlyStandardisedRate(VIGNETTE, { countLimits: 'byars' }));
    expect(r.totalCount).toBe(88);
    expect(r.value).toBeCloseTo(8283.016, 3);
    expect(r.lower).toBeCloseTo(6570.819, 3);
    expect(r.upper).toBeCloseTo(10289.65, 2);
  });

  it('uses exact Poisson limits of the total by default, within 0.01 % of the reference here', () => {
    const r = shown(directlyStandardisedRate(VIGNETTE));
    expect(r.value).toBeCloseTo(8283.016, 3);
    expect(Math.abs(r.lower / 6570.819 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(r.upper / 10289.65 - 1)).toBeLessThan(1e-4);
  });

  it('follows Dobson’s formula worked by hand (two strata)', () => {
    // DSR = (1000·4/1000 + 1000·8/2000) / 2000 = 0.004; var = (1²·4 + 0.5²·8) / 2000² = 1.5e-6
    // limit = DSR + √(var / 12) · (O_limit − 12), ×100,000
    const strata = [
      { count: 4, population: 1000, standardPopulation: 1000 },
      { count: 8, population: 2000, standardPopulation: 1000 },
    ];
    const { lower: oL, upper: oU } = exactPoissonLimits(12, 0.95);
    const r = shown(directlyStandardisedRate(strata));
    expect(r.value).toBeCloseTo(400, 10);
    expect(r.lower).toBeCloseTo((0.004 + Math.sqrt(1.5e-6 / 12) * (oL - 12)) * 1e5, 9);
    expect(r.upper).toBeCloseTo((0.004 + Math.sqrt(1.5e-6 / 12) * (oU - 12)) * 1e5, 9);
    expect(r.totalPopulation).toBe(3000);
  });

  it('equals the crude rate when every stratum has the same rate, at the chosen factor and level', () => {
    const strata = [
      { count: 10, population: 1000, standardPopulation: 3 },
      { count: 30, population: 3000, standardPopulation: 1 },
    ];
    const r95 = shown(directlyStandardisedRate(strata, { factor: 100 }));
    expect(r95.value).toBeCloseTo(1, 12);
    const r998 = shown(directlyStandardisedRate(strata, { factor: 100, level: 0.998 }));
    expect(r998.lower).toBeLessThan(r95.lower);
    expect(r998.upper).toBeGreaterThan(r95.upper);
  });

  it('is not shown when the total count is below 10', () => {
    const strata = [
      { count: 4, population: 1000, standardPopulation: 1000 },
      { count: 5, population: 2000, standardPopulation: 1000 },
    ];
    expect(directlyStandardisedRate(strata)).toEqual({
      status: 'not_shown',
      reason: 'total_count_below_minimum',
      totalCount: 9,
      totalPopulation: 3000,
    });
    expect(directlyStandardisedRate(strata, { minTotalCount: 5 }).status).toBe('shown');
    strata[1].count = 6;
    expect(directlyStandardisedRate(strata).status).toBe('shown');
  });

  it('skips empty strata and rejects events without population', () => {
    const base = [{ count: 12, population: 100, standardPopulation: 1 }];
    const withEmpty = [...base, { count: 0, population: 0, standardPopulation: 1 }];
    expect(shown(directlyStandardisedRate(withEmpty)).value).toBeCloseTo(6000, 9);
    expect(() =>
      directlyStandardisedRate([...base, { count: 1, population: 0, standardPopulation: 1 }]),
    ).toThrow(RangeError);
    expect(() => directlyStandardisedRate([{ count: 12, population: 100, standardPopulation: 0 }])).toThrow(
      RangeError,
    );
  });
});
