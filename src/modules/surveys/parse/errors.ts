import { message } from '../messages.js';
import type { SurveyRowError } from '../validate/errors.js';

/** Codes of problems that make a whole file unreadable. */
export type SurveyFileErrorCode =
  | 'empty_file'
  | 'no_header'
  | 'legacy_xls'
  | 'unsupported_encoding'
  | 'invalid_encoding'
  | 'malformed_csv'
  | 'malformed_xlsx'
  | 'no_worksheet'
  | 'xlsx_too_large'
  | 'xlsx_cell_too_long'
  | 'xlsx_too_many_sheets'
  | 'xlsx_too_many_strings'
  | 'xlsx_external_link'
  | 'xlsx_macro'
  | 'too_many_rows';

/**
 * The file cannot be read at all (encoding, format, broken CSV quoting, corrupt zip). Thrown by
 * `detectFileFormat` and by `readSurveyRows` (also in the middle of iterating rows); the API
 * rejects the upload as a whole. `message` is Japanese, for the user; `cause` keeps the
 * library's error for the log.
 */
export class SurveyFileError extends Error {
  readonly code: SurveyFileErrorCode;
  /** The row where reading failed, when known (header = 1). */
  readonly row: number | null;

  constructor(code: SurveyFileErrorCode, opts: { row?: number | null; encoding?: string; cause?: unknown } = {}) {
    super(
      code === 'invalid_encoding' ? message(code, { encoding: opts.encoding ?? '' }) : message(code),
      opts.cause === undefined ? undefined : { cause: opts.cause },
    );
    this.name = 'SurveyFileError';
    this.code = code;
    this.row = opts.row ?? null;
  }

  /** The same problem in the row-error shape of every other survey error (row 0 when unknown). */
  toRowError(): SurveyRowError {
    return { row: this.row ?? 0, column: '', value: '', code: this.code, message: this.message };
  }
}
