import type { RowError } from '../../shared/errors.js';
import { isValidMunicipalityCode, prefectureOf } from '../regions/municipality-code.js';
import { describeAllowed } from '../surveys/messages.js';
import { isBlank, normalizeCell } from '../surveys/parse/normalize.js';
import { parseDecimal } from '../surveys/validate/cell.js';
import { refError } from './reference.messages.js';
import type { ReferenceMeasure, ReferenceRules } from './reference.rules.js';

/** First and last accepted period (the statistics' fiscal or calendar year). */
export const PERIOD_MIN = 2000;
export const PERIOD_MAX = 2100;

/**
 * The largest value a reference statistic may have: 10^13 (10兆), beyond any count or yen amount
 * of one municipality. Sums over every municipality of Japan then stay finite and within
 * double precision's range of exact integers' order of magnitude (1e308 would overflow them).
 */
export const VALUE_MAX = 1e13;

/** Prefecture code stored with national (000000) rows: they belong to no prefecture. */
export const NATIONAL_PREFECTURE = '00';

/** One valid row of a reference file. sex / ageBand are 0 for a measure without strata. */
export interface ReferenceRecord {
  measure: string;
  municipality: string;
  prefecture: string;
  period: number;
  value: number;
  sex: number;
  ageBand: number;
}

/** What a row is checked against besides the rules. */
export interface RowContext {
  readonly rules: ReferenceRules;
  /** Every municipality of the master (all prefectures). */
  readonly knownMunicipalities: ReadonlySet<string>;
  /** The key's prefecture; null for a key bound to none. */
  readonly boundPrefecture: string | null;
  /** True for an admin: the national standard population is master data, replaced by admins only. */
  readonly mayLoadNational: boolean;
}

type Cells = Readonly<Record<string, string>>;

/**
 * Checks one data row of a reference file and types it. Every problem of the row is reported
 * (one per column at most); `record` is null when there is any.
 */
export function validateReferenceRow(
  cells: Cells,
  row: number,
  ctx: RowContext,
): { record: ReferenceRecord | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const raw = (c: string) => cells[c] ?? '';
  const required = (c: string) => {
    if (!isBlank(raw(c))) return normalizeCell(raw(c));
    errors.push(refError(row, c, raw(c), 'missing_required'));
    return null;
  };

  const measureId = required('measure');
  const measure = measureId === null ? undefined : ctx.rules.measures.get(measureId);
  if (measureId !== null && !measure) errors.push(refError(row, 'measure', raw('measure'), 'unknown_measure'));

  const code = required('municipality_code');
  const municipality =
    code === null ? null : checkMunicipality(code, measure, row, raw('municipality_code'), ctx, errors);

  const periodText = required('period');
  let period: number | null = null;
  if (periodText !== null) {
    const n = /^\d{4}$/.test(periodText) ? Number(periodText) : NaN;
    if (n >= PERIOD_MIN && n <= PERIOD_MAX) period = n;
    else errors.push(refError(row, 'period', raw('period'), 'invalid_period'));
  }

  const valueText = required('value');
  let value: number | null = null;
  if (valueText !== null) {
    const n = parseDecimal(valueText);
    if (n === null) errors.push(refError(row, 'value', raw('value'), 'not_number'));
    else if (n < 0) errors.push(refError(row, 'value', raw('value'), 'negative_value'));
    else if (n > VALUE_MAX) errors.push(refError(row, 'value', raw('value'), 'value_too_large', { max: '10兆（1e13）' }));
    else value = n === 0 ? 0 : n; // -0 is stored as 0
  }

  const strata = checkStrata(cells, measure, row, ctx.rules, errors);

  if (errors.length || !measure || municipality === null || period === null || value === null || !strata) {
    return { record: null, errors };
  }
  const prefecture = municipality === ctx.rules.nationalCode ? NATIONAL_PREFECTURE : prefectureOf(municipality);
  return { record: { measure: measure.id, municipality, prefecture, period, value, ...strata }, errors };
}

function checkMunicipality(
  code: string,
  measure: ReferenceMeasure | undefined,
  row: number,
  raw: string,
  ctx: RowContext,
  errors: RowError[],
): string | null {
  const fail = (e: RowError) => (errors.push(e), null);
  const col = 'municipality_code';
  const national = ctx.rules.nationalCode;
  if (code === national) {
    if (measure && !measure.national) return fail(refError(row, col, raw, 'national_code_not_allowed', { code }));
    // The standard population is master data shared by every prefecture: only an admin may replace it.
    if (!ctx.mayLoadNational) return fail(refError(row, col, raw, 'national_not_permitted', { code }));
    return code;
  }
  if (!/^\d{6}$/.test(code)) return fail(refError(row, col, raw, 'malformed_municipality_code'));
  if (!isValidMunicipalityCode(code)) return fail(refError(row, col, raw, 'invalid_check_digit'));
  if (!ctx.knownMunicipalities.has(code)) return fail(refError(row, col, raw, 'foreign_municipality'));
  if (ctx.boundPrefecture !== null && prefectureOf(code) !== ctx.boundPrefecture) {
    return fail(refError(row, col, raw, 'municipality_not_permitted', { bound: ctx.boundPrefecture }));
  }
  if (measure?.national) return fail(refError(row, col, raw, 'national_code_required', { code: national }));
  return code;
}

/**
 * sex and age_band: both blank (or 0 = all) for a total; both codes for a stratum of a stratified
 * measure, which may be given as its total alone, its strata alone, or both (the file checks
 * then compare them). One code without the other is refused. Unknown measure: only the codes
 * themselves are checked.
 */
function checkStrata(
  cells: Cells,
  measure: ReferenceMeasure | undefined,
  row: number,
  rules: ReferenceRules,
  errors: RowError[],
): { sex: number; ageBand: number } | null {
  const out = { sex: 0, ageBand: 0 };
  let ok = true;
  const givenOf = (col: string) => {
    const raw = cells[col] ?? '';
    return !isBlank(raw) && parseDecimal(normalizeCell(raw)) !== 0;
  };
  // A stratum names both codes; a total neither.
  const total = !givenOf('sex') && !givenOf('age_band');
  for (const [col, key, codes] of [
    ['sex', 'sex', rules.sexCodes],
    ['age_band', 'ageBand', rules.ageBandCodes],
  ] as const) {
    const raw = cells[col] ?? '';
    const text = isBlank(raw) ? '' : normalizeCell(raw);
    const n = text === '' ? 0 : parseDecimal(text);
    const given = n !== 0;
    if (measure && !measure.stratified && given) {
      errors.push(refError(row, col, raw, 'stratum_not_allowed'));
      ok = false;
    } else if (given && (n === null || !codes.includes(n))) {
      errors.push(refError(row, col, raw, 'code_out_of_list', { allowed: describeAllowed(codes.map(String)) }));
      ok = false;
    } else if (measure?.stratified && !given && !total) {
      errors.push(refError(row, col, raw, 'stratum_required'));
      ok = false;
    } else out[key] = n ?? 0;
  }
  return ok ? out : null;
}
