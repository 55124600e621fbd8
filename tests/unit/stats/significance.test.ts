import { describe, it, expect } from 'vitest';
import { compareWithCI, exactEstimate, targetStatus } from '../../../src/modules/indicators/stats/index.js';

const ci = { lower: 30, upper: 40 };

describe('compareWithCI (Fingertips)', () => {
  it('is similar when the comparator lies inside or on the interval', () => {
    for (const comparator of [30, 35, 40]) {
      expect(compareWithCI(ci, comparator, 'higher_is_better')).toBe('similar');
    }
  });

  it('judges by direction when the comparator is outside', () => {
    // comparator below the interval: the unit is significantly higher
    expect(compareWithCI(ci, 25, 'higher_is_better')).toBe('better');
    expect(compareWithCI(ci, 25, 'lower_is_better')).toBe('worse');
    // comparator above the interval: the unit is significantly lower
    expect(compareWithCI(ci, 45, 'higher_is_better')).toBe('worse');
    expect(compareWithCI(ci, 45, 'lower_is_better')).toBe('better');
  });

  it('says higher / lower for an indicator without direction', () => {
    expect(compareWithCI(ci, 25, 'none')).toBe('higher');
    expect(compareWithCI(ci, 45, 'none')).toBe('lower');
    expect(compareWithCI(ci, 35, 'none')).toBe('similar');
  });
});

describe('targetStatus', () => {
  it('is achieved when the value reaches the target in its direction', () => {
    expect(targetStatus({ value: 50, lower: 45, upper: 55 }, 50, 'higher_is_better')).toBe('achieved');
    expect(targetStatus({ value: 20, lower: 15, upper: 25 }, 20, 'lower_is_better')).toBe('achieved');
  });

  it('is significant when the whole interval is on the wrong side', () => {
    expect(targetStatus({ value: 40, lower: 35, upper: 45 }, 50, 'higher_is_better')).toBe('not_achieved_significant');
    expect(targetStatus({ value: 30, lower: 25, upper: 35 }, 20, 'lower_is_better')).toBe('not_achieved_significant');
  });

  it('is not significant when the interval contains the target (limits included)', () => {
    expect(targetStatus({ value: 45, lower: 40, upper: 55 }, 50, 'higher_is_better')).toBe('not_achieved_not_significant');
    expect(targetStatus({ value: 45, lower: 40, upper: 50 }, 50, 'higher_is_better')).toBe('not_achieved_not_significant');
    expect(targetStatus({ value: 25, lower: 20, upper: 30 }, 20, 'lower_is_better')).toBe('not_achieved_not_significant');
  });

  it('treats a value without an interval as exact', () => {
    expect(exactEstimate(5)).toEqual({ value: 5, lower: 5, upper: 5 });
    expect(targetStatus(exactEstimate(5), 8, 'higher_is_better')).toBe('not_achieved_significant');
    expect(targetStatus(exactEstimate(8), 8, 'higher_is_better')).toBe('achieved');
  });
});
