import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { registerEntries, registerImports } from './register.tables.js';

export type RegisterEntryRow = typeof registerEntries.$inferSelect;
export type NewRegisterEntry = typeof registerEntries.$inferInsert;
export type RegisterImportRow = typeof registerImports.$inferSelect;

export async function lockPrefecture(db: Db, prefecture: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`register:${prefecture}`}))`);
}

export async function latestImport(db: Db, prefecture: string, period: number): Promise<RegisterImportRow | undefined> {
  return (
    await db
      .select()
      .from(registerImports)
      .where(and(eq(registerImports.prefectureCode, prefecture), eq(registerImports.period, period)))
      .orderBy(desc(registerImports.createdAt))
      .limit(1)
  )[0];
}

export async function insertImport(db: Db, row: typeof registerImports.$inferInsert): Promise<RegisterImportRow> {
  return (await db.insert(registerImports).values(row).returning())[0];
}

export async function listImports(db: Db, prefecture: string) {
  return db
    .select()
    .from(registerImports)
    .where(eq(registerImports.prefectureCode, prefecture))
    .orderBy(asc(registerImports.period), asc(registerImports.createdAt));
}

/** Marks the current entries of these municipalities and period as superseded. */
export async function supersede(db: Db, prefecture: string, period: number, municipalities: string[]) {
  await db
    .update(registerEntries)
    .set({ current: false })
    .where(
      and(
        eq(registerEntries.prefectureCode, prefecture),
        eq(registerEntries.period, period),
        eq(registerEntries.current, true),
        inArray(registerEntries.municipalityCode, municipalities),
      ),
    );
}

export async function insertEntries(db: Db, rows: NewRegisterEntry[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(registerEntries).values(rows.slice(i, i + 1000));
}

/** The current entries of a prefecture and period, filtered. */
export async function currentEntries(
  db: Db,
  f: { prefecture: string; period: number; municipality?: string; type?: string; flag?: keyof typeof flagColumns },
) {
  const conds: SQL[] = [
    eq(registerEntries.prefectureCode, f.prefecture),
    eq(registerEntries.period, f.period),
    eq(registerEntries.current, true),
  ];
  if (f.municipality) conds.push(eq(registerEntries.municipalityCode, f.municipality));
  if (f.type) conds.push(eq(registerEntries.type, f.type));
  if (f.flag) conds.push(eq(flagColumns[f.flag], true));
  return db
    .select()
    .from(registerEntries)
    .where(and(...conds))
    .orderBy(asc(registerEntries.municipalityCode), asc(registerEntries.type), asc(registerEntries.name));
}

export const flagColumns = {
  active_role: registerEntries.activeRole,
  hub: registerEntries.hub,
  house_call: registerEntries.houseCall,
  round_the_clock: registerEntries.roundTheClock,
  end_of_life: registerEntries.endOfLife,
};

/** The latest period with current entries, or null. */
export async function latestPeriod(db: Db, prefecture: string): Promise<number | null> {
  const [r] = await db
    .select({ p: sql<number | null>`max(${registerEntries.period})` })
    .from(registerEntries)
    .where(and(eq(registerEntries.prefectureCode, prefecture), eq(registerEntries.current, true)));
  return r.p === null ? null : Number(r.p);
}
