import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';

/** `(a, b, c)` of bound parameters, for IN lists (an empty list matches nothing). */
export const inList = (values: readonly (string | number)[]): SQL =>
  values.length
    ? sql`(${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )})`
    : sql`(NULL)`;

/** Deletes the named measures of these municipalities and period, whatever their source. */
export async function deleteMeasures(
  db: Db,
  source: string,
  period: number,
  municipalities: string[],
  names: string[],
) {
  if (!municipalities.length || !names.length) return;
  await db.execute(sql`
    DELETE FROM measures
    WHERE source = ${source} AND period = ${period}
      AND municipality_code IN ${inList(municipalities)} AND measure IN ${inList(names)}`);
}

/**
 * Inserts measures from an aggregate query that yields one row per
 * (prefecture_code, municipality_code, period) with one column m<i> per measure name.
 */
export async function insertAggregated(db: Db, source: string, names: string[], aggregate: SQL) {
  const values = sql.join(
    names.map((n, i) => sql`(${n}, a.${sql.raw(`m${i}`)}::float8)`),
    sql`, `,
  );
  await db.execute(sql`
    INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
    SELECT a.prefecture_code, a.municipality_code, a.period, v.measure, 0, 0, v.value, ${source}
    FROM (${aggregate}) a
    CROSS JOIN LATERAL (VALUES ${values}) AS v(measure, value)
    WHERE v.value IS NOT NULL`);
}

/** Inserts unstratified measure values (municipality → measure → value) of one period. */
export async function insertValues(
  db: Db,
  source: string,
  period: number,
  values: ReadonlyMap<string, ReadonlyMap<string, number>>,
) {
  const rows: SQL[] = [];
  for (const [municipality, byName] of values) {
    for (const [measure, value] of byName) {
      rows.push(sql`(${municipality.slice(0, 2)}, ${municipality}, ${period}, ${measure}, 0, 0, ${value}::float8, ${source})`);
    }
  }
  for (let i = 0; i < rows.length; i += 2000) {
    await db.execute(sql`
      INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
      VALUES ${sql.join(rows.slice(i, i + 2000), sql`, `)}`);
  }
}

/** Deletes the measures of `source` in the slices a query yields as (measure, period, municipality_code). */
export async function deleteSlices(db: Db, source: string, slices: SQL) {
  await db.execute(sql`
    DELETE FROM measures m USING (${slices}) t
    WHERE m.source = ${source} AND m.measure = t.measure AND m.period = t.period
      AND m.municipality_code = t.municipality_code`);
}

/**
 * Inserts measures from a query yielding rows as loaded, strata included:
 * (prefecture_code, municipality_code, period, measure, sex, age_band, value).
 */
export async function insertRows(db: Db, source: string, rows: SQL) {
  await db.execute(sql`
    INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
    SELECT x.prefecture_code, x.municipality_code, x.period, x.measure, x.sex, x.age_band, x.value, ${source}
    FROM (${rows}) x`);
}

export interface MeasureRow {
  prefecture_code: string;
  municipality_code: string;
  period: number;
  measure: string;
  sex: number;
  age_band: number;
  value: number;
  source: string;
  computed_at: Date;
}

export async function findMeasures(
  db: Db,
  f: { prefecture?: string; measure?: string; period?: number; municipality?: string; source?: string },
) {
  const conds: SQL[] = [sql`TRUE`];
  if (f.prefecture) conds.push(sql`prefecture_code = ${f.prefecture}`);
  if (f.measure) conds.push(sql`(measure = ${f.measure} OR measure LIKE ${`${f.measure}.%`})`);
  if (f.period !== undefined) conds.push(sql`period = ${f.period}`);
  if (f.municipality) conds.push(sql`municipality_code = ${f.municipality}`);
  if (f.source) conds.push(sql`source = ${f.source}`);
  return queryRows<MeasureRow>(
    db,
    sql`SELECT * FROM measures WHERE ${sql.join(conds, sql` AND `)}
        ORDER BY measure, period, municipality_code, sex, age_band LIMIT 100000`,
  );
}

/** The periods that have any measure of a prefecture, ascending. */
export async function periodsOf(db: Db, prefecture: string): Promise<number[]> {
  const rows = await queryRows<{ period: number }>(
    db,
    sql`SELECT DISTINCT period FROM measures WHERE prefecture_code = ${prefecture} ORDER BY period`,
  );
  return rows.map((r) => Number(r.period));
}
