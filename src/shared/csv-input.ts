import { parse } from 'csv-parse/sync';
import { createDecoder, detectFileFormat } from '../modules/surveys/parse/encoding.js';
import { SurveyFileError } from '../modules/surveys/parse/errors.js';
import type { RowError } from './errors.js';

/** A small CSV read into records, or the file-level problem that stops it. */
export type CsvRead = { records: string[][]; error: null; encoding: string } | { records: null; error: RowError };

const fileError = (code: string, message: string, row: number | null = null): RowError => ({
  row,
  column: null,
  value: null,
  code,
  message,
});

/**
 * Decodes a small CSV (UTF-8 with or without BOM, or Shift_JIS/CP932, with the survey reader's
 * detection and strict decoding) and splits it into trimmed records, empty lines skipped.
 */
export function readCsvRecords(buf: Buffer): CsvRead {
  let text: string;
  let encoding: string;
  try {
    const format = detectFileFormat(buf, true);
    if (format.format !== 'csv') return { records: null, error: fileError('not_csv', 'CSVファイルを送ってください（Excel形式は受け付けません）') };
    encoding = format.encoding;
    const decoder = createDecoder(format.encoding);
    text = decoder.write(buf) + decoder.end();
  } catch (e) {
    if (e instanceof SurveyFileError) return { records: null, error: fileError(e.code, e.message, e.row) };
    throw e;
  }
  try {
    const records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
    if (records.length === 0) return { records: null, error: fileError('empty_file', 'ファイルが空です') };
    return { records, error: null, encoding };
  } catch (e) {
    return { records: null, error: fileError('malformed_csv', `CSVとして読めません: ${(e as Error).message}`) };
  }
}

/**
 * Maps a header row to column ids by their aliases (compared after NFKC). Unknown and missing
 * required columns are row-1 errors.
 */
export function mapHeader(
  header: readonly string[],
  columns: Readonly<Record<string, readonly string[]>>,
  required: readonly string[],
): { index: Record<string, number>; errors: RowError[] } {
  const index: Record<string, number> = {};
  const errors: RowError[] = [];
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  header.forEach((h, i) => {
    const id = Object.keys(columns).find((k) => columns[k].some((a) => norm(a) === norm(h)));
    if (!id) errors.push({ row: 1, column: h, value: h, code: 'unknown_column', message: `不明な列です: ${h}` });
    else if (index[id] !== undefined)
      errors.push({ row: 1, column: h, value: h, code: 'duplicate_column', message: `列が重複しています: ${h}` });
    else index[id] = i;
  });
  for (const c of required) {
    if (index[c] === undefined)
      errors.push({ row: 1, column: c, value: null, code: 'missing_column', message: `必須の列がありません: ${c}（${columns[c].join(' / ')}）` });
  }
  return { index, errors };
}

/** A cell getter over one record: '' for an absent column or cell. */
export const cellsOf =
  (index: Record<string, number>, rec: readonly string[]) =>
  (column: string): string =>
    index[column] === undefined ? '' : (rec[index[column]] ?? '').trim();

/** A date cell: YYYY-MM-DD or YYYY/MM/DD (full-width digits accepted) → ISO date, or null. */
export function parseDateCell(s: string): string | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s.normalize('NFKC').trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** A row error of an import (row 1 is the header). */
export const rowError = (row: number, column: string, value: string, code: string, message: string): RowError => ({
  row,
  column,
  value,
  code,
  message,
});

/**
 * A CSV import's body: the file decoded (UTF-8 or Shift_JIS), its header mapped to column ids, at
 * least one data row. Each row comes with its file row number (the header is row 1) and a cell
 * getter; file-level problems are `errors` with no rows.
 */
export function readCsvTable(
  buf: Buffer,
  columns: Readonly<Record<string, readonly string[]>>,
  required: readonly string[],
): { rows: { row: number; get: (column: string) => string }[]; errors: RowError[] } {
  const read = readCsvRecords(buf);
  if (read.error) return { rows: [], errors: [read.error] };
  const { index, errors } = mapHeader(read.records[0], columns, required);
  if (errors.length) return { rows: [], errors };
  if (read.records.length === 1) return { rows: [], errors: [rowError(1, '', '', 'no_rows', 'データ行がありません')] };
  return { rows: read.records.slice(1).map((rec, i) => ({ row: i + 2, get: cellsOf(index, rec) })), errors: [] };
}
