import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { uploadRuleVersions, uploads, uploadSlices } from './surveys.tables.js';

export type UploadRow = typeof uploads.$inferSelect;
export type SliceRow = typeof uploadSlices.$inferSelect;

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
