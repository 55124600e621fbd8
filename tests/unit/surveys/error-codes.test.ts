import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK, MACRO, simpleXlsx, zipBombs } from '../../../src/fixtures/hostile.js';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import type { XlsxLimits } from '../../../src/modules/surveys/parse/xlsx-guard.js';
import { surveyErrorCodes, type SurveyErrorCode } from '../../../src/modules/surveys/messages.js';
import { SurveyFileError } from '../../../src/modules/surveys/parse/errors.js';
import { readSurveyRows } from '../../../src/modules/surveys/parse/read-survey-rows.js';
import { createDuplicateChecker } from '../../../src/modules/surveys/validate/duplicates.js';
import { validateRow } from '../../../src/modules/surveys/validate/validate-row.js';
import { validateWave } from '../../../src/modules/surveys/validate/wave.js';

const ctx = { knownMunicipalities: new Set(['472018', '472051']), boundMunicipality: '472018' };
const needs = getCodebook('needs');
const offices = getCodebook('homecare', 'offices');
const clients = getCodebook('homecare', 'clients');

/** Reads a whole file through the public API: header errors, row errors and file errors. */
async function codesOf(
  bytes: Buffer,
  codebook = needs,
  limits?: Partial<XlsxLimits>,
): Promise<Array<{ code: SurveyErrorCode; message: string }>> {
  const found: Array<{ code: SurveyErrorCode; message: string }> = [];
  try {
    const reader = await readSurveyRows([bytes], { codebook, limits });
    found.push(...reader.header.errors);
    const dup = createDuplicateChecker(codebook);
    for await (const r of reader.rows) {
      const { record, errors } = validateRow(codebook, r.values, r.row, ctx);
      found.push(...r.errors, ...errors);
      const d = dup.check(record, r.row);
      if (d) found.push(d);
    }
  } catch (err) {
    if (!(err instanceof SurveyFileError)) throw err;
    found.push({ code: err.code, message: err.message });
    expect(err.toRowError()).toMatchObject({ code: err.code, message: err.message });
  }
  return found;
}

const emptyWorkbook = async () => Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
const small = { header: ['respondent_id', 'municipality_code'], rows: [['R1', '472018'], ['R2', '472018']] };
/** A workbook written by exceljs, which stores text as shared strings. */
async function smallWorkbook() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(small.header);
  for (const r of small.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('every error code', () => {
  it('is produced by some input and carries a Japanese message', async () => {
    const needsCsv = [
      'respondent_id,municipality_code,sex,age,happiness,height_cm,weight,motor_stairs,unknown_col,性別,,daily_area',
      'R1,472018,1,70,,,,,,,,',
      'R1,472018,,70.5,11,abc,0,4,,,x,' + 'あ'.repeat(201),
      'R2,47201,1,70',
      'R3,472019,1,70',
      'R4,131016,1,70',
      'R5,472051,1,70',
    ].join('\n');
    const officesCsv = 'office_id,clients_total,moved_total,moved_to_family_home,moved_to_residential,moved_to_facility,moved_to_other\nA,1,9,1,1,1,1\n';
    const clientsCsv = 'client_id,office_id,municipality_code,r_cost\nC1,A,472018,2\n';
    const found = [
      ...(await codesOf(Buffer.from(needsCsv))),
      ...(await codesOf(Buffer.from(officesCsv), offices)),
      ...(await codesOf(Buffer.from(clientsCsv), clients)),
      ...(await codesOf(Buffer.alloc(0))),
      ...(await codesOf(Buffer.from('\r\n\r\n'))),
      ...(await codesOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))),
      ...(await codesOf(iconv.encode('respondent_id\n\ud83d\ude00', 'utf16le'))),
      // UTF-8 in the detected head, Shift_JIS (日) after it.
      ...(await codesOf(Buffer.concat([Buffer.from('respondent_id\n髙\n' + 'R\n'.repeat(40_000)), Buffer.from([0x93, 0xfa, 0x0a])]))),
      ...(await codesOf(Buffer.from('respondent_id\n"R1\n'))),
      ...(await codesOf(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64, 1)]))),
      ...(await codesOf(await emptyWorkbook())),
      // XLSX limits (xlsx-guard.ts) and the row limit.
      ...(await codesOf(zipBombs.cell())),
      ...(await codesOf(zipBombs.lyingCell())),
      ...(await codesOf(zipBombs.someSheets())),
      ...(await codesOf(simpleXlsx(small, [EXTERNAL_LINK]))),
      ...(await codesOf(simpleXlsx(small, [MACRO]))),
      ...(await codesOf(await smallWorkbook(), needs, { maxSharedStrings: 1 })),
      ...(await codesOf(Buffer.from('respondent_id\nR1\nR2\nR3\n'), needs, { maxRows: 2 })),
    ];
    const wave = validateWave('R7');
    if (!wave.ok) found.push(wave);

    expect(new Set(found.map((f) => f.code))).toEqual(new Set(surveyErrorCodes));
    for (const f of found) {
      expect(f.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(f.message).not.toMatch(/undefined|\[object/);
    }
  });
});
