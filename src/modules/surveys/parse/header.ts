import type { Codebook, ColumnDef } from '../codebooks/types.js';
import { rowError, type SurveyRowError } from '../validate/errors.js';
import { isBlank, normalizeHeader } from './normalize.js';

/** The header row of a file, matched to a codebook. */
export interface HeaderInfo {
  /** The row of the header as the user sees it (1 unless blank rows precede it). */
  readonly row: number;
  /** The header cells as written. */
  readonly cells: readonly string[];
  /** The column id read from each position; null for blank, unknown or repeated headers. */
  readonly columns: readonly (string | null)[];
  /** Ids of the codebook columns the file has. */
  readonly present: readonly string[];
  /** unknown_column, duplicate_column and missing_column; the upload must be refused when non-empty. */
  readonly errors: readonly SurveyRowError[];
}

const lookups = new WeakMap<Codebook, Map<string, ColumnDef>>();

/** Normalised id, label and aliases → column, built once per codebook. */
function lookupOf(codebook: Codebook): Map<string, ColumnDef> {
  let map = lookups.get(codebook);
  if (!map) {
    map = new Map();
    for (const col of codebook.columns) {
      for (const name of [col.id, col.label_ja, ...(col.aliases ?? [])]) map.set(normalizeHeader(name), col);
    }
    lookups.set(codebook, map);
  }
  return map;
}

/** The column a header text names (id or Japanese label, NFKC- and space-insensitive), if any. */
export function columnForHeader(codebook: Codebook, text: string): ColumnDef | undefined {
  const direct = lookupOf(codebook).get(normalizeHeader(text));
  if (direct) return direct;
  // Template headers read 'label（id）': the id in the trailing brackets names the column.
  const m = /[（(]\s*([A-Za-z][A-Za-z0-9_]*)\s*[）)]\s*$/.exec(text.normalize('NFKC'));
  return m ? codebook.columns.find((c) => c.id === m[1]) : undefined;
}

/** The header a template writes: the Japanese label with the id in brackets. */
export const templateHeader = (col: ColumnDef) => `${col.label_ja}（${col.id}）`;

/**
 * Matches header cells to a codebook. Every header problem is reported on the header row:
 * unknown_column and duplicate_column with the header text as column and value,
 * missing_column (required columns only) with the column id.
 */
export function mapHeader(codebook: Codebook, cells: readonly string[], row = 1): HeaderInfo {
  const columns: (string | null)[] = [];
  const errors: SurveyRowError[] = [];
  const firstText = new Map<string, string>();
  for (const cell of cells) {
    const text = cell.trim();
    const col = isBlank(text) ? undefined : columnForHeader(codebook, text);
    if (isBlank(text)) columns.push(null);
    else if (!col) {
      columns.push(null);
      errors.push(rowError(row, text, text, 'unknown_column'));
    } else if (firstText.has(col.id)) {
      columns.push(null);
      errors.push(rowError(row, text, text, 'duplicate_column', { first: firstText.get(col.id) as string }));
    } else {
      columns.push(col.id);
      firstText.set(col.id, text);
    }
  }
  for (const col of codebook.columns) {
    if (col.required && !firstText.has(col.id)) {
      errors.push(rowError(row, col.id, '', 'missing_column', { label: `${col.label_ja} / ${col.id}` }));
    }
  }
  return { row, cells, columns, present: [...firstText.keys()], errors };
}

/** 'A', 'B', … 'Z', 'AA' for a 0-based column position. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The values of one data row by column id. A non-blank cell under a blank header or past the
 * last header is reported as cell_outside_columns (column = sheet letter); cells under unknown
 * or repeated headers are ignored, their header already reported.
 */
export function rowValues(
  header: HeaderInfo,
  cells: readonly string[],
  row: number,
): { values: Record<string, string>; errors: SurveyRowError[] } {
  const values: Record<string, string> = {};
  let errors: SurveyRowError[] | undefined;
  for (let i = 0; i < cells.length; i++) {
    const id = header.columns[i];
    if (id) values[id] = cells[i];
    else if (!isBlank(cells[i]) && (i >= header.cells.length || isBlank(header.cells[i]))) {
      (errors ??= []).push(rowError(row, columnLetter(i), cells[i], 'cell_outside_columns'));
    }
  }
  for (let i = cells.length; i < header.columns.length; i++) {
    const id = header.columns[i];
    if (id) values[id] = '';
  }
  return { values, errors: errors ?? [] };
}
