import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { registerRows, registerSlices, registerUploads } from './register.tables.js';

export type RegisterEntryRow = typeof registerRows.$inferSelect;
export type NewRegisterEntry = typeof registerRows.$inferInsert;
export type RegisterUploadRow = typeof registerUploads.$inferSelect;

export async function findUpload(db: Db, id: string): Promise<RegisterUploadRow | undefined> {
  return (await db.select().from(registerUploads).where(eq(registerUploads.id, id)))[0];
}

export async function insertUpload(db: Db, row: typeof registerUploads.$inferInsert): Promise<RegisterUploadRow> {
  return (await db.insert(registerUploads).values(row).returning())[0];
}

/** A prefecture's uploads, oldest first (optionally one period). */
export async function listUploads(db: Db, prefecture: string, period?: number) {
  const conds = [eq(registerUploads.prefectureCode, prefecture)];
  if (period !== undefined) conds.push(eq(registerUploads.period, period));
  return db
    .select()
    .from(registerUploads)
    .where(and(...conds))
    .orderBy(asc(registerUploads.createdAt), asc(registerUploads.id));
}

/** The slice versions of some uploads: status and which upload replaced them. */
export async function slicesOf(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(registerSlices)
    .where(inArray(registerSlices.uploadId, [...ids]))
    .orderBy(asc(registerSlices.municipalityCode));
}

export async function insertEntries(db: Db, rows: NewRegisterEntry[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(registerRows).values(rows.slice(i, i + 1000));
}

export const flagColumns = {
  active_role: registerRows.activeRole,
  hub: registerRows.hub,
  house_call: registerRows.houseCall,
  round_the_clock: registerRows.roundTheClock,
  end_of_life: registerRows.endOfLife,
};

/** Entries of the current version of each (period, municipality) slice. */
const currentJoin = and(
  eq(registerSlices.uploadId, registerRows.uploadId),
  eq(registerSlices.period, registerRows.period),
  eq(registerSlices.municipalityCode, registerRows.municipalityCode),
  eq(registerSlices.status, 'current'),
);

/** The current entries of a prefecture and period, filtered. */
export async function currentEntries(
  db: Db,
  f: {
    prefecture: string;
    period: number;
    municipality?: string;
    municipalities?: readonly string[];
    type?: string;
    flag?: keyof typeof flagColumns;
  },
): Promise<RegisterEntryRow[]> {
  const conds: SQL[] = [eq(registerRows.prefectureCode, f.prefecture), eq(registerRows.period, f.period)];
  if (f.municipality) conds.push(eq(registerRows.municipalityCode, f.municipality));
  if (f.municipalities) conds.push(inArray(registerRows.municipalityCode, [...f.municipalities]));
  if (f.type) conds.push(eq(registerRows.type, f.type));
  if (f.flag) conds.push(eq(flagColumns[f.flag], true));
  const rows = await db
    .select({ e: registerRows })
    .from(registerRows)
    .innerJoin(registerSlices, currentJoin)
    .where(and(...conds))
    .orderBy(asc(registerRows.municipalityCode), asc(registerRows.type), asc(registerRows.name), asc(registerRows.rowNo));
  return rows.map((r) => r.e);
}

/** The municipalities of a period with a current register slice. */
export async function currentMunicipalities(db: Db, prefecture: string, period: number, among: readonly string[]) {
  if (among.length === 0) return new Set<string>();
  const rows = await db
    .select({ m: registerSlices.municipalityCode })
    .from(registerSlices)
    .where(
      and(
        eq(registerSlices.prefectureCode, prefecture),
        eq(registerSlices.period, period),
        eq(registerSlices.status, 'current'),
        inArray(registerSlices.municipalityCode, [...among]),
      ),
    );
  return new Set(rows.map((r) => r.m));
}

/** The latest period with a current slice, or null. */
export async function latestPeriod(db: Db, prefecture: string): Promise<number | null> {
  const [r] = await queryRows<{ p: number | null }>(
    db,
    sql`SELECT max(period)::int AS p FROM register_slices WHERE prefecture_code = ${prefecture} AND status = 'current'`,
  );
  return r?.p === null || r?.p === undefined ? null : Number(r.p);
}
