import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipOf } from '../../../src/fixtures/zip.js';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { readSurveyRows } from '../../../src/modules/surveys/parse/read-survey-rows.js';

/*
 * exceljs's streaming reader reads a zip in one pass, in stored order. With exceljs's own
 * workbooks (shared strings and workbook.xml after the sheets) that pass now and then lost the
 * workbook part (file refused at random: exceljs #3064) and parked sheets in temp files that it
 * deleted while a skipped sheet's stream was still opening them (an uncaught ENOENT, which ends a
 * server). Both showed only under load, so each case is read many times. The reader now opens
 * the parts it needs through the zip's central directory, in dependency order.
 */
const offices = getCodebook('homecare', 'offices');
const source = (b: Buffer) => [b];
const exceljsTemps = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));

async function book(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const sheetXml = (rows: string[][]) =>
  xml(
    `<worksheet ${NS}><sheetData>` +
      rows
        .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<c r="${'AB'[j]}${i + 1}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`)
        .join('') +
      '</sheetData></worksheet>',
  );

describe('XLSX read by its parts', () => {
  const uncaught: unknown[] = [];
  const record = (e: unknown) => uncaught.push(e);
  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', record);
  });
  afterEach(() => {
    process.off('uncaughtException', record);
  });

  it('reads the wanted sheet among three of an exceljs workbook, 100 times, with no error and no temp file', async () => {
    const file = await book({ 表紙: [['x']], 事業所票: [['事業所ID', '市町村コード'], ['A', 472018]], 備考: [['y']] });
    for (let i = 0; i < 100; i++) {
      const reader = await readSurveyRows(source(file), { codebook: offices });
      expect(reader.sheet).toBe('事業所票');
      const rows = [];
      for await (const r of reader.rows) rows.push(r.values);
      expect(rows).toEqual([{ office_id: 'A', municipality_code: '472018' }]);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught).toEqual([]);
    expect(exceljsTemps()).toEqual([]);
  });

  it('stops reading part-way, 50 times, with no error and no temp file', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`O${i}`, 472018]);
    const file = await book({ 表紙: [['x']], 事業所票: [['事業所ID', '市町村コード'], ...rows], 備考: [['y']] });
    for (let i = 0; i < 50; i++) {
      const reader = await readSurveyRows(source(file), { codebook: offices });
      let n = 0;
      for await (const _ of reader.rows) if (++n === 3) break;
      expect(n).toBe(3);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught).toEqual([]);
    expect(exceljsTemps()).toEqual([]);
  });

  it('finds a sheet through its relationship, whatever its file is called or where the zip stores it', async () => {
    // workbook.xml lists a hidden sheet first; the wanted one lives in sheet7.xml, reached by an
    // absolute target; the zip stores the sheets before the workbook part, as Excel may.
    const file = zipOf([
      { name: 'xl/worksheets/sheet7.xml', data: sheetXml([['事業所ID', '市町村コード'], ['B', '472026']]) },
      { name: 'xl/worksheets/sheet1.xml', data: sheetXml([['secret']]) },
      {
        name: '[Content_Types].xml',
        data: xml(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
        ),
      },
      {
        name: '_rels/.rels',
        data: xml(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: xml(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
            `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
            `<Relationship Id="rId9" Type="${REL}/worksheet" Target="/xl/worksheets/sheet7.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/workbook.xml',
        data: xml(
          `<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="名簿" sheetId="1" state="hidden" r:id="rId1"/><sheet name="調査票" sheetId="2" r:id="rId9"/></sheets></workbook>`,
        ),
      },
    ]);
    const reader = await readSurveyRows(source(file), { codebook: offices });
    expect(reader.sheet).toBe('調査票');
    const rows = [];
    for await (const r of reader.rows) rows.push(r.values);
    expect(rows).toEqual([{ office_id: 'B', municipality_code: '472026' }]);
  });

  it('refuses a workbook without its workbook part, and one whose sheets lead nowhere', async () => {
    const noWorkbook = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: sheetXml([['事業所ID']]) }]);
    await expect(readSurveyRows(source(noWorkbook), { codebook: offices })).rejects.toMatchObject({ code: 'malformed_xlsx' });
    const dangling = zipOf([
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: xml(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        ),
      },
      { name: 'xl/workbook.xml', data: xml(`<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    ]);
    await expect(readSurveyRows(source(dangling), { codebook: offices })).rejects.toMatchObject({ code: 'no_worksheet' });
  });
});
