import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { inList } from '../measures/measures.repository.js';
import { referenceSlices, referenceUploads } from './reference.tables.js';

export type ReferenceUploadRow = typeof referenceUploads.$inferSelect;
export type ReferenceSliceRow = typeof referenceSlices.$inferSelect;

/** Slice counts of one upload in one status, with what they cover. */
export interface ReferenceSliceSummary {
  upload_id: string;
  status: string;
  n: number;
  periods: number[];
  measures: string[];
  municipalities: string[];
}

export async function insertUpload(db: Db, row: typeof referenceUploads.$inferInsert) {
  const [created] = await db.insert(referenceUploads).values(row).returning();
  return created;
}

export async function findUpload(db: Db, id: string) {
  const rows = await db.select().from(referenceUploads).where(eq(referenceUploads.id, id)).limit(1);
  return rows[0];
}

/** Current slices of these periods in a prefecture and nationally (for a dry run's comparison). */
export async function currentSlices(db: Db, periods: number[], prefectures: string[]) {
  if (!periods.length) return [];
  return db
    .select({
      uploadId: referenceSlices.uploadId,
      measure: referenceSlices.measure,
      period: referenceSlices.period,
      municipalityCode: referenceSlices.municipalityCode,
    })
    .from(referenceSlices)
    .where(
      and(
        eq(referenceSlices.status, 'current'),
        inArray(referenceSlices.period, periods),
        inArray(referenceSlices.prefectureCode, prefectures),
      ),
    );
}

/** Slice counts of uploads by status, periods, measures and municipalities. */
export async function summaries(db: Db, uploadIds: string[]) {
  if (!uploadIds.length) return [];
  return queryRows<ReferenceSliceSummary>(
    db,
    sql`SELECT upload_id, status, count(*)::int AS n,
               array_agg(DISTINCT period::int) AS periods, array_agg(DISTINCT measure) AS measures,
               array_agg(DISTINCT municipality_code::text) AS municipalities
        FROM reference_slices WHERE upload_id IN ${inList(uploadIds)} GROUP BY upload_id, status`,
  );
}

/** Uploads whose slices `id` replaced, with how many. */
export async function supersededBy(db: Db, id: string) {
  return queryRows<{ upload_id: string; n: number }>(
    db,
    sql`SELECT upload_id, count(*)::int AS n FROM reference_slices WHERE superseded_by = ${id}
        GROUP BY upload_id ORDER BY upload_id`,
  );
}

export async function listUploads(
  db: Db,
  f: { prefectures?: string[]; period?: number; measure?: string; municipality?: string },
) {
  const conds: SQL[] = [sql`TRUE`];
  if (f.prefectures) conds.push(inArray(referenceUploads.prefectureCode, f.prefectures));
  const slice: SQL[] = [];
  if (f.period !== undefined) slice.push(sql`s.period = ${f.period}`);
  if (f.measure) slice.push(sql`s.measure = ${f.measure}`);
  if (f.municipality) slice.push(sql`s.municipality_code = ${f.municipality}`);
  if (slice.length) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM reference_slices s WHERE s.upload_id = ${referenceUploads.id} AND ${sql.join(slice, sql` AND `)})`,
    );
  }
  return db
    .select()
    .from(referenceUploads)
    .where(and(...conds))
    .orderBy(desc(referenceUploads.createdAt))
    .limit(1000);
}

/** The slices of upload `id` as SQL rows (measure, period, municipality_code): what a change touched. */
export const touchedSlices = (id: string): SQL =>
  sql`SELECT measure, period, municipality_code FROM reference_slices WHERE upload_id = ${id}`;

/** The current rows of the slices upload `id` touched, in the measures table's columns. */
export const currentRowsOfTouched = (id: string): SQL => sql`
  SELECT r.prefecture_code, r.municipality_code, r.period, r.measure, r.sex, r.age_band, r.value
  FROM reference_slices t
  JOIN reference_slices c ON c.measure = t.measure AND c.period = t.period
    AND c.municipality_code = t.municipality_code AND c.status = 'current'
  JOIN reference_rows r ON r.upload_id = c.upload_id AND r.measure = c.measure AND r.period = c.period
    AND r.municipality_code = c.municipality_code
  WHERE t.upload_id = ${id}`;

/** Prefectures and periods of the slices upload `id` holds. */
export async function scopeOf(db: Db, id: string) {
  return queryRows<{ prefecture_code: string; period: number }>(
    db,
    sql`SELECT DISTINCT prefecture_code, period::int AS period FROM reference_slices WHERE upload_id = ${id}`,
  );
}
