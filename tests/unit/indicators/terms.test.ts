/** Reading measures into the parts of an indicator: totals, signed sums and what counts as data. */
import { describe, expect, it } from 'vitest';
import { municipalityParts, sumParts } from '../../../src/modules/indicators/engine/parts.js';
import { measureTotal, sumTerms } from '../../../src/modules/indicators/engine/terms.js';
import { indicator, terms } from './fixture.js';

const cell = (sex: number, ageBand: number, value: number) => ({ sex, ageBand, value });

describe('measureTotal', () => {
  it('takes the (0, 0) total row when stored', () => {
    expect(measureTotal([cell(0, 0, 100), cell(1, 1, 40), cell(2, 1, 50)])).toBe(100);
  });
  it('sums the full strata when only strata are stored, ignoring margins', () => {
    expect(measureTotal([cell(1, 1, 40), cell(2, 1, 50), cell(1, 0, 40)])).toBe(90);
  });
  it('is undefined when the measure is not stored', () => {
    expect(measureTotal(undefined)).toBeUndefined();
  });
});

describe('parts', () => {
  const cells = (v: Record<string, number>) => new Map(Object.entries(v).map(([m, x]) => [m, [cell(0, 0, x)]]));

  it('adds and subtracts terms', () => {
    const ts = [...terms('a', 'b'), { measure: 'c', sign: -1 as const }];
    expect(sumTerms(ts, cells({ a: 10, b: 5, c: 3 }))).toBe(12);
  });

  it('has no data without a denominator measure, and counts a missing numerator measure as 0', () => {
    const p = indicator({ id: 'p' });
    expect(municipalityParts(p, cells({ 'x.num': 3 }))).toBeNull();
    expect(municipalityParts(p, cells({ 'x.den': 40 }))).toMatchObject({ numerator: 0, denominator: 40 });
  });

  it('sums every part of the members with data, and gives null when none has data', () => {
    const p = indicator({ id: 'p' });
    const a = municipalityParts(p, cells({ 'x.num': 3, 'x.den': 40 }));
    const b = municipalityParts(p, cells({ 'x.num': 7, 'x.den': 60 }));
    expect(sumParts([a, null, b])).toMatchObject({ numerator: 10, denominator: 100, disclosureNumerator: 10 });
    expect(sumParts([null, null])).toBeNull();
  });
});
