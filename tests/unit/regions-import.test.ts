import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseMasterCsv } from '../../src/modules/regions/regions.import.js';

const csv = (s: string) => Buffer.from(s, 'utf8');

describe('parseMasterCsv', () => {
  it('parses the Okinawa shape, defaulting welfare area and insurer', () => {
    const r = parseMasterCsv(csv('code,name,medical_area\n472018,那覇市,南部\n'), '47');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { code: '472018', prefectureCode: '47', name: '那覇市', medicalArea: '南部', welfareArea: '南部', insurer: '那覇市', insurerConfirmed: true, position: 1 },
    ]);
  });

  it('accepts Japanese headers and Shift_JIS', () => {
    const body = iconv.encode('市町村コード,市町村名,二次医療圏,保険者,保険者確認\n472018,那覇市,南部,那覇市,inferred\n', 'cp932');
    const r = parseMasterCsv(body, '47');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ name: '那覇市', insurerConfirmed: false });
  });

  it('reports row, column, value and reason for each bad row', () => {
    const r = parseMasterCsv(csv('code,name,medical_area\n472019,那覇市,南部\n472051,,中部\n472051,宜野湾市,中部\n131016,千代田区,区中央部\n'), '47');
    expect(r.errors.map((e) => [e.row, e.column, e.value, e.code])).toEqual([
      [2, 'code', '472019', 'invalid_check_digit'],
      [3, 'name', '', 'required'],
      [4, 'code', '472051', 'duplicate_id'],
      [5, 'code', '131016', 'prefecture_mismatch'],
    ]);
    expect(r.errors[0].message).toMatch(/検査数字/);
  });

  it('rejects unknown and missing columns, and a file without a prefecture', () => {
    const r = parseMasterCsv(csv('code,nom\n472018,x\n'));
    expect(r.errors.map((e) => e.code).sort()).toEqual(['missing_column', 'missing_column', 'missing_prefecture', 'unknown_column']);
  });
});
