import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { reportScheduleRuns, reportSchedules } from './reports.tables.js';

export type ScheduleRow = typeof reportSchedules.$inferSelect;
export type NewSchedule = typeof reportSchedules.$inferInsert;
export type RunRow = typeof reportScheduleRuns.$inferSelect;

export async function insertSchedule(db: Db, s: NewSchedule): Promise<ScheduleRow> {
  return (await db.insert(reportSchedules).values(s).returning())[0];
}
export async function findSchedule(db: Db, id: string): Promise<ScheduleRow | undefined> {
  return (await db.select().from(reportSchedules).where(eq(reportSchedules.id, id)).limit(1))[0];
}
export async function listSchedules(db: Db, prefecture?: string | null): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(reportSchedules)
    .where(prefecture ? eq(reportSchedules.prefectureCode, prefecture) : undefined)
    .orderBy(reportSchedules.createdAt);
}
export async function enabledSchedules(db: Db): Promise<ScheduleRow[]> {
  return db.select().from(reportSchedules).where(eq(reportSchedules.enabled, true));
}
export async function updateSchedule(db: Db, id: string, s: Partial<NewSchedule>): Promise<ScheduleRow> {
  return (
    await db
      .update(reportSchedules)
      .set({ ...s, updatedAt: sql`now()` })
      .where(eq(reportSchedules.id, id))
      .returning()
  )[0];
}
export async function deleteSchedule(db: Db, id: string) {
  await db.delete(reportSchedules).where(eq(reportSchedules.id, id));
}

/**
 * Claims (schedule, slot): the unique key lets exactly one replica insert the run; the others
 * get nothing back and do nothing.
 */
export async function claimSlot(db: Db, scheduleId: string, slot: Date, catchUp: boolean): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO report_schedule_runs (schedule_id, slot, catch_up)
        VALUES (${scheduleId}, ${slot.toISOString()}::timestamptz, ${catchUp})
        ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING id`,
  );
  return rows[0]?.id;
}

export async function setRun(db: Db, id: string, f: Partial<typeof reportScheduleRuns.$inferInsert>) {
  return (await db.update(reportScheduleRuns).set(f).where(eq(reportScheduleRuns.id, id)).returning())[0];
}
export async function findRun(db: Db, id: string): Promise<RunRow | undefined> {
  return (await db.select().from(reportScheduleRuns).where(eq(reportScheduleRuns.id, id)).limit(1))[0];
}
export async function runsOf(db: Db, scheduleId: string, limit = 1000): Promise<RunRow[]> {
  return db
    .select()
    .from(reportScheduleRuns)
    .where(eq(reportScheduleRuns.scheduleId, scheduleId))
    .orderBy(desc(reportScheduleRuns.slot))
    .limit(limit);
}
/** Finished runs of a schedule beyond the newest `keep`. */
export async function runsBeyond(db: Db, scheduleId: string, keep: number): Promise<RunRow[]> {
  return db
    .select()
    .from(reportScheduleRuns)
    .where(and(eq(reportScheduleRuns.scheduleId, scheduleId), sql`${reportScheduleRuns.status} <> 'running'`))
    .orderBy(desc(reportScheduleRuns.slot))
    .offset(keep);
}
export async function deleteRuns(db: Db, ids: string[]) {
  for (const id of ids) await db.delete(reportScheduleRuns).where(eq(reportScheduleRuns.id, id));
}

/** Locks a run row while its end is decided, so two replicas finishing its last jobs agree. */
export async function lockRun(db: Db, id: string): Promise<RunRow | undefined> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM report_schedule_runs WHERE id = ${id} FOR UPDATE`,
  );
  return rows[0] ? findRun(db, id) : undefined;
}
