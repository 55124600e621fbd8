import type { Codebook, ColumnDef } from '../codebooks/types.js';
import { rowValues, type HeaderInfo } from '../parse/header.js';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH, NUMBER_MAX, type SurveyValue, type ValidationContext } from './cell.js';
import { isValidMunicipalityCode } from './municipality-code.js';
import type { SurveyRowError } from './errors.js';
import { validateRow, type SurveyRecord } from './validate-row.js';

/** A row's typed record and problems, as `rowValues` + `validateRow` give them. */
export interface CellsValidation {
  readonly record: SurveyRecord;
  /** cell_outside_columns first, then the cell and cross-field errors, in codebook order. */
  readonly errors: SurveyRowError[];
  /** The row's cells by column id; only built for rows that needed the full check. */
  readonly values?: Readonly<Record<string, string>>;
}

/** Not decidable by the fast path: the full check decides (and words the error). */
const SLOW = Symbol('slow');
type Fast = SurveyValue | typeof SLOW;

const DIGITS = /^\d{1,15}$/;
const DECIMAL = /^\d{1,15}(\.\d{1,15})?$/;

/** A check of one cell as written: its value when it is plainly valid, else SLOW. */
type CellCheck = (raw: string) => Fast;

function inRange(col: ColumnDef, n: number): boolean {
  const low = col.min !== undefined && (col.exclusiveMin ? n <= col.min : n < col.min);
  const high = (col.max !== undefined && n > col.max) || n > NUMBER_MAX;
  return !low && !high;
}

/** True when trimming would change the cell (then normalisation rules apply: full check). */
const padded = (raw: string) => raw.trim().length !== raw.length;

function checkOf(col: ColumnDef, okMunicipalities: ReadonlySet<string>): CellCheck {
  switch (col.type) {
    case 'id':
    case 'text': {
      const max = col.type === 'id' ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
      return (raw) => (raw.length <= max && !padded(raw) && !raw.includes('\u0000') ? raw : SLOW);
    }
    case 'municipality':
      return (raw) => (okMunicipalities.has(raw) ? raw : SLOW);
    case 'code':
    case 'flag01': {
      const keys = Object.keys(col.type === 'flag01' ? { 0: '', 1: '' } : (col.codes ?? {}));
      const table = new Map(keys.map((k) => [k, Number(k)]));
      return (raw) => table.get(raw) ?? SLOW;
    }
    case 'integer':
      return (raw) => {
        if (!DIGITS.test(raw)) return SLOW;
        const n = Number(raw);
        return inRange(col, n) ? n : SLOW;
      };
    case 'number':
      return (raw) => {
        if (!DECIMAL.test(raw)) return SLOW;
        const n = Number(raw);
        return inRange(col, n) ? n : SLOW;
      };
  }
}

/** Digit span of `line` [start, end) as a number, or -1 when it is not 1-15 ASCII digits. */
function digitsAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A check of the cell `line[start, end)` without cutting it out when it is a plain code or count. */
type SpanCheck = (line: string, start: number, end: number) => Fast;

function spanCheckOf(col: ColumnDef, check: CellCheck): SpanCheck {
  switch (col.type) {
    case 'code':
    case 'flag01': {
      const keys = Object.keys(col.type === 'flag01' ? { 0: '', 1: '' } : (col.codes ?? {}));
      const single = new Array<boolean>(10).fill(false);
      for (const k of keys) if (/^\d$/.test(k)) single[Number(k)] = true;
      return (line, start, end) => {
        if (end - start === 1) {
          const d = line.charCodeAt(start) - 48;
          if (d >= 0 && d <= 9 && single[d]) return d;
        }
        return check(line.slice(start, end));
      };
    }
    case 'integer':
      return (line, start, end) => {
        const n = digitsAt(line, start, end);
        return n >= 0 && inRange(col, n) ? n : SLOW;
      };
    default:
      return (line, start, end) => check(line.slice(start, end));
  }
}

