import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { municipalities, prefectures, regionImports } from './regions.tables.js';

export type MunicipalityRow = typeof municipalities.$inferSelect;
export type NewMunicipality = typeof municipalities.$inferInsert;

export async function listPrefectures(db: Db) {
  return db
    .select({
      code: prefectures.code,
      name: prefectures.nameJa,
      municipalityCount: sql<number>`count(${municipalities.code})::int`,
    })
    .from(prefectures)
    .leftJoin(municipalities, eq(municipalities.prefectureCode, prefectures.code))
    .groupBy(prefectures.code, prefectures.nameJa)
    .orderBy(asc(prefectures.code));
}

export async function prefectureExists(db: Db, code: string): Promise<boolean> {
  const rows = await db.select({ code: prefectures.code }).from(prefectures).where(eq(prefectures.code, code));
  return rows.length > 0;
}

export async function upsertPrefectures(db: Db, rows: { code: string; nameJa: string }[]) {
  if (rows.length === 0) return;
  await db
    .insert(prefectures)
    .values(rows)
    .onConflictDoUpdate({ target: prefectures.code, set: { nameJa: sql`excluded.name_ja` } });
}

export async function listMunicipalities(db: Db, prefectureCode?: string, area?: string) {
  const conds = [];
  if (prefectureCode) conds.push(eq(municipalities.prefectureCode, prefectureCode));
  if (area) conds.push(or(eq(municipalities.medicalArea, area), eq(municipalities.welfareArea, area)));
  return db
    .select()
    .from(municipalities)
    .where(conds.length ? and(...conds) : undefined)
    // The master's order (row order of the prefecture's file), as the prefecture lists them.
    .orderBy(asc(municipalities.prefectureCode), asc(municipalities.position), asc(municipalities.code));
}

export async function findMunicipality(db: Db, code: string): Promise<MunicipalityRow | undefined> {
  const rows = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
  return rows[0];
}

export async function upsertMunicipalities(db: Db, rows: NewMunicipality[]) {
  if (rows.length === 0) return;
  await db
    .insert(municipalities)
    .values(rows)
    .onConflictDoUpdate({
      target: municipalities.code,
      set: {
        prefectureCode: sql`excluded.prefecture_code`,
        name: sql`excluded.name`,
        medicalArea: sql`excluded.medical_area`,
        welfareArea: sql`excluded.welfare_area`,
        insurer: sql`excluded.insurer`,
        insurerConfirmed: sql`excluded.insurer_confirmed`,
        position: sql`excluded.position`,
        updatedAt: sql`now()`,
      },
    });
}

export async function latestImport(db: Db, prefectureCode: string) {
  const rows = await db
    .select()
    .from(regionImports)
    .where(eq(regionImports.prefectureCode, prefectureCode))
    .orderBy(desc(regionImports.createdAt))
    .limit(1);
  return rows[0];
}

export async function insertImport(db: Db, row: typeof regionImports.$inferInsert) {
  const [created] = await db.insert(regionImports).values(row).returning();
  return created;
}

/** Serialises master imports of one prefecture (held to the end of the transaction). */
export async function lockPrefecture(db: Db, prefectureCode: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'regions:' + prefectureCode}))`);
}
