/** Disclosure control, coverage and provenance in the engine's output (docs/domain.md §5, docs/disclosure.md). */
import { describe, expect, it } from 'vitest';
import { auditDisclosure } from '../../../src/modules/disclosure/audit.js';
import { totalsOf } from '../../../src/modules/disclosure/engine-hook.js';
import { publishedCells } from '../../../src/modules/disclosure/published.js';
import { disclosureRuleOf } from '../../../src/modules/indicators/engine/disclosure.js';
import { computeIndicator } from '../../../src/modules/indicators/engine/engine.js';
import { reportingUnits } from '../../../src/modules/indicators/engine/units.js';
import type { ActiveIndicator } from '../../../src/modules/logic-models/logic-models.definitions.js';
import type { EngineInput } from '../../../src/modules/indicators/engine/engine.js';
import type { IndicatorValue } from '../../../src/modules/indicators/engine/types.js';
import { A, B, C, D, E, catalogue, geography, indicator, input, terms, unit } from './fixture.js';

const ind = indicator({ id: 'p' });
// C fails the rule (2 of 40); E has no data.
const base = input({
  [A]: { 'x.num': 15, 'x.den': 50 },
  [B]: { 'x.num': 5, 'x.den': 30 },
  [C]: { 'x.num': 2, 'x.den': 40 },
  [D]: { 'x.num': 30, 'x.den': 100 },
});
const values = computeIndicator(ind, base);

/** Every risk the independent auditor finds in the engine's output, for every role. */
const risks = (inds: ActiveIndicator[], data: EngineInput, out: IndicatorValue[]) =>
  auditDisclosure({
    catalogue,
    indicators: inds,
    units: reportingUnits(geography),
    totals: totalsOf(data.measures),
    published: publishedCells(out),
  }).risks;

describe('disclosure control in the engine', () => {
  it('hides a small count with no numbers at all, and says only `suppressed`', () => {
    expect(unit(values, 'municipality', C)).toMatchObject({
      status: 'suppressed',
      reason: 'suppressed',
      numerator: null,
      denominator: null,
      value: null,
      ci95: null,
      ci998: null,
      undecidable: null,
      contributing: 1,
      members: 1,
    });
    expect(values.filter((v) => v.status === 'suppressed').every((v) => v.reason === 'suppressed')).toBe(true);
  });

  it('hides the single-municipality insurer of C with it (the same numbers)', () => {
    expect(unit(values, 'insurer', 'C村')).toMatchObject({ status: 'suppressed', value: null });
  });

  it('hides more until the auditor finds nothing, for every role', () => {
    expect(values.filter((v) => v.status === 'suppressed').length).toBeGreaterThan(2);
    expect(risks([ind], base, values)).toEqual([]);
  });

  it('keeps shown aggregates computed from all their members, hidden ones included', () => {
    for (const v of values.filter((x) => x.level !== 'municipality' && x.status === 'shown')) {
      const members = reportingUnits(geography).find((u) => u.id === `${v.level}:${v.code}`)!.members;
      const num = members.reduce((s, m) => s + Number(base.measures.get(m)?.get('x.num')?.[0].value ?? 0), 0);
      expect(v.numerator, v.code).toBe(num);
    }
  });

  it('reports coverage so a partial total is not mistaken for a whole one', () => {
    expect(unit(values, 'municipality', E)).toMatchObject({ status: 'no_data', contributing: 0, members: 1 });
    expect(unit(values, 'insurer', 'E村')).toMatchObject({ status: 'no_data', contributing: 0 });
    expect(unit(values, 'prefecture', '99')).toMatchObject({ contributing: 4, members: 5 });
  });

  it('hides a complement of 1-2 (everyone but one or two)', () => {
    const data = input({ [A]: { 'x.num': 48, 'x.den': 50 }, [B]: { 'x.num': 5, 'x.den': 30 }, [D]: { 'x.num': 30, 'x.den': 100 } });
    const out = computeIndicator(ind, data);
    expect(unit(out, 'municipality', A)).toMatchObject({ status: 'suppressed' });
    expect(risks([ind], data, out)).toEqual([]);
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
    expect(unit(out, 'municipality', D)).toMatchObject({ status: 'suppressed', reason: 'suppressed' });
  });

  it('hides a 判定不能 count of 1-2 alone, keeping the value beside it', () => {
    const u = indicator({ id: 'u', undecidable: 'und' });
    const data = input({
      [A]: { 'x.num': 15, 'x.den': 50, und: 4 },
      [B]: { 'x.num': 5, 'x.den': 30, und: 6 },
      [C]: { 'x.num': 12, 'x.den': 40, und: 1 },
      [D]: { 'x.num': 30, 'x.den': 100, und: 7 },
    });
    const out = computeIndicator(u, data);
    expect(unit(out, 'municipality', C)).toMatchObject({ status: 'shown', value: 30, undecidable: null });
    expect(risks([u], data, out)).toEqual([]);
  });

  it('checks only the denominator when the rule has no small-count pair, and nothing for none', () => {
    const age = indicator({ id: 'age', kind: 'ratio', unit: 'years', factor: 1, ci: 'none', disclosure: { min_denominator: 10 } });
    expect(disclosureRuleOf(age, catalogue)).toMatchObject({ minDenominator: 10 });
    const small = computeIndicator(age, input({ [A]: { 'x.num': 2, 'x.den': 10 } }));
    expect(unit(small, 'municipality', A)).toMatchObject({ status: 'shown', value: 0.2 });
    const few = computeIndicator(age, input({ [D]: { 'x.num': 700, 'x.den': 9 } }));
    expect(unit(few, 'municipality', D)).toMatchObject({ status: 'suppressed', reason: 'suppressed' });
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
