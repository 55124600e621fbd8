import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { SurveyFileError } from '../../../src/modules/surveys/parse/errors.js';
import { readSurveyRows, type SurveyReader } from '../../../src/modules/surveys/parse/read-survey-rows.js';

const needs = getCodebook('needs');
const offices = getCodebook('homecare', 'offices');

const source = (text: string | Buffer) => [typeof text === 'string' ? Buffer.from(text) : text];

async function collect(reader: SurveyReader) {
  const rows = [];
  for await (const r of reader.rows) rows.push(r);
  return rows;
}

async function xlsxBuffer(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readSurveyRows headers', () => {
  it('accepts column ids and Japanese labels, full-width and spaced alike', async () => {
    const csv = [
      ' Respondent_ID ,市町村コード,性別,年齢,問２（１）,問2(2) 椅子に座った状態から何もつかまらずに立ち上がっていますか,問5(1)⑤,抽出ウェイト',
      'R1,472018,1,70,1,2,4,1.25',
    ].join('\n');
    const reader = await readSurveyRows(source(csv), { codebook: needs });
    expect(reader.header.errors).toEqual([]);
    expect(reader.header.columns).toEqual([
      'respondent_id', 'municipality_code', 'sex', 'age', 'motor_stairs', 'motor_chair_stand', 'part_kayoi', 'weight',
    ]);
    const [row] = await collect(reader);
    expect(row).toEqual({
      row: 2,
      values: { respondent_id: 'R1', municipality_code: '472018', sex: '1', age: '70', motor_stairs: '1', motor_chair_stand: '2', part_kayoi: '4', weight: '1.25' },
      errors: [],
    });
  });

  it('reports unknown, repeated and missing columns on row 1 before any row', async () => {
    const reader = await readSurveyRows(source('respondent_id,年齢,age,好きな色,sex\nR1,70,71,青,1\n'), { codebook: needs });
    expect(reader.header.errors).toEqual([
      { row: 1, column: 'age', value: 'age', code: 'duplicate_column', message: '同じ列が重複しています（「年齢」と同じ列）' },
      { row: 1, column: '好きな色', value: '好きな色', code: 'unknown_column', message: '不明な列です' },
      {
        row: 1,
        column: 'municipality_code',
        value: '',
        code: 'missing_column',
        message: '必須の列がありません（市町村コード / municipality_code）',
      },
    ]);
    // The first of a repeated column wins; unknown columns are ignored.
    expect((await collect(reader))[0].values).toEqual({ respondent_id: 'R1', age: '70', sex: '1' });
  });

  it('skips blank rows but keeps the row numbers a spreadsheet shows', async () => {
    const csv = '\r\n,,\r\nrespondent_id,sex,age\r\nR1,1,70\r\n,,\r\n\r\n"R2\nsecond line",2,80\r\nR3,1,90\r\n';
    const reader = await readSurveyRows(source(csv), { codebook: needs });
    expect(reader.header.row).toBe(3);
    expect((await collect(reader)).map((r) => [r.row, r.values.respondent_id])).toEqual([
      [4, 'R1'],
      [7, 'R2\nsecond line'],
      [8, 'R3'],
    ]);
  });

  it('reports values under no header and fills short rows with blanks', async () => {
    const reader = await readSurveyRows(source('respondent_id,,sex,age\nR1,x,1\n'), { codebook: needs });
    const [row] = await collect(reader);
    expect(row.values).toEqual({ respondent_id: 'R1', sex: '1', age: '' });
    expect(row.errors).toEqual([
      { row: 2, column: 'B', value: 'x', code: 'cell_outside_columns', message: '見出しのない列に値があります' },
    ]);
  });

  it('keeps a stray quote inside an unquoted cell, as Excel does', async () => {
    const reader = await readSurveyRows(source('respondent_id,daily_area\nR1,5"区\nR2,"a""b"\n'), { codebook: needs });
    expect((await collect(reader)).map((r) => r.values.daily_area)).toEqual(['5"区', 'a"b']);
  });

  it('throws no_header for a file of blank lines and malformed_csv with the row of a broken quote', async () => {
    await expect(readSurveyRows(source('\n\n,,\n'), { codebook: needs })).rejects.toMatchObject({ code: 'no_header' });
    // The parser reads ahead, so the error may come with the header or with the rows.
    const read = async () => collect(await readSurveyRows(source('respondent_id,sex\nR1,1\nR2,"2\nR3,1\n'), { codebook: needs }));
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurveyFileError);
    expect(error).toMatchObject({ code: 'malformed_csv', row: 3 });
  });
});

describe('readSurveyRows XLSX', () => {
  const header = ['office_id', 'municipality_code', 'clients_total', 'moved_total', 'moved_to_family_home', 'moved_to_residential', 'moved_to_facility', 'moved_to_other'];
  const data: unknown[][] = [
    ['A-01', 472018, 120, 5, 1, 2, 2, 0],
    [1001, '472051', 0.1 + 0.2, 1.1, null, 3, { formula: '1+1', result: 2 }, { richText: [{ text: '髙' }, { text: 'ｶﾅ' }] }],
  ];
  const csv = [header.join(','), 'A-01,472018,120,5,1,2,2,0', '1001,472051,0.3,1.1,,3,2,髙ｶﾅ'].join('\r\n');

  it('gives the same row values as the same data in CSV', async () => {
    const fromXlsx = await readSurveyRows(source(await xlsxBuffer({ Sheet1: [header, ...data] })), { codebook: offices });
    const fromCsv = await readSurveyRows(source(csv), { codebook: offices });
    expect(fromXlsx.format).toBe('xlsx');
    expect(fromXlsx.sheet).toBe('Sheet1');
    const xlsxRows = await collect(fromXlsx);
    expect(xlsxRows).toEqual(await collect(fromCsv));
    expect(xlsxRows[1].values).toMatchObject({ office_id: '1001', clients_total: '0.3', moved_total: '1.1', moved_to_other: '髙ｶﾅ' });
  });

  it('reads the sheet named after the part, else the first sheet', async () => {
    const book = await xlsxBuffer({
      説明: [['この票について']],
      clients: [['client_id'], ['C1']],
      offices: [header, ...data],
    });
    const reader = await readSurveyRows(source(book), { codebook: offices });
    expect(reader.sheet).toBe('offices');
    expect(await collect(reader)).toHaveLength(2);
    const first = await readSurveyRows(source(book), { codebook: needs });
    expect(first.sheet).toBe('説明');
    expect(first.header.errors.map((e) => e.code)).toContain('unknown_column');
    await first.close();
  });

  it('accepts a Japanese sheet alias and Japanese headers', async () => {
    const book = await xlsxBuffer({ 表紙: [['x']], 事業所票: [['事業所ID', '市町村コード'], ['A', 472018]] });
    const reader = await readSurveyRows(source(book), { codebook: offices });
    expect(reader.sheet).toBe('事業所票');
    expect((await collect(reader))[0].values).toEqual({ office_id: 'A', municipality_code: '472018' });
  });

  it('refuses a corrupt workbook', async () => {
    const broken = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]);
    await expect(readSurveyRows(source(broken), { codebook: offices })).rejects.toMatchObject({ code: 'malformed_xlsx' });
  });
});
