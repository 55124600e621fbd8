import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateNeeds, toXlsx } from '../../../src/fixtures/index.js';
import { simpleXlsx, zipBombs } from '../../../src/fixtures/hostile.js';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { SurveyFileError } from '../../../src/modules/surveys/parse/errors.js';
import { readSurveyRows } from '../../../src/modules/surveys/parse/read-survey-rows.js';
import { guardXlsx } from '../../../src/modules/surveys/parse/xlsx-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'carelogic-guard-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof SurveyFileError) return err.code;
    throw err;
  }
};

describe('guardXlsx', () => {
  it('lets a real workbook through (exceljs, shared strings, 2,000 rows)', async () => {
    const table = generateNeeds({ seed: 2, wave: 2025, municipalities: ['472018'] });
    const path = file('real.xlsx', await toXlsx(table));
    expect(await codeOf(guardXlsx(path))).toBe('ok');
    expect(await codeOf(guardXlsx(file('inline.xlsx', simpleXlsx(table))))).toBe('ok');
  });

  it('counts the real decompressed bytes, not the sizes the zip declares', async () => {
    // Declares 1 KB; a 1.2 GB cell inside: refused after a few hundred KB of it.
    expect(await codeOf(guardXlsx(file('lying.xlsx', zipBombs.lyingCell())))).toBe('xlsx_cell_too_long');
    const table = generateNeeds({ seed: 2, wave: 2025, municipalities: ['472018'] });
    const path = file('real2.xlsx', await toXlsx(table));
    expect(await codeOf(guardXlsx(path, { maxTotalBytes: 64 * 1024 }))).toBe('xlsx_too_large');
    expect(await codeOf(guardXlsx(path, { maxRows: 100 }))).toBe('too_many_rows');
    expect(await codeOf(guardXlsx(path, { maxTextBytes: 8 }))).toBe('xlsx_cell_too_long');
  });

  it('refuses every bomb shape', async () => {
    const expected: Record<keyof typeof zipBombs, string[]> = {
      cell: ['xlsx_too_large', 'xlsx_cell_too_long'],
      lyingCell: ['xlsx_cell_too_long'],
      sharedString: ['xlsx_too_large', 'xlsx_cell_too_long', 'xlsx_too_many_strings'],
      whitespace: ['xlsx_too_large', 'xlsx_cell_too_long'],
      rows: ['xlsx_too_large', 'too_many_rows'],
      manySheets: ['xlsx_too_many_sheets'],
      someSheets: ['xlsx_too_many_sheets'],
    };
    for (const [shape, build] of Object.entries(zipBombs)) {
      const code = await codeOf(guardXlsx(file(`${shape}.xlsx`, build())));
      expect(expected[shape as keyof typeof zipBombs], shape).toContain(code);
    }
  });

  it('reading from memory guards a private copy and removes it', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('carelogic-xlsx-')).length;
    const code = await codeOf(readSurveyRows([zipBombs.whitespace()], { codebook: getCodebook('needs') }));
    expect(['xlsx_too_large', 'xlsx_cell_too_long']).toContain(code);
    const table = generateNeeds({ seed: 2, wave: 2025, municipalities: ['473561'] });
    const reader = await readSurveyRows([await toXlsx(table)], { codebook: getCodebook('needs') });
    let rows = 0;
    for await (const _ of reader.rows) rows++;
    expect(rows).toBe(table.rows.length);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('carelogic-xlsx-')).length).toBeLessThanOrEqual(before);
  });
});
