import { describe, it, expect } from 'vitest';
import { plainCount, ratioOfSums } from '../../../src/modules/indicators/stats/index.js';

describe('ratioOfSums', () => {
  it('divides the sums and applies the factor', () => {
    // mean age of the newly certified: Σ ages 8,150 over 100 people = 81.5 years
    expect(ratioOfSums(8150, 100)).toBe(81.5);
    // monthly benefit per insured: ¥1,200,000 a year ÷ 12 ÷ 50 insured = ¥2,000
    expect(ratioOfSums(1_200_000, 50, 1 / 12)).toBeCloseTo(2000, 9);
  });

  it('returns null for a zero denominator and rejects non-finite sums', () => {
    expect(ratioOfSums(5, 0)).toBeNull();
    expect(() => ratioOfSums(Number.NaN, 3)).toThrow(RangeError);
  });
});

describe('plainCount', () => {
  it('sums the parts that are present', () => {
    // 定期巡回 3 + 小多機 57 + 看多機 8 (Okinawa, R6.3)
    expect(plainCount([3, 57, 8])).toBe(68);
    expect(plainCount([3, null, undefined, 0])).toBe(3);
  });

  it('returns null when nothing is present and rejects negative parts', () => {
    expect(plainCount([null, undefined])).toBeNull();
    expect(plainCount([])).toBeNull();
    expect(() => plainCount([-1])).toThrow(RangeError);
  });
});
