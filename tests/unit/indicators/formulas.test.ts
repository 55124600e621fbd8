/**
 * Every formula kind against values computed by hand (scipy for the normal and chi-square
 * quantiles), for one municipality and for an area from its summed parts.
 */
import { describe, expect, it } from 'vitest';
import { computeIndicator } from '../../../src/modules/indicators/engine/engine.js';
import { A, B, C, D, indicator, input, terms, unit } from './fixture.js';

const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 9);
const ci = (actual: { lower: number; upper: number } | null, lower: number, upper: number) => {
  expect(actual).not.toBeNull();
  close(actual!.lower, lower);
  close(actual!.upper, upper);
};

describe('proportion, Wilson', () => {
  const ind = indicator({ id: 'p' });
  const values = computeIndicator(ind, input({ [D]: { 'x.num': 30, 'x.den': 100 } }));

  it('is numerator ÷ denominator × 100 with Wilson 95 % and 99.8 % limits', () => {
    const d = unit(values, 'municipality', D);
    expect(d).toMatchObject({ status: 'shown', reason: null, numerator: 30, denominator: 100, value: 30, ruleVersion: '7' });
    ci(d.ci95, 21.894885294932763, 39.584854633346666);
    ci(d.ci998, 18.10162717665872, 45.385210314539506);
  });
});

describe('proportion, weighted (Kish n_eff)', () => {
  const ind = indicator({
    id: 'w',
    numerator: terms('w.pos'),
    denominator: terms('w.dec'),
    ci: 'wilson_weighted',
    weights: { sumsq: 'w.sq' },
    disclosure_counts: { numerator: terms('n.pos'), denominator: terms('n.dec') },
    undecidable: 'und',
  });
  const values = computeIndicator(
    ind,
    input({
      [A]: { 'w.pos': 12.5, 'w.dec': 40, 'w.sq': 60, 'n.pos': 10, 'n.dec': 35, und: 3 },
      [D]: { 'w.pos': 20, 'w.dec': 50, 'w.sq': 55, 'n.pos': 16, 'n.dec': 45, und: 5 },
    }),
  );

  it('uses Wilson on n_eff = (Σw)² / Σw² and reports the undecidable count', () => {
    const a = unit(values, 'municipality', A);
    expect(a).toMatchObject({ status: 'shown', numerator: 12.5, denominator: 40, value: 31.25, undecidable: 3 });
    ci(a.ci95, 16.994773189056684, 50.227073973782275);
    ci(a.ci998, 11.884639663644236, 60.50340948331912);
  });

  it('sums Σw, Σw positive, Σw² and the undecidable counts for the prefecture', () => {
    const p = unit(values, 'prefecture', '99');
    expect(p).toMatchObject({ numerator: 32.5, denominator: 90, undecidable: 8 });
    close(p.value, 36.11111111111111);
    ci(p.ci95, 25.88247230828354, 47.77637604647079);
    ci(p.ci998, 21.090005701423888, 54.44867762609377);
  });
});

describe('rate per 10,000, Byar / exact Poisson', () => {
  const ind = indicator({ id: 'r', kind: 'rate', unit: 'per_10k', factor: 10_000, ci: 'byar' });
  const values = computeIndicator(
    ind,
    input({ [A]: { 'x.num': 25, 'x.den': 5000 }, [B]: { 'x.num': 4, 'x.den': 3000 } }),
  );

  it("uses Byar's limits from 10 events", () => {
    const a = unit(values, 'municipality', A);
    close(a.value, 50);
    ci(a.ci95, 32.348531843314404, 73.81290138437072);
    ci(a.ci998, 24.6089185728105, 89.34956035515616);
  });

  it('uses exact Poisson limits below 10 events', () => {
    const b = unit(values, 'municipality', B);
    close(b.value, 13.333333333333332);
    ci(b.ci95, 3.632884578754417, 34.138628918012316);
    ci(b.ci998, 1.4285080454280765, 49.3138307417907);
  });

  it('gives the area the rate of its summed events and population', () => {
    const north = unit(values, 'area', '北');
    expect(north).toMatchObject({ numerator: 29, denominator: 8000, contributing: 2, members: 3 });
    close(north.value, 36.25);
    ci(north.ci95, 24.272168982849458, 52.06293473896894);
    ci(north.ci998, 18.90228801332267, 62.29949004725875);
  });
});

