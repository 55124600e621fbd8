import type { Codebook, SumCheck } from '../codebooks/types.js';
import { isBlank } from '../parse/normalize.js';
import { parseCell, type SurveyValue, type ValidationContext } from './cell.js';
import { rowError, type SurveyRowError } from './errors.js';

/** A validated row: every column of the codebook, typed, blank (or absent) as null. */
export type SurveyRecord = Record<string, SurveyValue>;

/** The typed row and its problems; when `errors` is non-empty the record must not be stored. */
export interface RowValidation {
  readonly record: SurveyRecord;
  readonly errors: SurveyRowError[];
}

/**
 * Validates one data row against a codebook: required cells, numbers and integers, code lists,
 * 0/1 flags, ranges, municipality codes (format, check digit, master, permission) and the
 * codebook's sum checks. A column absent from `values` counts as blank, so a missing required
 * column fails every row as well as the header. Duplicates across rows are the job of
 * `createDuplicateChecker`.
 */
export function validateRow(
  codebook: Codebook,
  values: Readonly<Record<string, string | undefined>>,
  row: number,
  ctx: ValidationContext,
): RowValidation {
  const record: SurveyRecord = {};
  const errors: SurveyRowError[] = [];
  const failed = new Set<string>();
  for (const col of codebook.columns) {
    const raw = values[col.id];
    if (raw === undefined || isBlank(raw)) {
      record[col.id] = null;
      if (col.required) {
        errors.push(rowError(row, col.id, raw ?? '', 'missing_required'));
        failed.add(col.id);
      }
      continue;
    }
    const cell = parseCell(col, raw, row, ctx);
    record[col.id] = cell.value;
    if (cell.error) {
      errors.push(cell.error);
      failed.add(col.id);
    }
  }
  for (const check of codebook.sums) {
    const error = checkSum(codebook, check, record, failed, values, row);
    if (error) errors.push(error);
  }
  return { record, errors };
}

/** total_mismatch when the total and every part are answered and valid but do not add up. */
function checkSum(
  codebook: Codebook,
  check: SumCheck,
  record: SurveyRecord,
  failed: ReadonlySet<string>,
  values: Readonly<Record<string, string | undefined>>,
  row: number,
): SurveyRowError | null {
  const ids = [check.total, ...check.parts];
  if (ids.some((id) => failed.has(id) || typeof record[id] !== 'number')) return null;
  const sum = check.parts.reduce((acc, id) => acc + (record[id] as number), 0);
  if (sum === record[check.total]) return null;
  const labels = check.parts.map((id) => codebook.columns.find((c) => c.id === id)?.label_ja ?? id);
  return rowError(row, check.total, values[check.total] ?? '', 'total_mismatch', { parts: labels.join('、') });
}
