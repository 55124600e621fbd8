import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { targetHistory, targets } from './targets.tables.js';
import type { Scope } from './targets.validate.js';

/** A stored target. */
export type TargetRow = typeof targets.$inferSelect;
/** A target to insert. */
export type NewTarget = typeof targets.$inferInsert;
/** A stored change of a target. */
export type TargetHistoryRow = typeof targetHistory.$inferSelect;

/** The natural key of a target. */
export interface TargetKey {
  prefectureCode: string;
  indicatorId: string;
  scope: Scope;
  scopeCode: string;
  targetYear: number;
}

/** A target by id. */
export async function findTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  return (await db.select().from(targets).where(eq(targets.id, id)).limit(1))[0];
}

/** A target by its natural key. */
export async function findByKey(db: Db, k: TargetKey): Promise<TargetRow | undefined> {
  const rows = await db
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.prefectureCode, k.prefectureCode),
        eq(targets.indicatorId, k.indicatorId),
        eq(targets.scope, k.scope),
        eq(targets.scopeCode, k.scopeCode),
        eq(targets.targetYear, k.targetYear),
      ),
    )
    .limit(1);
  return rows[0];
}

/** Targets of a prefecture, filtered; ordered by indicator, scope, code and year. */
export async function listTargets(
  db: Db,
  f: { prefectureCode: string; indicatorId?: string; scope?: Scope; scopeCode?: string; targetYear?: number },
) {
  const conds: SQL[] = [eq(targets.prefectureCode, f.prefectureCode)];
  if (f.indicatorId) conds.push(eq(targets.indicatorId, f.indicatorId));
  if (f.scope) conds.push(eq(targets.scope, f.scope));
  if (f.scopeCode) conds.push(eq(targets.scopeCode, f.scopeCode));
  if (f.targetYear !== undefined) conds.push(eq(targets.targetYear, f.targetYear));
  return db
    .select()
    .from(targets)
    .where(and(...conds))
    .orderBy(asc(targets.indicatorId), asc(targets.scope), asc(targets.scopeCode), asc(targets.targetYear));
}

/** Inserts a target and returns it. */
export async function insertTarget(db: Db, row: NewTarget): Promise<TargetRow> {
  return (await db.insert(targets).values(row).returning())[0];
}

/** Updates a target's values (and updated_at) and returns it. */
export async function updateTarget(db: Db, id: string, set: Partial<NewTarget>): Promise<TargetRow> {
  return (
    await db
      .update(targets)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(targets.id, id))
      .returning()
  )[0];
}

/** Deletes a target (its history stays). */
export async function deleteTarget(db: Db, id: string): Promise<void> {
  await db.delete(targets).where(eq(targets.id, id));
}

/** Appends changes to the history. */
export async function insertHistory(db: Db, rows: (typeof targetHistory.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(targetHistory).values(rows);
}

/** Every change of a target, oldest first. */
export async function historyOf(db: Db, targetId: string): Promise<TargetHistoryRow[]> {
  return db
    .select()
    .from(targetHistory)
    .where(eq(targetHistory.targetId, targetId))
    .orderBy(asc(targetHistory.changedAt), asc(targetHistory.id));
}

/** Serialises target writes of one prefecture (held to the end of the transaction). */
export async function lockPrefectureTargets(db: Db, prefectureCode: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'targets:' + prefectureCode}))`);
}
