import type { RowError } from '../../shared/errors.js';
import { numberText } from '../surveys/parse/cell-text.js';
import { normalizeCell } from '../surveys/parse/normalize.js';
import { refError } from './reference.messages.js';
import type { ReferenceRules } from './reference.rules.js';
import type { ReferenceRecord } from './reference.validate.js';

/** The checks that need more than one row: duplicates, strata completeness, totals. */
export interface FileChecks {
  /** Takes a valid row; answers a duplicate_row error at once, or null. `valueText` is the cell as written. */
  add(record: ReferenceRecord, row: number, valueText: string): RowError | null;
  /**
   * Takes an invalid row's cells: the slice and sum group it names (when it names one) are not
   * checked for completeness or totals, which would only echo the row's own error.
   */
  taint(cells: Readonly<Record<string, string>>): void;
  /** After the last row: strata_incomplete, sum_incomplete and total_mismatch errors, by row. */
  finish(): RowError[];
}

interface SumGroup {
  firstRow: number;
  seen: Set<string>;
  sum: number;
  total?: { row: number; value: number; text: string };
}

/**
 * Creates the whole-file checks of one upload. Memory holds one key per row (for duplicates)
 * and one entry per stratified slice and per sum group, never the rows themselves.
 */
export function createFileChecks(rules: ReferenceRules): FileChecks {
  const firstRowOf = new Map<string, number>();
  // Per stratified slice: its full strata (count, sum) and its total row, if given.
  const strata = new Map<
    string,
    { firstRow: number; count: number; sum: number; total?: { row: number; value: number; text: string } }
  >();
  const sumRuleOf = new Map<string, number>();
  rules.sums.forEach((s, i) => [s.total, ...s.parts].forEach((m) => sumRuleOf.set(m, i)));
  const sums = new Map<string, SumGroup>();
  const expectedStrata = rules.sexCodes.length * rules.ageBandCodes.length;
  const tainted = new Set<string>();

  return {
    add(r, row, valueText) {
      const key = `${r.measure}|${r.municipality}|${r.period}|${r.sex}|${r.ageBand}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) return refError(row, 'measure', r.measure, 'duplicate_row', { firstRow: first });
      firstRowOf.set(key, row);

      if (rules.measures.get(r.measure)?.stratified) {
        const sliceKey = `${r.measure}|${r.municipality}|${r.period}`; // as taint() spells it
        const g = strata.get(sliceKey) ?? { firstRow: row, count: 0, sum: 0 };
        if (r.sex === 0 && r.ageBand === 0) g.total = { row, value: r.value, text: valueText };
        else {
          if (g.count === 0) g.firstRow = row;
          g.count++;
          g.sum += r.value;
        }
        strata.set(sliceKey, g);
      }
      const rule = sumRuleOf.get(r.measure);
      if (rule !== undefined) {
        const groupKey = `${rule}|${r.municipality}|${r.period}`;
        const g = sums.get(groupKey) ?? { firstRow: row, seen: new Set<string>(), sum: 0 };
        g.seen.add(r.measure);
        if (r.measure === rules.sums[rule].total) g.total = { row, value: r.value, text: valueText };
        else g.sum += r.value;
        sums.set(groupKey, g);
      }
      return null;
    },

    taint(cells) {
      const [measure, municipality, period] = ['measure', 'municipality_code', 'period'].map((c) =>
        normalizeCell(cells[c] ?? ''),
      );
      tainted.add(`${measure}|${municipality}|${period}`);
      const rule = sumRuleOf.get(measure);
      if (rule !== undefined) tainted.add(`${rule}|${municipality}|${period}`);
    },

    finish() {
      const errors: RowError[] = [];
      for (const [key, g] of strata) {
        if (tainted.has(key) || g.count === 0) continue; // a total alone is enough
        if (g.count < expectedStrata) {
          errors.push(
            refError(g.firstRow, 'age_band', null, 'strata_incomplete', { given: g.count, expected: expectedStrata }),
          );
        } else if (g.total && !nearlyEqual(g.total.value, g.sum)) {
          errors.push(
            refError(g.total.row, 'value', g.total.text, 'total_mismatch', { parts: '性別×年齢階級', sum: numberText(g.sum) }),
          );
        }
      }
      for (const [key, g] of sums) {
        if (tainted.has(key)) continue;
        const rule = rules.sums[Number(key.split('|')[0])];
        const missing = [rule.total, ...rule.parts].filter((m) => !g.seen.has(m));
        if (missing.length) {
          errors.push(
            refError(g.firstRow, 'measure', null, 'sum_incomplete', {
              label: rule.label_ja,
              missing: missing.join(', '),
            }),
          );
        } else if (g.total && !nearlyEqual(g.total.value, g.sum)) {
          const parts = rule.parts.map((p) => p.split('.').pop()).join('+');
          errors.push(
            refError(g.total.row, 'value', g.total.text, 'total_mismatch', { parts, sum: numberText(g.sum) }),
          );
        }
      }
      return errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    },
  };
}

/** Equal up to float noise: counts are integers, but a source may publish decimals. */
const nearlyEqual = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
