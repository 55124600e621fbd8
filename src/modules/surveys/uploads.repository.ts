import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { inList } from '../measures/measures.repository.js';
import { uploadRuleVersions, uploads, uploadSlices } from './surveys.tables.js';

export type UploadRow = typeof uploads.$inferSelect;
export type SliceRow = typeof uploadSlices.$inferSelect;

/** Serialises writers of one (kind, part, wave) until the transaction ends. */
export async function lockWave(db: Db, kind: string, part: string, wave: number) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`uploads:${kind}:${part}:${wave}`}))`);
}

/** A live upload of the same content (not retracted, still current somewhere). */
export async function findIdentical(db: Db, kind: string, part: string, wave: number, sha256: string) {
  const rows = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(
      and(
        eq(uploads.kind, kind),
        eq(uploads.part, part),
        eq(uploads.wave, wave),
        eq(uploads.sha256, sha256),
        isNull(uploads.retractedAt),
        sql`EXISTS (SELECT 1 FROM upload_slices s WHERE s.upload_id = ${uploads.id} AND s.status = 'current')`,
      ),
    )
    .orderBy(desc(uploads.createdAt))
    .limit(1);
  return rows[0]?.id;
}

export async function insertUpload(db: Db, row: typeof uploads.$inferInsert) {
  const [created] = await db.insert(uploads).values(row).returning();
  return created;
}

export async function insertRuleVersion(db: Db, uploadId: string, rules: unknown) {
  await db.insert(uploadRuleVersions).values({ uploadId, rules });
}

/** The current versions of these (kind, part, wave, municipality) slices. */
const currentOf = (kind: string, part: string, wave: number, municipalities: string[]) =>
  and(
    eq(uploadSlices.kind, kind),
    eq(uploadSlices.part, part),
    eq(uploadSlices.wave, wave),
    eq(uploadSlices.status, 'current'),
    inArray(uploadSlices.municipalityCode, municipalities),
  );

export async function currentSlices(db: Db, kind: string, part: string, wave: number, municipalities: string[]) {
  if (!municipalities.length) return [];
  return db
    .select()
    .from(uploadSlices)
    .where(currentOf(kind, part, wave, municipalities));
}

/** Marks the current versions of these slices superseded by `by`; returns what it superseded. */
export async function supersede(
  db: Db,
  kind: string,
  part: string,
  wave: number,
  municipalities: string[],
  by: string,
) {
  if (!municipalities.length) return [];
  return db
    .update(uploadSlices)
    .set({ status: 'superseded', supersededBy: by, changedAt: sql`now()` })
    .where(currentOf(kind, part, wave, municipalities))
    .returning({ uploadId: uploadSlices.uploadId, municipalityCode: uploadSlices.municipalityCode });
}

export async function insertSlices(db: Db, rows: (typeof uploadSlices.$inferInsert)[]) {
  if (rows.length) await db.insert(uploadSlices).values(rows);
}

export async function findUpload(db: Db, id: string) {
  const rows = await db.select().from(uploads).where(eq(uploads.id, id)).limit(1);
  return rows[0];
}

export async function slicesOf(db: Db, uploadIds: string[]) {
  if (!uploadIds.length) return [];
  return db
    .select()
    .from(uploadSlices)
    .where(inArray(uploadSlices.uploadId, uploadIds))
    .orderBy(uploadSlices.municipalityCode);
}

export async function listUploads(
  db: Db,
  f: { kind: string; part?: string; wave?: number; municipality?: string; prefecture?: string | null },
) {
  const conds: SQL[] = [eq(uploads.kind, f.kind)];
  if (f.part) conds.push(eq(uploads.part, f.part));
  if (f.wave !== undefined) conds.push(eq(uploads.wave, f.wave));
  if (f.prefecture) conds.push(eq(uploads.prefectureCode, f.prefecture));
  if (f.municipality)
    conds.push(
      sql`EXISTS (SELECT 1 FROM upload_slices s WHERE s.upload_id = ${uploads.id} AND s.municipality_code = ${f.municipality})`,
    );
  return db
    .select()
    .from(uploads)
    .where(and(...conds))
    .orderBy(desc(uploads.createdAt))
    .limit(1000);
}

export async function markRetracted(db: Db, id: string, by: string) {
  await db
    .update(uploads)
    .set({ retractedAt: sql`now()`, retractedBy: by })
    .where(eq(uploads.id, id));
  return db
    .update(uploadSlices)
    .set({ status: 'retracted', changedAt: sql`now()` })
    .where(and(eq(uploadSlices.uploadId, id), sql`status <> 'retracted'`))
    .returning();
}

/**
 * Makes the newest earlier version of each slice current again (the one a retraction uncovers):
 * the latest superseded slice of a live upload.
 */
export async function restorePrevious(db: Db, kind: string, part: string, wave: number, municipalities: string[]) {
  if (!municipalities.length) return [];
  return queryRows<{ upload_id: string; municipality_code: string }>(
    db,
    sql`
    UPDATE upload_slices s SET status = 'current', superseded_by = NULL, changed_at = now()
    FROM (
      SELECT DISTINCT ON (p.municipality_code) p.upload_id, p.municipality_code
      FROM upload_slices p JOIN uploads u ON u.id = p.upload_id
      WHERE p.kind = ${kind} AND p.part = ${part} AND p.wave = ${wave} AND p.status = 'superseded'
        AND u.retracted_at IS NULL AND p.municipality_code IN ${inList(municipalities)}
        AND NOT EXISTS (SELECT 1 FROM upload_slices c WHERE c.kind = p.kind AND c.part = p.part AND c.wave = p.wave
                        AND c.municipality_code = p.municipality_code AND c.status = 'current')
      ORDER BY p.municipality_code, p.created_at DESC
    ) prev
    WHERE s.upload_id = prev.upload_id AND s.municipality_code = prev.municipality_code
    RETURNING s.upload_id, s.municipality_code`,
  );
}

/** establishment_id → municipality of the current establishments rows of a wave. */
export async function establishmentMunicipalities(db: Db, wave: number, prefecture?: string | null) {
  const rows = await queryRows<{ establishment_id: string; municipality_code: string }>(
    db,
    sql`SELECT DISTINCT ON (r.establishment_id) r.establishment_id, r.municipality_code
        FROM survey_workforce_establishments r
        JOIN upload_slices s ON s.upload_id = r.upload_id AND s.municipality_code = r.municipality_code AND s.status = 'current'
        WHERE r.wave = ${wave} ${prefecture ? sql`AND r.prefecture_code = ${prefecture}` : sql``}
        ORDER BY r.establishment_id, s.created_at DESC`,
  );
  return new Map(rows.map((r) => [r.establishment_id, r.municipality_code]));
}
