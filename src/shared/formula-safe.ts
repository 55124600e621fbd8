/**
 * Text that a spreadsheet would read as a formula (or a DDE call) when it begins with one of these
 * characters: = + - @, a tab or a carriage return (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet could take `text` for a formula. */
export const looksLikeFormula = (text: string): boolean => FORMULA_START.test(text);

/**
 * Text made inert for a spreadsheet opening a CSV file: a leading apostrophe, which Excel and
 * LibreOffice read as "this is text" and do not show. Workbooks need no prefix: exceljs writes
 * a string as a string cell, never a formula.
 */
export const inertText = (text: string): string => (looksLikeFormula(text) ? `'${text}` : text);
