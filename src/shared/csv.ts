import { inertText } from './formula-safe.js';

/** A cell as a renderer gives it: numbers stay numbers, null is an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column: its Japanese label and how to read it from a row. */
export interface CsvColumn<R> {
  label: string;
  value: (row: R) => CsvValue;
}

/** How a JSON body becomes a table: its rows and columns, and a file name (without .csv). */
export interface CsvTable<B = any, R = any> {
  rows: (body: B) => readonly R[];
  columns: readonly CsvColumn<R>[];
  fileName: (body: B) => string;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** RFC 4180 quoting; text that a spreadsheet would take for a formula is made inert first. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const text = inertText(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The one CSV serializer of the service: UTF-8 with a BOM (Excel then reads Japanese without an
 * import wizard), CRLF line ends, a header of Japanese labels, numbers unrounded and unformatted
 * so Power Query types them as numbers. A pure function of the rows it is given.
 */
export function toCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return BOM + lines.join(CRLF) + CRLF;
}

/** A table's body as CSV. */
export const tableToCsv = <B>(table: CsvTable<B>, body: B): string => toCsv(table.columns, table.rows(body));
