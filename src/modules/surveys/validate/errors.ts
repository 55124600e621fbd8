import { message, type MessageParams, type SurveyErrorCode } from '../messages.js';

/**
 * One problem in a survey file. `row` is the row as the user sees it (header = 1); `column` is
 * the column id (the header text for header errors, the sheet column letter for a cell under no
 * header); `value` is the offending cell only, never another column of the row. Assignable to
 * the shared `RowError` of src/shared/errors.ts.
 */
export interface SurveyRowError {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly code: SurveyErrorCode;
  readonly message: string;
}

/** Builds a SurveyRowError with its Japanese message. */
export function rowError<C extends SurveyErrorCode>(
  row: number,
  column: string,
  value: string,
  code: C,
  ...params: MessageParams<C>
): SurveyRowError {
  return { row, column, value, code, message: message(code, ...params) };
}
