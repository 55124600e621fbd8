import { sql } from 'drizzle-orm';
import { type BulkTx, copyValue } from '../../db/bulk.js';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { inList } from '../measures/measures.repository.js';
import type { IndicatorValue, Level } from './engine/types.js';

/** Serialises recomputes of one prefecture and period (held to the end of the transaction). */
export async function lockPrefecturePeriod(db: Db, prefecture: string, period: number) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`indicators:${prefecture}:${period}`}))`);
}

/**
 * Deletes the stored values of these indicators for a prefecture and period — of every
 * indicator when `indicators` is null (a full recompute also drops retired indicators' rows).
 */
export async function deleteValues(db: Db, prefecture: string, period: number, indicators: readonly string[] | null) {
  const only = indicators ? sql`AND indicator IN ${inList(indicators)}` : sql``;
  await db.execute(sql`DELETE FROM indicator_values WHERE prefecture_code = ${prefecture} AND period = ${period} ${only}`);
}

const VALUE_COLUMNS = [
  'prefecture_code', 'period', 'indicator', 'level', 'unit_code', 'unit_name', 'position', 'status', 'reason',
  'numerator', 'denominator', 'value', 'ci95_lower', 'ci95_upper', 'ci998_lower', 'ci998_upper', 'undecidable',
  'contributing', 'members', 'uploads', 'rule_version',
];

/**
 * Stores values with COPY: a full recompute writes thousands of rows per prefecture, and COPY
 * parses them several times faster than an INSERT of bound or JSON values.
 */
export async function copyValues(tx: BulkTx, prefecture: string, period: number, values: readonly IndicatorValue[]) {
  if (values.length === 0) return;
  const num = (n: number | null | undefined) => (n === null || n === undefined ? '\\N' : String(n));
  let text = '';
  for (const v of values) {
    text +=
      `${prefecture}\t${period}\t${copyValue(v.indicator)}\t${v.level}\t${copyValue(v.code)}\t${copyValue(v.name)}\t` +
      `${v.position}\t${v.status}\t${v.reason ?? '\\N'}\t${num(v.numerator)}\t${num(v.denominator)}\t${num(v.value)}\t` +
      `${num(v.ci95?.lower)}\t${num(v.ci95?.upper)}\t${num(v.ci998?.lower)}\t${num(v.ci998?.upper)}\t` +
      `${num(v.undecidable)}\t${v.contributing}\t${v.members}\t${copyValue(JSON.stringify(v.uploads))}\t` +
      `${copyValue(v.ruleVersion)}\n`;
  }
  await tx.copyText('indicator_values', VALUE_COLUMNS, text);
}

/** Per source, the latest change and the number of measure rows: what a stored run saw. */
export type InputState = Record<string, { at: string; n: number }>;

/** A stored run: the fingerprint and input state its values were computed under. */
export interface RunRow {
  fingerprint: string;
  inputs: InputState;
  computed_at: string;
}

/** The run stored for a prefecture and period, if it was ever computed. */
export async function findRun(db: Db, prefecture: string, period: number): Promise<RunRow | undefined> {
  const rows = await queryRows<RunRow>(db, sql`
    SELECT fingerprint, inputs, computed_at::text AS computed_at FROM indicator_runs
    WHERE prefecture_code = ${prefecture} AND period = ${period}`);
  return rows[0];
}

/** Records that a prefecture and period were computed, under which catalogue and inputs. */
export async function upsertRun(db: Db, prefecture: string, period: number, fingerprint: string, inputs: InputState) {
  await db.execute(sql`
    INSERT INTO indicator_runs (prefecture_code, period, fingerprint, inputs, computed_at)
    VALUES (${prefecture}, ${period}, ${fingerprint}, ${JSON.stringify(inputs)}::jsonb, now())
    ON CONFLICT (prefecture_code, period)
    DO UPDATE SET fingerprint = excluded.fingerprint, inputs = excluded.inputs, computed_at = now()`);
}

/** A stored value row. */
export interface ValueRow {
  level: Level;
  unit_code: string;
  unit_name: string;
  status: IndicatorValue['status'];
  reason: IndicatorValue['reason'];
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ci95_lower: number | null;
  ci95_upper: number | null;
  ci998_lower: number | null;
  ci998_upper: number | null;
  undecidable: number | null;
  contributing: number;
  members: number;
  uploads: string[];
  rule_version: string;
  computed_at: Date;
}

/** The stored values of one indicator, prefecture and period, optionally of some levels, in engine order. */
export function readValues(db: Db, prefecture: string, indicator: string, period: number, levels?: readonly Level[]) {
  const levelFilter = levels ? sql`AND level IN ${inList(levels)}` : sql``;
  return queryRows<ValueRow>(db, sql`
    SELECT level, unit_code, unit_name, status, reason, numerator, denominator, value, ci95_lower, ci95_upper,
      ci998_lower, ci998_upper, undecidable, contributing, members, uploads, rule_version, computed_at
    FROM indicator_values
    WHERE prefecture_code = ${prefecture} AND indicator = ${indicator} AND period = ${period} ${levelFilter}
    ORDER BY position`);
}

/** A stored value row with the indicator and period it belongs to. */
export interface BatchValueRow extends Omit<ValueRow, 'computed_at'> {
  indicator: string;
  period: number;
}

/**
 * The stored values of every indicator of a prefecture for several periods at once (one round
 * trip for a whole gap report), in indicator, period and engine order. The rows come back as one
 * JSON text: for thousands of rows, one JSON.parse is several times cheaper than the driver
 * building and parsing each row.
 */
export async function readValuesBatch(
  db: Db,
  prefecture: string,
  periods: readonly number[],
  levels?: readonly Level[],
): Promise<BatchValueRow[]> {
  if (periods.length === 0) return [];
  const levelFilter = levels ? sql`AND level IN ${inList(levels)}` : sql``;
  const [row] = await queryRows<{ rows: string | null }>(db, sql`
    SELECT json_agg(json_build_array(indicator, period, level, unit_code, unit_name, status, reason, numerator,
      denominator, value, ci95_lower, ci95_upper, ci998_lower, ci998_upper, undecidable, contributing, members,
      uploads, rule_version) ORDER BY indicator, period, position)::text AS rows
    FROM indicator_values
    WHERE prefecture_code = ${prefecture} AND period IN ${inList(periods)} ${levelFilter}`);
  const list = row.rows ? (JSON.parse(row.rows) as unknown[][]) : [];
  return list.map((r) => ({
    indicator: r[0] as string,
    period: r[1] as number,
    level: r[2] as Level,
    unit_code: r[3] as string,
    unit_name: r[4] as string,
    status: r[5] as ValueRow['status'],
    reason: r[6] as ValueRow['reason'],
    numerator: r[7] as number | null,
    denominator: r[8] as number | null,
    value: r[9] as number | null,
    ci95_lower: r[10] as number | null,
    ci95_upper: r[11] as number | null,
    ci998_lower: r[12] as number | null,
    ci998_upper: r[13] as number | null,
    undecidable: r[14] as number | null,
    contributing: r[15] as number,
    members: r[16] as number,
    uploads: r[17] as string[],
    rule_version: r[18] as string,
  }));
}
