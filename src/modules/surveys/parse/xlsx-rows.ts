import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { cellText } from './cell-text.js';
import { SurveyFileError } from './errors.js';
import { normalizeHeader } from './normalize.js';
import type { RawRow } from './raw-row.js';

interface SheetModel {
  readonly name: string;
  readonly state?: string;
}

/** The fields of exceljs's streaming WorksheetReader that its typings leave out. */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  readonly name?: string;
  readonly iterator?: { destroy?: () => void };
}

/** The sheet to read: the first whose name is wanted (the part), else the first visible one. */
function targetSheet(sheets: readonly SheetModel[] | undefined, wanted: ReadonlySet<string>): string | null {
  if (!sheets || sheets.length === 0) return null;
  const named = sheets.find((s) => wanted.has(normalizeHeader(s.name)));
  const visible = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  return (named ?? visible ?? sheets[0]).name;
}

/** Lets go of a sheet without parsing it (a temp file exceljs made is closed, a zip entry drained). */
const skip = (sheet: SheetReader) => sheet.iterator?.destroy?.();

/**
 * The rows of one sheet of an XLSX, streamed with exceljs's WorkbookReader: the sheet named
 * by one of `sheetNames` (compared like headers), else the first visible sheet. Shared
 * strings are cached (exceljs needs them); when a workbook stores them after the sheets, as
 * Excel does, exceljs parks the sheets in temp files, not in memory. `row` is the sheet's row
 * number. `onSheet` receives the chosen sheet's name before the first row.
 * @throws SurveyFileError 'malformed_xlsx' or 'no_worksheet'.
 */
export async function* xlsxRows(
  chunks: AsyncIterable<Buffer>,
  sheetNames: readonly string[],
  onSheet: (name: string | null) => void = () => {},
): AsyncGenerator<RawRow> {
  const input = Readable.from(chunks, { objectMode: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const model = workbook as unknown as { model?: { sheets?: SheetModel[] } };
  const wanted = new Set(sheetNames.map(normalizeHeader));
  const sheets = workbook[Symbol.asyncIterator]() as AsyncIterator<SheetReader>;
  let chosen = false;
  let finished = false;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      const sheet = next.value;
      const target = targetSheet(model.model?.sheets, wanted);
      if (chosen || (target !== null && sheet.name !== target)) {
        skip(sheet);
        continue;
      }
      chosen = true;
      onSheet(sheet.name ?? null);
      for await (const row of sheet) {
        const values = row.values as CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        yield { row: row.number, cells };
      }
    }
    finished = true;
  } catch (err) {
    if (err instanceof SurveyFileError) throw err;
    throw new SurveyFileError('malformed_xlsx', { cause: err });
  } finally {
    if (!finished) await drain(sheets);
    input.destroy();
  }
  if (!chosen) throw new SurveyFileError('no_worksheet');
}

/**
 * Runs exceljs's sheet iterator to its end, skipping every sheet: returning it early would
 * leave the temp files of parked sheets behind until the process exits.
 */
async function drain(sheets: AsyncIterator<SheetReader>): Promise<void> {
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) skip(next.value);
  } catch {
    // The file was already failing or abandoned; nothing more to report.
  }
}
