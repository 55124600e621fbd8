import { describe, expect, it } from 'vitest';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { createDuplicateChecker } from '../../../src/modules/surveys/validate/duplicates.js';
import type { ValidationContext } from '../../../src/modules/surveys/validate/cell.js';
import { validateRow } from '../../../src/modules/surveys/validate/validate-row.js';

const ctx: ValidationContext = { knownMunicipalities: new Set(['472018', '472051', '473821']) };
const needs = getCodebook('needs');
const offices = getCodebook('homecare', 'offices');

const respondent = (over: Record<string, string> = {}) => ({
  respondent_id: 'R001',
  municipality_code: '472018',
  sex: '2',
  age: '78',
  ...over,
});

/** The single error of a needs row with `over` applied. */
function errorOf(over: Record<string, string>, context = ctx) {
  const { errors } = validateRow(needs, respondent(over), 7, context);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('validateRow', () => {
  it('types every column and turns blanks and absent columns into null', () => {
    const { record, errors } = validateRow(
      needs,
      respondent({ weight: '1.5', height_cm: ' 152.5 ', happiness: '８', motor_stairs: '3', daily_area: ' ｶﾅ圏域 ', fall_anxiety: '' }),
      2,
      ctx,
    );
    expect(errors).toEqual([]);
    expect(record).toMatchObject({
      respondent_id: 'R001',
      municipality_code: '472018',
      sex: 2,
      age: 78,
      weight: 1.5,
      height_cm: 152.5,
      happiness: 8,
      motor_stairs: 3,
      daily_area: 'ｶﾅ圏域',
      fall_anxiety: null,
      weight_kg: null,
    });
    expect(Object.keys(record)).toEqual(needs.columns.map((c) => c.id));
  });

  it('normalises full-width digits, leading zeros and thousands separators', () => {
    const { record, errors } = validateRow(
      offices,
      { office_id: 'A1', municipality_code: '４７２０１８', clients_total: '1,200', moved_total: '03', moved_to_family_home: '1', moved_to_residential: '1', moved_to_facility: '1', moved_to_other: '0' },
      2,
      ctx,
    );
    expect(errors).toEqual([]);
    expect(record).toMatchObject({ municipality_code: '472018', clients_total: 1200, moved_total: 3 });
  });

  it.each([
    [{ sex: '' }, 'sex', 'missing_required', '必須項目が空です'],
    [{ age: '七十' }, 'age', 'not_integer', '整数ではありません'],
    [{ age: '70.5' }, 'age', 'not_integer', '整数ではありません'],
    [{ height_cm: '150cm' }, 'height_cm', 'not_number', '数値ではありません'],
    [{ motor_stairs: '4' }, 'motor_stairs', 'code_out_of_list', 'コード表にない値です（1〜3）'],
    [{ sex: '男' }, 'sex', 'code_out_of_list', 'コード表にない値です（1、2）'],
    [{ age: '64' }, 'age', 'out_of_range', '範囲外の値です（65〜120）'],
    [{ age: '121' }, 'age', 'out_of_range', '範囲外の値です（65〜120）'],
    [{ happiness: '11' }, 'happiness', 'out_of_range', '範囲外の値です（0〜10）'],
    [{ weight: '0' }, 'weight', 'out_of_range', '範囲外の値です（0より大きい）'],
    [{ municipality_code: '12345' }, 'municipality_code', 'malformed_municipality_code', '6桁の市町村コードではありません'],
    [{ municipality_code: 'abcdef' }, 'municipality_code', 'malformed_municipality_code', '6桁の市町村コードではありません'],
    [{ municipality_code: '472019' }, 'municipality_code', 'invalid_check_digit', '検査数字が正しくない市町村コードです'],
    [{ municipality_code: '131016' }, 'municipality_code', 'foreign_municipality', '市町村マスタにない市町村コードです'],
    [{ respondent_id: 'x'.repeat(101) }, 'respondent_id', 'too_long', '100文字を超えています'],
  ])('%j → %s %s', (over, column, code, message) => {
    const value = Object.values(over)[0];
    expect(errorOf(over)).toEqual({ row: 7, column, value, code, message });
  });

  it('refuses a municipality other than the bound one', () => {
    const error = errorOf({ municipality_code: '472051' }, { ...ctx, boundMunicipality: '472018' });
    expect(error).toMatchObject({ column: 'municipality_code', value: '472051', code: 'municipality_not_permitted' });
    expect(validateRow(needs, respondent(), 2, { ...ctx, boundMunicipality: '472018' }).errors).toEqual([]);
  });

  it('checks 0/1 flags', () => {
    const clients = getCodebook('homecare', 'clients');
    const base = { client_id: 'C1', office_id: 'A1', municipality_code: '472018' };
    expect(validateRow(clients, { ...base, r_carer_burden: '1', r_cost: '0' }, 2, ctx).record).toMatchObject({
      r_carer_burden: 1,
      r_cost: 0,
      r_other: null,
    });
    const { errors } = validateRow(clients, { ...base, r_carer_burden: '2' }, 2, ctx);
    expect(errors).toEqual([
      { row: 2, column: 'r_carer_burden', value: '2', code: 'invalid_flag', message: '0 または 1 ではありません' },
    ]);
  });

  describe('total_mismatch', () => {
    const office = (total: string, parts: [string, string, string, string]) => ({
      office_id: 'A1',
      municipality_code: '472018',
      moved_total: total,
      moved_to_family_home: parts[0],
      moved_to_residential: parts[1],
      moved_to_facility: parts[2],
      moved_to_other: parts[3],
    });

    it('reports a total that is not the sum of the four destinations, with its own value only', () => {
      const { errors } = validateRow(offices, office('5', ['1', '1', '1', '1']), 3, ctx);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ row: 3, column: 'moved_total', value: '5', code: 'total_mismatch' });
      expect(errors[0].message).toContain('居場所の変更先：その他');
      expect(errors[0].message).not.toMatch(/[0-9]/);
    });

    it('accepts a matching total and skips the check when an item is blank or invalid', () => {
      expect(validateRow(offices, office('4', ['1', '1', '1', '1']), 3, ctx).errors).toEqual([]);
      expect(validateRow(offices, office('5', ['1', '', '1', '1']), 3, ctx).errors).toEqual([]);
      expect(validateRow(offices, office('5', ['1', 'x', '1', '1']), 3, ctx).errors.map((e) => e.code)).toEqual([
        'not_integer',
      ]);
    });
  });

  it('never puts another column of the row into an error', () => {
    const secret = 'ｶﾅ圏域-secret';
    const { errors } = validateRow(needs, respondent({ daily_area: secret, age: '200', sex: '9', motor_stairs: 'x' }), 2, ctx);
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(JSON.stringify(e)).not.toContain('secret');
  });
});

