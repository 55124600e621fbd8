import { beforeAll, describe, expect, it } from 'vitest';
import { referenceErrorCodes, referenceMessage } from '../../src/modules/reference/reference.messages.js';
import {
  buildReferenceRules,
  loadReferenceRules,
  type ReferenceRules,
} from '../../src/modules/reference/reference.rules.js';
import { validateReferenceRow, type RowContext } from '../../src/modules/reference/reference.validate.js';

let rules: ReferenceRules;
beforeAll(async () => {
  rules = await loadReferenceRules();
});

const NAHA = '472018';
const CHIYODA = '131016';
const ctx = (boundPrefecture: string | null = null): RowContext => ({
  rules,
  knownMunicipalities: new Set([NAHA, '472051', CHIYODA]),
  boundPrefecture,
  mayLoadNational: boundPrefecture === null,
});
const row = (cells: Partial<Record<string, string>>) => ({
  measure: 'ref.deaths.home',
  municipality_code: NAHA,
  period: '2024',
  value: '12',
  sex: '',
  age_band: '',
  ...cells,
});
const check = (cells: Partial<Record<string, string>>, bound: string | null = null) =>
  validateReferenceRow(row(cells) as Record<string, string>, 7, ctx(bound));
const codes = (cells: Partial<Record<string, string>>, bound: string | null = null) =>
  check(cells, bound).errors.map((e) => [e.column, e.code]);