describe('directly standardised rate, Dobson', () => {
  const ind = indicator({
    id: 'dsr',
    kind: 'dsr',
    numerator: terms('ref.cases'),
    denominator: terms('ref.pop'),
    standard: 'std.pop',
    strata: ['sex', 'age_band'],
    ci: 'dsr_dobson',
    direction: 'lower_is_better',
  });
  const standard = { 'std.pop': { '1:1': 1000, '1:2': 500, '2:1': 1200, '2:2': 800 } };
  const values = computeIndicator(
    ind,
    input(
      {
        [A]: { 'ref.cases': { '1:1': 10, '1:2': 20, '2:1': 12, '2:2': 30 }, 'ref.pop': { '1:1': 1000, '1:2': 400, '2:1': 1100, '2:2': 500 } },
        [B]: { 'ref.cases': { '1:1': 1, '1:2': 2, '2:1': 1, '2:2': 3 }, 'ref.pop': { '1:1': 100, '1:2': 50, '2:1': 120, '2:2': 60 } },
      },
      standard,
    ),
  );

  it('standardises by sex × age band on the standard population', () => {
    const a = unit(values, 'municipality', A);
    expect(a).toMatchObject({ status: 'shown', numerator: 72, denominator: 3000 });
    close(a.value, 2.745454545454545);
    ci(a.ci95, 2.1387025589587787, 3.4687059480931857);
    ci(a.ci998, 1.838939139115323, 3.9180706844702247);
  });

  it('is not shown on fewer than 10 events, keeping its counts', () => {
    expect(unit(values, 'municipality', B)).toMatchObject({
      status: 'not_shown',
      reason: 'dsr_count_below_minimum',
      numerator: 7,
      denominator: 330,
      value: null,
      ci95: null,
    });
  });

  it('standardises an area on its summed strata', () => {
    const north = unit(values, 'area', '北');
    expect(north).toMatchObject({ status: 'shown', numerator: 79, denominator: 3330 });
    close(north.value, 2.696405338091521);
    ci(north.ci95, 2.1262770244194606, 3.370567712578031);
    ci(north.ci998, 1.8424486135399307, 3.788140221821587);
  });

  it('says not_standardisable where a member gives totals only, keeping its crude counts', () => {
    // A: strata; B: the same measures as totals alone (72 cases in 3,000 persons).
    const mixed = computeIndicator(
      ind,
      input(
        {
          [A]: { 'ref.cases': { '1:1': 10, '1:2': 20, '2:1': 12, '2:2': 30 }, 'ref.pop': { '1:1': 1000, '1:2': 400, '2:1': 1100, '2:2': 500 } },
          [B]: { 'ref.cases': 72, 'ref.pop': 3000 },
        },
        standard,
      ),
    );
    close(unit(mixed, 'municipality', A).value, 2.745454545454545);
    expect(unit(mixed, 'municipality', B)).toMatchObject({
      status: 'not_shown',
      reason: 'not_standardisable',
      numerator: 72,
      denominator: 3000,
      value: null,
    });
    // The area sums A's strata with B's totals: no strata cover it whole.
    expect(unit(mixed, 'area', '北')).toMatchObject({ status: 'not_shown', reason: 'not_standardisable', numerator: 144 });
  });

  it('uses the strata for the DSR and the total for the counts when both are given', () => {
    const strata = { '1:1': 10, '1:2': 20, '2:1': 12, '2:2': 30 };
    const pop = { '1:1': 1000, '1:2': 400, '2:1': 1100, '2:2': 500 };
    const both = computeIndicator(
      ind,
      input({ [A]: { 'ref.cases': { ...strata, '0:0': 72 }, 'ref.pop': { ...pop, '0:0': 3000 } } }, standard),
    );
    expect(unit(both, 'municipality', A)).toMatchObject({ status: 'shown', numerator: 72, denominator: 3000 });
    close(unit(both, 'municipality', A).value, 2.745454545454545);
  });

  it('computes a crude rate from totals alone', () => {
    const crude = indicator({ id: 'crude', kind: 'rate', unit: 'per_10k', factor: 10_000, numerator: terms('ref.cases'), denominator: terms('ref.pop'), ci: 'byar' });
    const values = computeIndicator(crude, input({ [B]: { 'ref.cases': 72, 'ref.pop': 3000 } }));
    expect(unit(values, 'municipality', B)).toMatchObject({ status: 'shown', value: 240 });
  });

  it('says so when the period has no standard population', () => {
    const none = computeIndicator(ind, input({ [A]: { 'ref.cases': { '1:1': 10 }, 'ref.pop': { '1:1': 1000 } } }));
    expect(unit(none, 'municipality', A)).toMatchObject({ status: 'not_shown', reason: 'no_standard_population' });
  });
});