/**
 * Compiles the row check of one file (codebook + its header + the municipalities it may name)
 * for bulk ingest. Cells written plainly (canonical codes, ASCII digits, no padding, known
 * municipality codes) are typed by a per-column lookup; a row with anything else — a blank
 * required cell, a full-width digit, a value out of range, a cell under no header — goes
 * through `rowValues` + `validateRow`, which word every error. The result is the same either
 * way; the fast path only spares the work for rows that are plainly valid.
 *
 * `cells` checks a row given as cells; `line` a CSV record without quotes given as its line
 * (cells = line.split(',')), read in place. The record a fast check returns is reused by the
 * next call: read it before checking the next row.
 */
export function compileRowValidator(codebook: Codebook, header: HeaderInfo, ctx: ValidationContext) {
  const okMunicipalities = new Set(
    [...ctx.knownMunicipalities].filter(
      (m) => isValidMunicipalityCode(m) && (ctx.boundMunicipality === undefined || m === ctx.boundMunicipality),
    ),
  );
  const columns = codebook.columns.map((col) => {
    const check = checkOf(col, okMunicipalities);
    return {
      col,
      id: col.id,
      position: header.columns.indexOf(col.id),
      required: col.required,
      check,
      span: spanCheckOf(col, check),
    };
  });
  const width = header.cells.length;
  /** The column read at each position of the header; null where cells are not read. */
  const byPosition = Array.from({ length: width }, (_, i) => columns.find((c) => c.position === i) ?? null);
  /** Positions whose cells are not read: under a blank, unknown or repeated header. */
  const unread = header.columns.flatMap((id, i) => (id === null ? [i] : []));
  const sums = codebook.sums.map((s) => ({ total: s.total, parts: [...s.parts] }));
  const record: SurveyRecord = Object.fromEntries(codebook.columns.map((c) => [c.id, null]));
  const noErrors: SurveyRowError[] = [];

  const full = (cells: readonly string[], row: number): CellsValidation => {
    const { values, errors: outside } = rowValues(header, cells, row);
    const checked = validateRow(codebook, values, row, ctx);
    return { record: checked.record, errors: outside.length ? [...outside, ...checked.errors] : checked.errors, values };
  };

  /** True when the cross-field sums of `record` hold (or cannot be checked). */
  const sumsHold = () => {
    for (const s of sums) {
      const total = record[s.total];
      if (typeof total !== 'number') continue;
      let sum = 0;
      let complete = true;
      for (const p of s.parts) {
        const v = record[p];
        if (typeof v !== 'number') complete = false;
        else sum += v;
      }
      if (complete && sum !== total) return false;
    }
    return true;
  };

  const cells = (cells: readonly string[], row: number): CellsValidation => {
    if (cells.length > width) {
      for (let i = width; i < cells.length; i++) if (cells[i] !== '') return full(cells, row);
    }
    for (const i of unread) if (i < cells.length && cells[i] !== '') return full(cells, row);
    for (const c of columns) {
      if (c.position < 0) continue;
      const raw = c.position < cells.length ? cells[c.position] : '';
      if (raw === '') {
        if (c.required) return full(cells, row);
        record[c.id] = null;
        continue;
      }
      const v = c.check(raw);
      if (v === SLOW) return full(cells, row);
      record[c.id] = v;
    }
    if (!sumsHold()) return full(cells, row);
    return { record, errors: noErrors };
  };

  const line = (text: string, row: number): CellsValidation => {
    let start = 0;
    let p = 0;
    for (;;) {
      let end = text.indexOf(',', start);
      const last = end < 0;
      if (last) end = text.length;
      const c = p < width ? byPosition[p] : null;
      if (c === null) {
        if (end > start) return full(text.split(','), row);
      } else if (end === start) {
        if (c.required) return full(text.split(','), row);
        record[c.id] = null;
      } else {
        const v = c.span(text, start, end);
        if (v === SLOW) return full(text.split(','), row);
        record[c.id] = v;
      }
      p += 1;
      if (last) break;
      start = end + 1;
    }
    for (; p < width; p++) {
      const c = byPosition[p];
      if (c === null) continue;
      if (c.required) return full(text.split(','), row);
      record[c.id] = null;
    }
    if (!sumsHold()) return full(text.split(','), row);
    return { record, errors: noErrors };
  };

  return { cells, line };
}

/** A compiled row check: see compileRowValidator. */
export type RowValidator = ReturnType<typeof compileRowValidator>;
