import { parse } from 'csv-parse/sync';
import type { RowError } from '../../shared/errors.js';
import { decodeSmallText } from '../../shared/text.js';
import { messages } from './targets.messages.js';
import { checkTarget, parseScope, type TargetLookups, type ValidTarget } from './targets.validate.js';

/** Columns of a target file, with their Japanese aliases. */
export const TARGET_COLUMNS: Record<string, string[]> = {
  indicator: ['indicator', '指標ID', '指標'],
  scope: ['scope', '範囲'],
  code: ['code', 'scope_code', 'コード'],
  target_year: ['target_year', '目標年度'],
  target_value: ['target_value', '目標値'],
  baseline_year: ['baseline_year', '基準年度'],
  baseline_value: ['baseline_value', '基準値'],
  note: ['note', '備考'],
};
const REQUIRED = ['indicator', 'scope', 'target_year', 'target_value'];

const err = (
  row: number | null,
  column: string | null,
  value: string | null,
  code: string,
  message: string,
): RowError => ({
  row,
  column,
  value,
  code,
  message,
});

/** Largest magnitude of a target or baseline value (beyond it the number is a typo or an attack). */
const VALUE_MAX = 1e13;

/** A number cell: full-width digits and thousands separators accepted; NaN when not a (sane) number. */
const num = (s: string) => {
  if (s === '') return null;
  const plain = s.normalize('NFKC').replaceAll(',', '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(plain)) return NaN;
  const n = Number(plain);
  return Math.abs(n) <= VALUE_MAX ? n + 0 : NaN;
};

/**
 * Parses and checks a target file (CSV, UTF-8 or Shift_JIS, header = row 1) against the catalogue
 * and one prefecture's regions. Pure: every rule is unit-tested without a database. The file is
 * accepted only when `errors` is empty.
 */
export function parseTargetsCsv(buf: Buffer, lk: TargetLookups): { targets: ValidTarget[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = parse(decodeSmallText(buf), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? null;
    return { targets: [], errors: [err(line, null, null, 'invalid_csv', messages.invalidCsv((e as Error).message))] };
  }
  if (records.length === 0) return { targets: [], errors: [err(1, null, null, 'empty_file', messages.emptyFile())] };
  const errors: RowError[] = [];
  const index: Record<string, number> = {};
  records[0].forEach((h, i) => {
    const id = Object.keys(TARGET_COLUMNS).find((k) => TARGET_COLUMNS[k].includes(h.normalize('NFKC')));
    if (!id) errors.push(err(1, h, h, 'unknown_column', messages.unknownColumn(h)));
    else if (index[id] !== undefined) errors.push(err(1, h, h, 'duplicate_column', messages.duplicateColumn(h)));
    else index[id] = i;
  });
  for (const c of REQUIRED)
    if (index[c] === undefined) errors.push(err(1, c, null, 'missing_column', messages.missingColumn(c)));
  records.slice(1).forEach((rec, i) => {
    if (rec.slice(records[0].length).some((v) => v !== ''))
      errors.push(err(i + 2, null, rec.slice(records[0].length).join(','), 'cell_outside_columns', messages.cellOutsideColumns()));
  });
  if (errors.length) return { targets: [], errors };
  if (records.length === 1) return { targets: [], errors: [err(null, null, null, 'empty_file', messages.noRows())] };

  const targets: ValidTarget[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    const get = (c: string) => (index[c] === undefined ? '' : (rec[index[c]] ?? '').trim());
    const rowErrors: RowError[] = [];
    for (const c of REQUIRED) if (get(c) === '') rowErrors.push(err(row, c, '', 'required', messages.required()));
    const scope = parseScope(get('scope'));
    if (get('scope') !== '' && !scope)
      rowErrors.push(err(row, 'scope', get('scope'), 'invalid_scope', messages.invalidScope()));
    const numbers = Object.fromEntries(
      ['target_year', 'target_value', 'baseline_year', 'baseline_value'].map((c) => {
        const v = num(get(c));
        if (Number.isNaN(v))
          rowErrors.push(
            err(
              row,
              c,
              get(c),
              c.endsWith('year') ? 'invalid_year' : 'non_numeric',
              c.endsWith('year') ? messages.invalidYear() : messages.nonNumeric(),
            ),
          );
        return [c, v];
      }),
    ) as Record<string, number | null>;
    // Every bad cell of the row is reported: the catalogue and region checks run on the cells
    // that parsed, skipping columns already reported (and the code when the scope is unknown).
    const checked = checkTarget(
      {
        indicator: get('indicator'),
        scope: scope ?? 'municipality',
        code: get('code'),
        targetYear: numbers.target_year!,
        targetValue: numbers.target_value!,
        baselineYear: numbers.baseline_year,
        baselineValue: numbers.baseline_value,
        note: get('note') || null,
      },
      lk,
      row,
    );
    const reported = new Set(rowErrors.map((e) => e.column));
    if (!scope) reported.add('code');
    const further = checked.errors.filter((e) => !reported.has(e.column));
    if (rowErrors.length || further.length || !checked.target || !scope) return void errors.push(...rowErrors, ...further);
    const t = checked.target;
    const key = [t.indicator, t.scope, t.code, t.targetYear].join('\u0000');
    const first = seen.get(key);
    if (first) errors.push(err(row, 'indicator', t.indicator, 'duplicate_key', messages.duplicateKey(first)));
    else {
      seen.set(key, row);
      targets.push(t);
    }
  });
  return { targets, errors };
}
