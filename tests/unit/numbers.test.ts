import { describe, expect, it } from 'vitest';
import { clean, cleanNumbers, display, sampleSizeOut } from '../../src/shared/numbers.js';

describe('clean: full precision without binary-float noise', () => {
  it('drops the noise of sums and ratios, keeps integers and meaningful digits', () => {
    expect(clean(37.99999999999999)).toBe(38);
    expect(clean(0.1 + 0.2)).toBe(0.3);
    expect(clean((1 / 3) * 100)).toBe(33.3333333333333);
    expect(clean(31.578947368421055)).toBe(31.5789473684211);
    expect(clean(1.1 * 3)).toBe(3.3); // 3.3000000000000003
    expect(clean(12345)).toBe(12345);
    expect(clean(-0.000001234567890123456)).toBe(-0.00000123456789012346);
    expect(clean(null)).toBeNull();
    expect(clean(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
  it('cleans every number of a serialised answer', () => {
    expect(JSON.stringify({ a: [37.99999999999999, { b: 0.1 + 0.2 }], c: 'x', d: null }, cleanNumbers)).toBe(
      '{"a":[38,{"b":0.3}],"c":"x","d":null}',
    );
  });
});

describe('display: as a label shows it', () => {
  it('rounds half up to the unit’s decimals', () => {
    expect(display(31.649999999999, 'percent')).toBe('31.6');
    expect(display(31.65, 'percent')).toBe('31.7'); // 四捨五入, not banker's rounding
    expect(display(37.99999999999999, 'percent')).toBe('38.0');
    expect(display(12.345, 'per_10k')).toBe('12.3');
    expect(display(81234.5, 'yen_per_month')).toBe('81,235');
    expect(display(1.005, null)).toBe('1.01'); // a ratio: 2 decimals
    expect(display(null, 'percent')).toBeNull();
  });
  it('gives effective sample sizes to one decimal', () => {
    expect(sampleSizeOut(37.99999999999999)).toBe(38);
    expect(sampleSizeOut(80.04999)).toBe(80);
    expect(sampleSizeOut(80.05)).toBe(80.1);
    expect(sampleSizeOut(null)).toBeNull();
  });
});