describe('createDuplicateChecker', () => {
  it('reports the second occurrence of a key with the first row in the message', () => {
    const dup = createDuplicateChecker(needs);
    const rec = (id: string) => validateRow(needs, respondent({ respondent_id: id }), 0, ctx).record;
    expect(dup.check(rec('R1'), 2)).toBeNull();
    expect(dup.check(rec('R2'), 3)).toBeNull();
    expect(dup.check(rec(' R1 '), 9)).toEqual({
      row: 9,
      column: 'respondent_id',
      value: 'R1',
      code: 'duplicate_id',
      message: '2行目と重複しています（回答者ID）',
    });
    expect(dup.size).toBe(2);
  });

  it('uses the whole composite key and compares normalised municipality codes', () => {
    const dup = createDuplicateChecker(offices);
    const rec = (office: string, code: string) =>
      validateRow(offices, { office_id: office, municipality_code: code }, 0, ctx).record;
    expect(dup.check(rec('A1', '472018'), 2)).toBeNull();
    expect(dup.check(rec('A1', '472051'), 3)).toBeNull();
    expect(dup.check(rec('A1', '４７２０１８'), 4)).toMatchObject({
      column: 'office_id',
      value: 'A1',
      message: '2行目と重複しています（事業所ID・市町村コード）',
    });
  });

  it('skips rows whose key is blank (staff without staff_id)', () => {
    const staff = getCodebook('workforce', 'staff');
    const dup = createDuplicateChecker(staff);
    const rec = (id: string) => validateRow(staff, { staff_id: id, establishment_id: 'E1' }, 0, ctx).record;
    expect(dup.check(rec(''), 2)).toBeNull();
    expect(dup.check(rec(''), 3)).toBeNull();
    expect(dup.check(rec('S1'), 4)).toBeNull();
    expect(dup.check(rec('S1'), 5)?.code).toBe('duplicate_id');
  });
});
