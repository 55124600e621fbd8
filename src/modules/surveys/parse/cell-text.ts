import type { CellValue } from 'exceljs';

/** A number as a person reads it: integers exactly, fractions without float noise (1.1, not 1.1000000000000001). */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return String(n);
  // Excel keeps 15 significant digits; anything beyond is binary noise.
  return String(Number(n.toPrecision(15)));
}

/**
 * The text of an XLSX cell as it would appear in a CSV export: numbers without float noise,
 * rich text concatenated, formulas by their cached result, hyperlinks by their text, errors
 * as '#N/A' etc., booleans as TRUE/FALSE and (unexpected) dates as YYYY-MM-DD.
 */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue | undefined);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as CellValue);
  return '';
}
