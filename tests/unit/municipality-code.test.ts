import { describe, expect, it } from 'vitest';
import { isValidMunicipalityCode, municipalityCheckDigit } from '../../src/modules/regions/municipality-code.js';

describe('municipality code check digit (docs/domain.md §1)', () => {
  // Hand-computed: 47201 → S = 6·4+5·7+4·2+3·0+2·1 = 69; 69 mod 11 = 3; (11−3) mod 10 = 8.
  it('computes the check digit of 那覇市 by hand', () => {
    expect(municipalityCheckDigit('47201')).toBe(8);
  });

  it.each([
    ['472018', true, '那覇市'],
    ['472051', true, '宜野湾市'],
    ['473821', true, '与那国町'],
    ['131016', true, '千代田区'],
    ['011002', true, '札幌市'],
    ['472019', false, 'wrong check digit'],
    ['472050', false, 'wrong check digit'],
    ['47201', false, 'five digits'],
    ['4720180', false, 'seven digits'],
    ['abcdef', false, 'not digits'],
    ['', false, 'empty'],
  ])('%s → %s (%s)', (code, valid) => {
    expect(isValidMunicipalityCode(code)).toBe(valid);
  });

  it('takes mod 10 when 11 − S mod 11 is 10 or 11', () => {
    // 47360: S = 24+35+12+18+0 = 89; 89 mod 11 = 1; 11−1 = 10 → 0 (伊是名村 473600).
    expect(municipalityCheckDigit('47360')).toBe(0);
    expect(isValidMunicipalityCode('473600')).toBe(true);
  });
});
