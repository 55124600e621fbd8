import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { inList } from '../measures/measures.repository.js';
import type { InputState } from './indicators.repository.js';

/** Which measures to read: municipal ones of a prefecture, and standard populations under `standardCode`. */
export interface MeasureScope {
  prefecture: string;
  period: number;
  measures: readonly string[];
  standards: readonly string[];
  standardCode: string;
}

/**
 * The period of the standard population in force for a period: the latest loaded at or before it,
 * else the earliest loaded. A standard is fixed, not yearly: the one the product ships (1985) serves
 * every later period until an admin loads a newer one, which then serves its period onwards.
 */
export const standardPeriod = (s: MeasureScope): SQL => sql`(
  SELECT COALESCE(max(period) FILTER (WHERE period <= ${s.period}), min(period)) FROM measures
  WHERE measure IN ${inList(s.standards)} AND municipality_code = ${s.standardCode})`;

/** The measure rows in scope (index on prefecture, period, measure; the standard by primary key). */
const scoped = (s: MeasureScope): SQL => sql`
  SELECT municipality_code, measure, sex, age_band, value, source, computed_at FROM measures
  WHERE prefecture_code = ${s.prefecture} AND period = ${s.period} AND measure IN ${inList(s.measures)}
  UNION ALL
  SELECT municipality_code, measure, sex, age_band, value, source, computed_at FROM measures
  WHERE measure IN ${inList(s.standards)} AND period = ${standardPeriod(s)} AND municipality_code = ${s.standardCode}`;

const stateSql = sql`
  SELECT json_agg(json_build_array(source, at, n))::text FROM (
    SELECT source, max(computed_at)::text AS at, count(*) AS n FROM m GROUP BY source) s`;

function parseState(json: string | null): InputState {
  const rows = json ? (JSON.parse(json) as [string, string, number][]) : [];
  return Object.fromEntries(rows.map(([source, at, n]) => [source, { at, n: Number(n) }]));
}

const lines = (text: string | null) => (text ? text.split('\n').map((l) => l.split(',')) : []);

/** One measure cell as the engine reads it. */
export interface MeasureCellRow {
  municipality_code: string;
  measure: string;
  sex: number;
  age_band: number;
  value: number;
}

/** Everything a recompute reads, from one statement. */
export interface EngineRows {
  cells: MeasureCellRow[];
  /** Per source, over the measures in scope: what the stored run will have seen. */
  state: InputState;
  /** Current survey slices: origin `kind/part`, municipality, upload id. */
  surveySlices: { origin: string; municipality: string; upload: string }[];
  /** Current reference slices (national ones included): measure, municipality, upload id. */
  referenceSlices: { measure: string; municipality: string; upload: string }[];
}

/**
 * Reads a recompute's inputs in one round trip: the measure cells, their state, and the current
 * survey and reference slices behind them. Rows come back as one text each and are split here —
 * for thousands of cells that is several times cheaper than the driver building a row object per
 * cell. Measure ids, codes and uuids hold no commas or newlines; float8 text round-trips exactly.
 */
export async function readEngineRows(db: Db, s: MeasureScope, nationalPrefecture: string): Promise<EngineRows> {
  const [row] = await queryRows<{ cells: string | null; state: string | null; survey: string | null; reference: string | null }>(db, sql`
    WITH m AS MATERIALIZED (${scoped(s)})
    SELECT
      (SELECT string_agg(concat_ws(',', municipality_code, measure, sex, age_band, value), E'\n') FROM m) AS cells,
      (${stateSql}) AS state,
      (SELECT string_agg(concat_ws(',', kind || '/' || part, municipality_code, upload_id), E'\n') FROM upload_slices
        WHERE prefecture_code = ${s.prefecture} AND wave = ${s.period} AND status = 'current') AS survey,
      (SELECT string_agg(concat_ws(',', measure, municipality_code, upload_id), E'\n') FROM reference_slices
        WHERE status = 'current' AND (
          (prefecture_code = ${s.prefecture} AND period = ${s.period})
          OR (prefecture_code = ${nationalPrefecture} AND period = ${standardPeriod(s)}))) AS reference`);
  return {
    cells: lines(row.cells).map(([municipality_code, measure, sex, ageBand, value]) => ({
      municipality_code,
      measure,
      sex: Number(sex),
      age_band: Number(ageBand),
      value: Number(value),
    })),
    state: parseState(row.state),
    surveySlices: lines(row.survey).map(([origin, municipality, upload]) => ({ origin, municipality, upload })),
    referenceSlices: lines(row.reference).map(([measure, municipality, upload]) => ({ measure, municipality, upload })),
  };
}

/** What a staleness check compares, per period: the stored run (if any) and the state of its inputs now. */
export interface PeriodCheck {
  run: { fingerprint: string; inputs: InputState } | null;
  state: InputState;
  /** The prefecture has measures of its own for the period (the standard population aside). */
  hasData: boolean;
}

/**
 * The stored runs and the current input state of several periods of a prefecture, in one round
 * trip (the measures in scope are the same for every period: the active indicators').
 */
export async function readPeriodChecks(
  db: Db,
  scope: Omit<MeasureScope, 'period'>,
  periods: readonly number[],
): Promise<Map<number, PeriodCheck>> {
  // The standard population each period reads: the one in force for it (see standardPeriod).
  const standards = sql.join(
    periods.map(
      (p) => sql`
      SELECT ${p}::int AS period, source, computed_at, false AS own FROM measures
      WHERE measure IN ${inList(scope.standards)} AND municipality_code = ${scope.standardCode}
        AND period = ${standardPeriod({ ...scope, period: p })}`,
    ),
    sql` UNION ALL `,
  );
  const [row] = await queryRows<{ runs: string | null; state: string | null; own: string | null }>(db, sql`
    WITH m AS MATERIALIZED (
      SELECT period, source, computed_at, true AS own FROM measures
      WHERE prefecture_code = ${scope.prefecture} AND period IN ${inList(periods)} AND measure IN ${inList(scope.measures)}
      ${scope.standards.length ? sql`UNION ALL ${standards}` : sql``})
    SELECT
      (SELECT json_agg(json_build_array(period, fingerprint, inputs))::text FROM indicator_runs
        WHERE prefecture_code = ${scope.prefecture} AND period IN ${inList(periods)}) AS runs,
      (SELECT json_agg(json_build_array(period, source, at, n))::text FROM (
        SELECT period, source, max(computed_at)::text AS at, count(*) AS n FROM m GROUP BY period, source) s) AS state,
      (SELECT json_agg(DISTINCT period)::text FROM m WHERE own) AS own`);
  const own = new Set(row.own ? (JSON.parse(row.own) as number[]).map(Number) : []);
  const out = new Map<number, PeriodCheck>(periods.map((p) => [p, { run: null, state: {}, hasData: own.has(p) }]));
  for (const [period, fingerprint, inputs] of row.runs ? (JSON.parse(row.runs) as [number, string, InputState][]) : [])
    out.get(Number(period))!.run = { fingerprint, inputs };
  for (const [period, source, at, n] of row.state ? (JSON.parse(row.state) as [number, string, string, number][]) : [])
    out.get(Number(period))!.state[source] = { at, n: Number(n) };
  return out;
}
