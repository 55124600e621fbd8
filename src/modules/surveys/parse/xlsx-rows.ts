import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { loadExcelJs } from '../../../shared/exceljs.js';
import { cellText } from './cell-text.js';
import { SurveyFileError } from './errors.js';
import { normalizeHeader } from './normalize.js';
import type { RawRow } from './raw-row.js';
import { openPart, type XlsxArchive } from './xlsx-guard.js';

interface SheetModel {
  readonly name: string;
  readonly rId: string;
  readonly state?: string;
}

interface Relationship {
  readonly Id: string;
  readonly Target: string;
  readonly Type?: string;
  readonly TargetMode?: string;
}

/**
 * The part parsers of exceljs's streaming WorkbookReader (4.4.0), which its typings leave out.
 * Its own `parse()` reads the zip in one streaming pass, in stored order; that pass now and then
 * loses an entry (exceljs issue #3064: `this.model` undefined, the file refused at random) and
 * parks sheets in temp files it deletes while they are still being opened. Here the parts are
 * opened through the zip's central directory instead, in the order they depend on each other,
 * each parsed by exceljs's own parser; of the sheets, only the one wanted is read.
 */
interface WorkbookParts {
  model?: { sheets?: SheetModel[] };
  workbookRels?: Relationship[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): AsyncGenerator<{ value: AsyncIterable<ExcelJS.Row> }>;
}

const WORKSHEET_REL = /\/worksheet$/;

/** Where a relationship of xl/workbook.xml points, as a part name: relative to xl/, or absolute. */
function partOf(target: string): string {
  const parts = target.startsWith('/') ? [] : ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** The sheet to read: the first whose name is wanted (the part), else the first visible one. */
function targetSheet<T extends { name: string; state?: string }>(sheets: readonly T[], wanted: ReadonlySet<string>): T | null {
  if (sheets.length === 0) return null;
  const named = sheets.find((s) => wanted.has(normalizeHeader(s.name)));
  const visible = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  return named ?? visible ?? sheets[0];
}

/** Reads one part to its end with `parse`; the part is required. */
async function parsePart(archive: XlsxArchive, name: string, parse: (entry: Readable) => Promise<void>): Promise<void> {
  const entry = openPart(archive, name);
  if (!entry) throw new SurveyFileError('malformed_xlsx', { cause: new Error(`no ${name}`) });
  try {
    await parse(entry);
  } finally {
    entry.destroy();
  }
}

/**
 * The rows of one sheet of a guarded XLSX (see guardXlsx), streamed: the sheet named by one of
 * `sheetNames` (compared like headers), else the first visible worksheet. Shared strings are
 * cached first (exceljs needs them); the sheet itself is never held whole. `row` is the sheet's
 * row number. `onSheet` receives the chosen sheet's name before the first row.
 * @throws SurveyFileError 'malformed_xlsx' or 'no_worksheet'.
 */
export async function* xlsxRows(
  archive: XlsxArchive,
  sheetNames: readonly string[],
  onSheet: (name: string | null) => void = () => {},
): AsyncGenerator<RawRow> {
  const { stream } = await loadExcelJs();
  const book = new stream.xlsx.WorkbookReader(null as never, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookParts;
  let sheetStream: Readable | null = null;
  try {
    await parsePart(archive, 'xl/_rels/workbook.xml.rels', (e) => book._parseRels(e));
    await parsePart(archive, 'xl/workbook.xml', (e) => book._parseWorkbook(e));
    const strings = openPart(archive, 'xl/sharedStrings.xml');
    if (strings) {
      try {
        for await (const _ of book._parseSharedStrings(strings));
      } finally {
        strings.destroy();
      }
    }
    const rels = new Map((book.workbookRels ?? []).map((r) => [r.Id, r]));
    const worksheets = (book.model?.sheets ?? []).flatMap((s) => {
      const rel = rels.get(s.rId);
      if (!rel || rel.TargetMode === 'External' || !WORKSHEET_REL.test(rel.Type ?? '')) return [];
      const part = partOf(rel.Target);
      return archive.parts.has(part.toLowerCase()) ? [{ ...s, part }] : [];
    });
    const sheet = targetSheet(worksheets, new Set(sheetNames.map(normalizeHeader)));
    if (!sheet) throw new SurveyFileError('no_worksheet');
    sheetStream = openPart(archive, sheet.part);
    if (!sheetStream) throw new SurveyFileError('no_worksheet');
    const sheetNo = /(\d+)\.xml$/i.exec(sheet.part)?.[1] ?? '1';
    onSheet(sheet.name);
    for await (const { value: reader } of book._parseWorksheet(sheetStream, sheetNo)) {
      for await (const row of reader) {
        const values = row.values as CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        yield { row: row.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof SurveyFileError) throw err;
    throw new SurveyFileError('malformed_xlsx', { cause: err });
  } finally {
    sheetStream?.destroy();
  }
}
