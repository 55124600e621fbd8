import type { ColumnDef } from '../codebooks/types.js';
import { describeAllowed, describeRange } from '../messages.js';
import { normalizeCell } from '../parse/normalize.js';
import { rowError, type SurveyRowError } from './errors.js';
import { isValidMunicipalityCode } from './municipality-code.js';

/** A typed cell: ids, municipality codes and text are strings, the rest numbers; blank is null. */
export type SurveyValue = string | number | null;

/** Municipalities a row may name. */
export interface ValidationContext {
  /** Codes of the loaded municipality master. */
  readonly knownMunicipalities: ReadonlySet<string>;
  /** When set, every row must be this municipality (a municipal user's own). */
  readonly boundMunicipality?: string;
}

/**
 * Largest magnitude of any number cell, whatever its column allows: 10^13 is beyond every count
 * or amount of a survey, and keeps every sum over a prefecture finite (1e308 would overflow it).
 */
export const NUMBER_MAX = 1e13;

/** Longest accepted id and free-text cells. */
export const MAX_ID_LENGTH = 100;
export const MAX_TEXT_LENGTH = 200;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A decimal number as written in a cell ('1,234' and '１２' accepted), or null. */
export function parseDecimal(s: string): number | null {
  const plain = GROUPED.test(s) ? s.replaceAll(',', '') : s;
  if (!NUMBER.test(plain)) return null;
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

type Result = { value: SurveyValue; error?: undefined } | { value: null; error: SurveyRowError };

const ok = (value: SurveyValue): Result => ({ value });
const fail = (error: SurveyRowError): Result => ({ value: null, error });

/**
 * Reads one non-blank cell of column `col`. The caller has already handled blanks and
 * missing-required; `raw` is the cell as read from the file.
 */
export function parseCell(col: ColumnDef, raw: string, row: number, ctx: ValidationContext): Result {
  const s = normalizeCell(raw);
  switch (col.type) {
    case 'id':
    case 'text': {
      const max = col.type === 'id' ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
      // Ids and text keep their original characters (ｶﾅ stays ｶﾅ); only the ends are trimmed.
      const text = raw.trim();
      return text.length > max ? fail(rowError(row, col.id, raw, 'too_long', { max })) : ok(text);
    }
    case 'municipality':
      return municipality(col, s, raw, row, ctx);
    case 'code':
    case 'flag01': {
      const codes = col.type === 'flag01' ? FLAG_CODES : (col.codes ?? {});
      const n = parseDecimal(s);
      const key = Object.hasOwn(codes, s) ? s : n !== null && Number.isInteger(n) ? String(n) : '';
      if (Object.hasOwn(codes, key)) return ok(Number(key));
      return col.type === 'flag01'
        ? fail(rowError(row, col.id, raw, 'invalid_flag'))
        : fail(rowError(row, col.id, raw, 'code_out_of_list', { allowed: describeAllowed(Object.keys(codes)) }));
    }
    case 'integer':
    case 'number': {
      const n = parseDecimal(s);
      if (n === null) return fail(rowError(row, col.id, raw, col.type === 'integer' ? 'not_integer' : 'not_number'));
      if (col.type === 'integer' && !Number.isInteger(n)) return fail(rowError(row, col.id, raw, 'not_integer'));
      const low = col.min !== undefined && (col.exclusiveMin ? n <= col.min : n < col.min);
      const high = col.max !== undefined && n > col.max;
      if (low || high) {
        return fail(rowError(row, col.id, raw, 'out_of_range', { range: describeRange(col.min, col.max, col.exclusiveMin) }));
      }
      if (Math.abs(n) > NUMBER_MAX) {
        return fail(rowError(row, col.id, raw, 'out_of_range', { range: describeRange(col.min ?? -NUMBER_MAX, NUMBER_MAX) }));
      }
      return ok(n + 0); // -0 is stored as 0
    }
  }
}

const FLAG_CODES: Readonly<Record<string, string>> = Object.freeze({ '0': 'いいえ', '1': 'はい' });

function municipality(col: ColumnDef, s: string, raw: string, row: number, ctx: ValidationContext): Result {
  if (!/^\d{6}$/.test(s)) return { value: null, error: rowError(row, col.id, raw, 'malformed_municipality_code') };
  if (!isValidMunicipalityCode(s)) return { value: null, error: rowError(row, col.id, raw, 'invalid_check_digit') };
  if (!ctx.knownMunicipalities.has(s)) return { value: null, error: rowError(row, col.id, raw, 'foreign_municipality') };
  if (ctx.boundMunicipality !== undefined && s !== ctx.boundMunicipality) {
    return {
      value: null,
      error: rowError(row, col.id, raw, 'municipality_not_permitted', { bound: ctx.boundMunicipality }),
    };
  }
  return ok(s);
}
