/** Disclosure control, coverage and provenance in the engine's output (docs/domain.md §5). */
import { describe, expect, it } from 'vitest';
import { disclosureRuleOf } from '../../../src/modules/indicators/engine/disclosure.js';
import { computeIndicator } from '../../../src/modules/indicators/engine/engine.js';
import { A, B, C, D, E, catalogue, indicator, input, terms, unit } from './fixture.js';

const ind = indicator({ id: 'p' });
// C fails the rule (2 of 40); E has no data.
const values = computeIndicator(
  ind,
  input({
    [A]: { 'x.num': 15, 'x.den': 50 },
    [B]: { 'x.num': 5, 'x.den': 30 },
    [C]: { 'x.num': 2, 'x.den': 40 },
    [D]: { 'x.num': 30, 'x.den': 100 },
  }),
);

describe('primary and secondary suppression', () => {
  it('hides a small count, with no numbers at all', () => {
    expect(unit(values, 'municipality', C)).toMatchObject({
      status: 'suppressed',
      reason: 'small_count',
      numerator: null,
      denominator: null,
      value: null,
      ci95: null,
      ci998: null,
      undecidable: null,
      contributing: 1,
      members: 1,
    });
  });

  it('hides the next smallest member of the area (B), then of the insurer it leaves exposed (A)', () => {
    expect(unit(values, 'municipality', B)).toMatchObject({ status: 'suppressed', reason: 'secondary' });
    expect(unit(values, 'municipality', A)).toMatchObject({ status: 'suppressed', reason: 'secondary' });
    expect(unit(values, 'municipality', D)).toMatchObject({ status: 'shown', value: 30 });
  });

  it('hides an aggregate that fails the rule on its own sums', () => {
    expect(unit(values, 'insurer', 'C村')).toMatchObject({ status: 'suppressed', reason: 'small_count', value: null });
  });

  it('hides an aggregate whose one hidden member has no shown member beside it', () => {
    // A fails; 連合 (A, D) then hides D; 南 (D, E without data) would reveal D, so it goes too.
    const out = computeIndicator(ind, input({ [A]: { 'x.num': 2, 'x.den': 40 }, [D]: { 'x.num': 30, 'x.den': 100 } }));
    expect(unit(out, 'municipality', D)).toMatchObject({ status: 'suppressed', reason: 'secondary' });
    expect(unit(out, 'area', '南')).toMatchObject({ status: 'suppressed', reason: 'aggregate', numerator: null });
    expect(unit(out, 'prefecture', '99')).toMatchObject({ status: 'shown', numerator: 32, denominator: 140 });
  });

  it('shows aggregates from all their members, hidden ones included', () => {
    expect(unit(values, 'area', '北')).toMatchObject({ status: 'shown', numerator: 22, denominator: 120, contributing: 3, members: 3 });
    expect(unit(values, 'insurer', '連合')).toMatchObject({ numerator: 50, denominator: 180 });
    expect(unit(values, 'prefecture', '99')).toMatchObject({ numerator: 52, denominator: 220, contributing: 4, members: 5 });
  });

  it('reports coverage so a partial total is not mistaken for a whole one', () => {
    expect(unit(values, 'area', '南')).toMatchObject({ status: 'shown', value: 30, contributing: 1, members: 2 });
    expect(unit(values, 'municipality', E)).toMatchObject({ status: 'no_data', contributing: 0, members: 1 });
    expect(unit(values, 'insurer', 'E村')).toMatchObject({ status: 'no_data', contributing: 0 });
  });

  it('never leaves exactly one hidden member in a shown aggregate', () => {
    const aggregates = values.filter((v) => v.level !== 'municipality' && v.status === 'shown');
    const byCode = new Map(values.filter((v) => v.level === 'municipality').map((v) => [v.code, v]));
    const members: Record<string, string[]> = {
      '北': [A, B, C], '南': [D, E], '連合': [A, B, D], '99': [A, B, C, D, E],
    };
    for (const a of aggregates) {
      const hidden = (members[a.code] ?? []).filter((c) => byCode.get(c)!.status === 'suppressed');
      expect(hidden.length, a.code).not.toBe(1);
    }
  });

  it('tests the unweighted disclosure counts, not the weighted sums', () => {
    const w = indicator({
      id: 'w',
      numerator: terms('w.pos'),
      denominator: terms('w.dec'),
      ci: 'wilson_weighted',
      weights: { sumsq: 'w.sq' },
      disclosure_counts: { numerator: terms('n.pos'), denominator: terms('n.dec') },
    });
    const out = computeIndicator(w, input({ [D]: { 'w.pos': 20, 'w.dec': 50, 'w.sq': 55, 'n.pos': 2, 'n.dec': 45 } }));
    expect(unit(out, 'municipality', D)).toMatchObject({ status: 'suppressed', reason: 'small_count' });
  });

  it('checks only the denominator when the rule has no small-count pair, and nothing for none', () => {
    const age = indicator({ id: 'age', kind: 'ratio', unit: 'years', factor: 1, ci: 'none', disclosure: { min_denominator: 10 } });
    expect(disclosureRuleOf(age, catalogue)).toMatchObject({ minDenominator: 10 });
    const small = computeIndicator(age, input({ [A]: { 'x.num': 2, 'x.den': 10 } }));
    expect(unit(small, 'municipality', A)).toMatchObject({ status: 'shown', value: 0.2 });
    const few = computeIndicator(age, input({ [D]: { 'x.num': 700, 'x.den': 9 } }));
    expect(unit(few, 'municipality', D)).toMatchObject({ status: 'suppressed', reason: 'small_denominator' });
    const open = indicator({ id: 'open', disclosure: 'none' });
    expect(disclosureRuleOf(open, catalogue)).toBeNull();
    const shown = computeIndicator(open, input({ [C]: { 'x.num': 1, 'x.den': 3 } }));
    expect(unit(shown, 'municipality', C)).toMatchObject({ status: 'shown', numerator: 1, denominator: 3 });
  });
});

describe('provenance', () => {
  it('lists the current uploads of the members for every origin the indicator reads', () => {
    const dsr = indicator({
      id: 'dsr', kind: 'dsr', numerator: terms('ref.cases'), denominator: terms('ref.pop'), standard: 'std.pop',
      strata: ['sex', 'age_band'], ci: 'dsr_dobson',
    });
    const provenance = {
      origins: new Map([['ref.cases', 'reference'], ['ref.pop', 'reference'], ['std.pop', 'reference']]),
      uploads: new Map([['reference', new Map([[A, ['u-a']], [B, ['u-b']], [D, ['u-d']], ['000000', ['u-std']]])]]),
    };
    const out = computeIndicator(dsr, input({}, {}, provenance));
    expect(unit(out, 'municipality', A).uploads).toEqual(['u-a', 'u-std']);
    expect(unit(out, 'area', '北').uploads).toEqual(['u-a', 'u-b', 'u-std']);
    expect(unit(out, 'prefecture', '99').uploads).toEqual(['u-a', 'u-b', 'u-d', 'u-std']);
    expect(unit(out, 'prefecture', '99').ruleVersion).toBe('7');
  });
});