describe('the shipped reference rules', () => {
  it('know every reference measure, its strata and the deaths sum', () => {
    expect(rules.measures.get('ref.insured.first')).toEqual({
      id: 'ref.insured.first',
      stratified: true,
      national: false,
    });
    expect(rules.measures.get('std.insured.first')).toMatchObject({ stratified: true, national: true });
    expect(rules.measures.has('needs.respondents')).toBe(false);
    expect(rules.sexCodes).toEqual([1, 2]);
    expect(rules.ageBandCodes).toEqual([1, 2, 3, 4, 5]);
    expect(rules.sums[0]).toMatchObject({ total: 'ref.deaths.total' });
    expect(rules.sums[0].parts).toHaveLength(7);
  });

  it('refuse a sum over a measure the catalogue does not have', () => {
    const raw = {
      version: 'x',
      strata: { sex: { 1: '男' }, age_band: { 1: '65-' } },
      national: { code: '000000', label_ja: '全国', measure_prefixes: ['std.'] },
      sums: [{ total: 'ref.deaths.total', label_ja: 't', parts: ['ref.deaths.nowhere'] }],
    };
    expect(() =>
      buildReferenceRules(
        [...rules.measures.values()].map((m) => ({ ...m, label_ja: 'x', source: 'reference', unit: 'persons' })),
        raw,
      ),
    ).toThrow(/ref\.deaths\.nowhere/);
  });

  it('have a Japanese message for every code', () => {
    for (const code of referenceErrorCodes) {
      const message = (referenceMessage as (c: string, p: Record<string, unknown>) => string)(code, {
        bound: '47',
        code: '000000',
        allowed: '1、2',
        given: 1,
        expected: 10,
        firstRow: 2,
        parts: 'a',
        max: '10兆',
        sum: '1',
        label: 'l',
        missing: 'm',
      });
      expect(message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});

describe('validateReferenceRow', () => {
  it('types a valid row; strata are 0 for an unstratified measure', () => {
    expect(check({ value: '１,２３４' })).toEqual({
      record: {
        measure: 'ref.deaths.home',
        municipality: NAHA,
        prefecture: '47',
        period: 2024,
        value: 1234,
        sex: 0,
        ageBand: 0,
      },
      errors: [],
    });
    expect(check({ sex: '0', age_band: '0' }).record).toMatchObject({ sex: 0, ageBand: 0 });
    expect(check({ measure: 'ref.insured.first', sex: '2', age_band: '5' }).record).toMatchObject({
      sex: 2,
      ageBand: 5,
    });
  });

  it('reports unknown measures, survey measures included', () => {
    expect(codes({ measure: 'ref.deaths.garden' })).toEqual([['measure', 'unknown_measure']]);
    expect(codes({ measure: 'needs.respondents' })).toEqual([['measure', 'unknown_measure']]);
  });

  it('reports blank required cells', () => {
    expect(codes({ measure: ' ', value: '' })).toEqual([
      ['measure', 'missing_required'],
      ['value', 'missing_required'],
    ]);
  });

  it('reports non-numeric and negative values, with the cell as written', () => {
    expect(check({ value: '不明' }).errors).toEqual([
      expect.objectContaining({ row: 7, column: 'value', value: '不明', code: 'not_number' }),
    ]);
    expect(codes({ value: '-1' })).toEqual([['value', 'negative_value']]);
    expect(check({ value: '0' }).record?.value).toBe(0);
  });

  it('refuses absurd magnitudes (1e308 would overflow an area sum) and stores -0 as 0', () => {
    for (const v of ['1e308', '1.7976931348623157e308', '10000000000001', '1e14'])
      expect(codes({ value: v })).toEqual([['value', 'value_too_large']]);
    for (const v of ['NaN', 'Infinity', '-Infinity', '1e400', '0x10']) expect(codes({ value: v })).toEqual([['value', 'not_number']]);
    expect(codes({ value: '-1e308' })).toEqual([['value', 'negative_value']]);
    expect(check({ value: '10000000000000' }).record?.value).toBe(1e13);
    expect(Object.is(check({ value: '-0' }).record?.value, 0)).toBe(true);
    expect(Object.is(check({ value: '-0.0' }).record?.value, 0)).toBe(true);
  });

  it('accepts a four-digit year 2000..2100 only', () => {
    for (const bad of ['24', '1999', '2101', '2024.0', 'R6'])
      expect(codes({ period: bad })).toEqual([['period', 'invalid_period']]);
    expect(check({ period: '２０２４' }).record?.period).toBe(2024);
  });

  it('checks municipality codes: shape, check digit, master, prefecture of a bound key', () => {
    expect(codes({ municipality_code: '47201' })).toEqual([['municipality_code', 'malformed_municipality_code']]);
    expect(codes({ municipality_code: '472019' })).toEqual([['municipality_code', 'invalid_check_digit']]);
    expect(codes({ municipality_code: '472026' })).toEqual([['municipality_code', 'foreign_municipality']]);
    expect(codes({ municipality_code: CHIYODA }, '47')).toEqual([['municipality_code', 'municipality_not_permitted']]);
    expect(check({ municipality_code: CHIYODA }).record?.prefecture).toBe('13');
  });

  it('keeps 000000 for std.* measures, std.* for 000000, and national rows for unbound keys', () => {
    expect(codes({ municipality_code: '000000' })).toEqual([['municipality_code', 'national_code_not_allowed']]);
    const std = { measure: 'std.insured.first', sex: '1', age_band: '1' };
    expect(codes({ ...std, municipality_code: NAHA })).toEqual([['municipality_code', 'national_code_required']]);
    expect(codes({ ...std, municipality_code: '000000' }, '47')).toEqual([
      ['municipality_code', 'national_not_permitted'],
    ]);
    expect(check({ ...std, municipality_code: '000000' }).record).toMatchObject({
      prefecture: '00',
      municipality: '000000',
    });
  });

  it('takes a stratified measure as a total (no codes) or a stratum (both codes), and no codes otherwise', () => {
    expect(codes({ measure: 'ref.insured.first' })).toEqual([]);
    expect(check({ measure: 'ref.insured.first', sex: '0', age_band: '' }).record).toMatchObject({ sex: 0, ageBand: 0 });
    expect(codes({ measure: 'ref.insured.first', sex: '1', age_band: '0' })).toEqual([
      ['age_band', 'stratum_required'],
    ]);
    expect(codes({ measure: 'ref.insured.first', sex: '', age_band: '3' })).toEqual([['sex', 'stratum_required']]);
    expect(codes({ sex: '1', age_band: '2' })).toEqual([
      ['sex', 'stratum_not_allowed'],
      ['age_band', 'stratum_not_allowed'],
    ]);
  });

  it('checks strata codes against rules.yaml', () => {
    const stratified = { measure: 'ref.certified.light' };
    expect(codes({ ...stratified, sex: '3', age_band: '1' })).toEqual([['sex', 'code_out_of_list']]);
    expect(codes({ ...stratified, sex: '1', age_band: '6' })).toEqual([['age_band', 'code_out_of_list']]);
    expect(check({ ...stratified, sex: 'M', age_band: '1' }).errors[0].message).toContain('1、2');
  });
});
