import { describe, it, expect } from 'vitest';
import { roundHalfUp } from '../../../src/modules/indicators/stats/index.js';

describe('roundHalfUp', () => {
  it('rounds halves up to one decimal by default', () => {
    expect(roundHalfUp(12.25)).toBe(12.3);
    expect(roundHalfUp(12.24)).toBe(12.2);
    expect(roundHalfUp(0.05)).toBe(0.1);
    expect(roundHalfUp(39.08046)).toBe(39.1);
  });

  it('rounds the written half despite binary noise (as Excel ROUND does)', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01); // Math.round(1.005 * 100) / 100 gives 1
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(1.45, 1)).toBe(1.5);
    expect(roundHalfUp(0.1 + 0.2, 1)).toBe(0.3);
  });

  it('rounds negative halves away from zero and never returns −0', () => {
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(roundHalfUp(-1.25, 1)).toBe(-1.3);
    expect(Object.is(roundHalfUp(-0.04, 1), 0)).toBe(true);
  });

  it('handles other digit counts and non-finite values', () => {
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(123.456789, 4)).toBe(123.4568);
    expect(roundHalfUp(Number.NaN, 1)).toBeNaN();
    expect(() => roundHalfUp(1, -1)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 1.5)).toThrow(RangeError);
  });
});
