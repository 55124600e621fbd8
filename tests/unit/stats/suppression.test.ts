import { describe, it, expect } from 'vitest';
import {
  applyDisclosureControl,
  DEFAULT_DISCLOSURE_RULE,
  primaryCause,
  primarySuppression,
  secondarySuppression,
  type DisclosureUnit,
} from '../../../src/modules/indicators/stats/index.js';

const unit = (id: string, numerator: number | null, denominator: number | null): DisclosureUnit => ({
  id,
  numerator,
  denominator,
});

describe('primarySuppression', () => {
  it('suppresses a denominator below 10', () => {
    const result = primarySuppression([unit('a', 5, 9), unit('b', 5, 10), unit('c', 0, 0)]);
    expect([...result]).toEqual([
      ['a', 'small_denominator'],
      ['c', 'small_denominator'],
    ]);
  });

  it('suppresses a numerator of 1 or 2, not 0 or 3', () => {
    const result = primarySuppression([unit('n0', 0, 50), unit('n1', 1, 50), unit('n2', 2, 50), unit('n3', 3, 50)]);
    expect([...result]).toEqual([
      ['n1', 'small_count'],
      ['n2', 'small_count'],
    ]);
  });

  it('takes a custom rule and never suppresses a unit without data', () => {
    const rule = { minDenominator: 20, smallCountMin: 1, smallCountMax: 4 };
    const result = primarySuppression([unit('a', 4, 100), unit('b', 10, 19), unit('c', 5, 100), unit('d', null, null)], rule);
    expect([...result.keys()]).toEqual(['a', 'b']);
    expect(DEFAULT_DISCLOSURE_RULE).toEqual({ minDenominator: 10, smallCountMin: 1, smallCountMax: 2 });
    expect(() => primaryCause(1, 100, { minDenominator: 10, smallCountMin: 3, smallCountMax: 1 })).toThrow(RangeError);
  });
});

describe('secondarySuppression', () => {
  it('suppresses the next smallest member with data when one member is hidden', () => {
    const units = [unit('a', 1, 30), unit('b', 10, 50), unit('c', 10, 20), unit('d', 10, 100), unit('e', null, null)];
    const result = secondarySuppression({
      units,
      aggregates: [{ id: 'area', memberIds: ['a', 'b', 'c', 'd', 'e'] }],
      primaryUnitIds: ['a'],
    });
    expect([...result.units]).toEqual([
      ['a', 'primary'],
      ['c', 'secondary'],
    ]);
    expect(result.aggregates.size).toBe(0);
  });

  it('suppresses the aggregate when no other member has data', () => {
    const result = secondarySuppression({
      units: [unit('a', 1, 30), unit('b', null, null)],
      aggregates: [{ id: 'insurer', memberIds: ['a', 'b'] }],
      primaryUnitIds: ['a'],
    });
    expect([...result.units]).toEqual([['a', 'primary']]);
    expect([...result.aggregates]).toEqual([['insurer', 'aggregate']]);
  });

  it('leaves an aggregate with two or more hidden members alone', () => {
    const result = secondarySuppression({
      units: [unit('a', 1, 30), unit('b', 2, 40), unit('c', 10, 50)],
      aggregates: [{ id: 'area', memberIds: ['a', 'b', 'c'] }],
      primaryUnitIds: ['a', 'b'],
    });
    expect(result.units.has('c')).toBe(false);
    expect(result.aggregates.size).toBe(0);
  });

  it('breaks denominator ties by id', () => {
    const result = secondarySuppression({
      units: [unit('a', 1, 30), unit('y', 10, 40), unit('x', 10, 40)],
      aggregates: [{ id: 'area', memberIds: ['a', 'y', 'x'] }],
      primaryUnitIds: ['a'],
    });
    expect(result.units.get('x')).toBe('secondary');
    expect(result.units.has('y')).toBe(false);
  });

  it('cascades across overlapping aggregates until stable', () => {
    // area1 = {a, b, c}; insurer = {b, d}; area2 = {d, e}; prefecture = all.
    // a is hidden → area1 hides b (smallest) → insurer now has one hidden (b) → hides d
    // → area2 now has one hidden (d) → hides e; prefecture has a, b, d, e hidden → fine.
    const units = [
      unit('a', 1, 30),
      unit('b', 10, 40),
      unit('c', 10, 90),
      unit('d', 10, 60),
      unit('e', 10, 70),
    ];
    const result = secondarySuppression({
      units,
      aggregates: [
        { id: 'area1', memberIds: ['a', 'b', 'c'] },
        { id: 'area2', memberIds: ['d', 'e'] },
        { id: 'insurer', memberIds: ['b', 'd'] },
        { id: 'prefecture', memberIds: ['a', 'b', 'c', 'd', 'e'] },
      ],
      primaryUnitIds: ['a'],
    });
    expect(Object.fromEntries(result.units)).toEqual({
      a: 'primary',
      b: 'secondary',
      d: 'secondary',
      e: 'secondary',
    });
    expect(result.aggregates.size).toBe(0);
  });

  it('cascades into an aggregate suppression when the chain runs out of members', () => {
    // a hidden → area hides b → insurer {b, z} has z without data → insurer hidden.
    const result = secondarySuppression({
      units: [unit('a', 2, 30), unit('b', 10, 40), unit('z', null, null)],
      aggregates: [
        { id: 'area', memberIds: ['a', 'b'] },
        { id: 'insurer', memberIds: ['b', 'z'] },
      ],
      primaryUnitIds: ['a'],
    });
    expect(Object.fromEntries(result.units)).toEqual({ a: 'primary', b: 'secondary' });
    expect(Object.fromEntries(result.aggregates)).toEqual({ insurer: 'aggregate' });
  });

  it('rejects an aggregate naming an unknown unit', () => {
    expect(() =>
      secondarySuppression({ units: [], aggregates: [{ id: 'x', memberIds: ['nope'] }], primaryUnitIds: [] }),
    ).toThrow(RangeError);
  });
});

describe('applyDisclosureControl', () => {
  it('runs primary on units and aggregates, then secondary', () => {
    const units = [unit('a', 5, 8), unit('b', 20, 100), unit('c', 30, 120), unit('s1', 0, 4), unit('s2', 1, 3)];
    const result = applyDisclosureControl(units, [
      { id: 'area', memberIds: ['a', 'b', 'c'] },
      { id: 'small', memberIds: ['s1', 's2'] }, // Σ denominator 7 < 10 → the aggregate fails too
    ]);
    expect(Object.fromEntries(result.units)).toEqual({
      a: 'primary',
      b: 'secondary',
      s1: 'primary',
      s2: 'primary',
    });
    expect(Object.fromEntries(result.aggregates)).toEqual({ small: 'primary' });
  });

  it('honours an overriding rule', () => {
    const result = applyDisclosureControl([unit('a', 3, 100), unit('b', 50, 100)], [{ id: 'p', memberIds: ['a', 'b'] }], {
      minDenominator: 10,
      smallCountMin: 1,
      smallCountMax: 4,
    });
    expect(Object.fromEntries(result.units)).toEqual({ a: 'primary', b: 'secondary' });
  });
});
