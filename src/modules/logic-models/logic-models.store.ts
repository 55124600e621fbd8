import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { logicModelActivations, logicModelVersions } from './logic-models.tables.js';

export type ModelVersionRow = typeof logicModelVersions.$inferSelect;
export type NewModelVersion = Omit<typeof logicModelVersions.$inferInsert, 'version'>;

/** Serialises version numbering and activation of one prefecture's models. */
export async function lockPrefecture(db: Db, prefecture: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`logic_models:${prefecture}`}))`);
}

/** Inserts the next version of a prefecture's model (call under {@link lockPrefecture}). */
export async function insertVersion(db: Db, row: NewModelVersion): Promise<ModelVersionRow> {
  const [{ next }] = (
    await db
      .select({ next: sql<number>`coalesce(max(${logicModelVersions.version}), 0) + 1` })
      .from(logicModelVersions)
      .where(eq(logicModelVersions.prefectureCode, row.prefectureCode))
  ).map((r) => ({ next: Number(r.next) }));
  const [inserted] = await db.insert(logicModelVersions).values({ ...row, version: next }).returning();
  return inserted;
}

export async function countVersions(db: Db, prefecture: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)` })
    .from(logicModelVersions)
    .where(eq(logicModelVersions.prefectureCode, prefecture));
  return Number(r.n);
}

export async function findVersion(db: Db, prefecture: string, version: number): Promise<ModelVersionRow | undefined> {
  const rows = await db
    .select()
    .from(logicModelVersions)
    .where(and(eq(logicModelVersions.prefectureCode, prefecture), eq(logicModelVersions.version, version)))
    .limit(1);
  return rows[0];
}

/** Every version of a prefecture (or of every prefecture), without the documents. */
export async function listVersions(db: Db, prefecture?: string) {
  const cols = {
    prefectureCode: logicModelVersions.prefectureCode,
    version: logicModelVersions.version,
    modelId: logicModelVersions.modelId,
    title: logicModelVersions.title,
    label: logicModelVersions.label,
    sourceFormat: logicModelVersions.sourceFormat,
    createdAt: logicModelVersions.createdAt,
    createdBy: logicModelVersions.createdBy,
  };
  const q = db.select(cols).from(logicModelVersions);
  return (prefecture ? q.where(eq(logicModelVersions.prefectureCode, prefecture)) : q).orderBy(
    asc(logicModelVersions.prefectureCode),
    asc(logicModelVersions.version),
  );
}

export async function insertActivation(db: Db, prefecture: string, version: number, by: string | null) {
  await db.insert(logicModelActivations).values({ prefectureCode: prefecture, version, activatedBy: by });
}

/** The latest activation of every prefecture (or of one). */
export async function activeVersions(db: Db, prefecture?: string) {
  const rows = await db
    .selectDistinctOn([logicModelActivations.prefectureCode], {
      prefectureCode: logicModelActivations.prefectureCode,
      version: logicModelActivations.version,
      activatedAt: logicModelActivations.activatedAt,
      activatedBy: logicModelActivations.activatedBy,
    })
    .from(logicModelActivations)
    .where(prefecture ? eq(logicModelActivations.prefectureCode, prefecture) : undefined)
    .orderBy(logicModelActivations.prefectureCode, desc(logicModelActivations.activatedAt));
  return rows;
}
