import type { RowError } from '../../shared/errors.js';
import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import { messages } from './targets.messages.js';

/** Where a target applies: the prefecture (default for all), an area (二次医療圏) or one municipality. */
export const SCOPES = ['prefecture', 'area', 'municipality'] as const;
/** One of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[number];

const SCOPE_ALIASES: Record<string, Scope> = {
  prefecture: 'prefecture',
  都道府県: 'prefecture',
  県: 'prefecture',
  area: 'area',
  圏域: 'area',
  municipality: 'municipality',
  市町村: 'municipality',
};

/** A scope given as English id or Japanese word; `null` when it is neither. */
export const parseScope = (s: string): Scope | null => SCOPE_ALIASES[s.normalize('NFKC').trim()] ?? null;

/** What a target is checked against: the catalogue and one prefecture's regions. */
export interface TargetLookups {
  prefecture: string;
  indicator(id: string): IndicatorDef | undefined;
  areas: ReadonlySet<string>;
  municipalities: ReadonlySet<string>;
}

/** A target as given, numbers already parsed (null = not given). */
export interface TargetFields {
  indicator: string;
  scope: Scope;
  code: string;
  targetYear: number;
  targetValue: number;
  baselineYear: number | null;
  baselineValue: number | null;
  note: string | null;
}

/** A checked target, ready to store. */
export interface ValidTarget extends TargetFields {
  prefecture: string;
}

const isYear = (y: number) => Number.isInteger(y) && y >= 2000 && y <= 2100;

/**
 * Checks one target against the catalogue and the prefecture's regions; `row` is the file row
 * (null for a single PUT). A prefecture-scope target may leave its code empty.
 */
export function checkTarget(
  t: TargetFields,
  lk: TargetLookups,
  row: number | null,
): { target?: ValidTarget; errors: RowError[] } {
  const errors: RowError[] = [];
  const add = (column: string, value: unknown, code: string, message: string) =>
    errors.push({ row, column, value: value === null || value === undefined ? null : String(value), code, message });
  const def = lk.indicator(t.indicator);
  if (!def) add('indicator', t.indicator, 'unknown_indicator', messages.unknownIndicator(t.indicator));
  else if (def.status === 'planned')
    add('indicator', t.indicator, 'planned_indicator', messages.plannedIndicator(t.indicator));
  else if (!def.direction || def.direction === 'none')
    add('indicator', t.indicator, 'no_direction', messages.noDirection(t.indicator));

  const code = t.scope === 'prefecture' ? t.code || lk.prefecture : t.code;
  if (t.scope === 'prefecture' && code !== lk.prefecture)
    add('code', t.code, 'prefecture_mismatch', messages.prefectureMismatch(lk.prefecture));
  if (t.scope === 'area' && !lk.areas.has(code)) add('code', t.code, 'unknown_area', messages.unknownArea(t.code));
  if (t.scope === 'municipality' && !lk.municipalities.has(code))
    add('code', t.code, 'unknown_municipality', messages.unknownMunicipality(t.code));

  if (!isYear(t.targetYear)) add('target_year', t.targetYear, 'invalid_year', messages.invalidYear());
  if (t.baselineYear !== null && !isYear(t.baselineYear))
    add('baseline_year', t.baselineYear, 'invalid_year', messages.invalidYear());
  else if (t.baselineYear !== null && isYear(t.targetYear) && t.baselineYear > t.targetYear) {
    add('baseline_year', t.baselineYear, 'baseline_after_target', messages.baselineAfterTarget());
  }
  for (const [column, v] of [
    ['target_value', t.targetValue],
    ['baseline_value', t.baselineValue],
  ] as const) {
    if (v === null) continue;
    if (!Number.isFinite(v)) add(column, v, 'non_numeric', messages.nonNumeric());
    else if (def?.unit === 'percent' && (v < 0 || v > 100)) add(column, v, 'out_of_range', messages.outOfRange(0, 100));
    else if (v < 0) add(column, v, 'out_of_range', messages.negative());
  }
  if (errors.length) return { errors };
  return { target: { ...t, code, prefecture: lk.prefecture }, errors };
}
