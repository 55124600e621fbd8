import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isValidMunicipalityCode,
  municipalityCheckDigit,
} from '../../../src/modules/surveys/validate/municipality-code.js';

describe('isValidMunicipalityCode', () => {
  it.each([
    ['472018', true], // 那覇市
    ['472051', true], // 宜野湾市
    ['473821', true], // 与那国町
    ['472019', false],
    ['472050', false],
    ['12345', false],
    ['abcdef', false],
    ['', false],
    ['４７２０１８', false], // full-width: validateRow normalises before calling
    ['4720180', false],
  ])('%s → %s', (code, valid) => {
    expect(isValidMunicipalityCode(code)).toBe(valid);
  });

  it('computes the check digit of docs/domain.md §1', () => {
    expect(municipalityCheckDigit('47201')).toBe(8);
    expect(municipalityCheckDigit('47205')).toBe(1);
  });

  it('accepts every code of the Okinawa master', () => {
    const lines = readFileSync(new URL('../../../fixtures/regions/okinawa-municipalities.csv', import.meta.url), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(lines).toHaveLength(41);
    for (const line of lines) expect(isValidMunicipalityCode(line.split(',')[0])).toBe(true);
  });
});