describe('ratio of sums and counts', () => {
  it('divides by the divisor and shows no interval (benefit per insured per month)', () => {
    const ind = indicator({ id: 'benefit', kind: 'ratio', unit: 'yen_per_month', factor: 1, divisor: 12, ci: 'none', disclosure: 'none' });
    const values = computeIndicator(ind, input({ [A]: { 'x.num': 1_200_000, 'x.den': 100 }, [B]: { 'x.num': 360_000, 'x.den': 20 } }));
    expect(unit(values, 'municipality', A)).toMatchObject({ value: 1000, ci95: null, ci998: null });
    // (1,200,000 + 360,000) / 12 / 120 — a ratio of sums, not the mean of 1000 and 1500.
    close(unit(values, 'area', '北').value, 1083.3333333333333);
  });

  it('means as a ratio of sums (mean age of the newly certified)', () => {
    const ind = indicator({ id: 'age', kind: 'ratio', unit: 'years', factor: 1, ci: 'none', disclosure: { min_denominator: 10 } });
    const values = computeIndicator(ind, input({ [A]: { 'x.num': 780, 'x.den': 10 }, [D]: { 'x.num': 1620, 'x.den': 20 } }));
    expect(unit(values, 'municipality', A).value).toBe(78);
    expect(unit(values, 'prefecture', '99').value).toBe(80);
  });

  it('sums count terms, with no denominator, interval or suppression', () => {
    const ind = indicator({ id: 'offices', kind: 'count', unit: 'count', factor: 1, numerator: terms('o.a', 'o.b', 'o.c'), denominator: undefined, ci: 'none', disclosure: 'none' });
    const values = computeIndicator(ind, input({ [A]: { 'o.a': 3, 'o.b': 1, 'o.c': 0 }, [B]: { 'o.a': 0, 'o.b': 1, 'o.c': 1 } }));
    expect(unit(values, 'municipality', B)).toMatchObject({ status: 'shown', numerator: 2, denominator: null, value: 2, ci95: null });
    expect(unit(values, 'area', '北')).toMatchObject({ value: 6, contributing: 2, members: 3 });
    expect(unit(values, 'municipality', C)).toMatchObject({ status: 'no_data', value: null });
  });
});

describe('signed terms', () => {
  it('subtracts terms with sign -1 (turnover: separations ÷ (staff − hires + separations))', () => {
    const ind = indicator({
      id: 'turnover',
      numerator: terms('sep.r', 'sep.n'),
      denominator: [...terms('staff.r', 'staff.n'), { measure: 'hire.r', sign: -1 }, { measure: 'hire.n', sign: -1 }, ...terms('sep.r', 'sep.n')],
    });
    const values = computeIndicator(
      ind,
      input({ [A]: { 'sep.r': 5, 'sep.n': 3, 'staff.r': 40, 'staff.n': 20, 'hire.r': 10, 'hire.n': 5 } }),
    );
    expect(unit(values, 'municipality', A)).toMatchObject({ numerator: 8, denominator: 53 });
    close(unit(values, 'municipality', A).value, (8 / 53) * 100);
  });
});
