import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { reportJobs } from './reports.tables.js';

/** A stored report job. */
export type JobRow = typeof reportJobs.$inferSelect;
export type NewJob = typeof reportJobs.$inferInsert;

/**
 * How long a running job is held before another replica (or this one, restarted) may take it over
 * because its runner died; each progress step renews it (REPORT_LEASE_SECONDS).
 */
export const LEASE_SECONDS = 120;
/** A job that failed to finish this many times (its runner died each time) is given up. */
export const MAX_ATTEMPTS = 3;

export async function insertJobs(db: Db, jobs: NewJob[]): Promise<JobRow[]> {
  return jobs.length ? db.insert(reportJobs).values(jobs).returning() : [];
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return (await db.select().from(reportJobs).where(eq(reportJobs.id, id)).limit(1))[0];
}

/** Jobs, newest first, filtered by prefecture / municipality / status / run. */
export async function listJobs(
  db: Db,
  f: { prefecture?: string | null; municipality?: string; status?: string; runId?: string; limit: number },
): Promise<JobRow[]> {
  const conds: SQL[] = [];
  if (f.prefecture) conds.push(eq(reportJobs.prefectureCode, f.prefecture));
  if (f.municipality) conds.push(eq(reportJobs.municipalityCode, f.municipality));
  if (f.status) conds.push(eq(reportJobs.status, f.status as JobRow['status']));
  if (f.runId) conds.push(eq(reportJobs.runId, f.runId));
  return db
    .select()
    .from(reportJobs)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(reportJobs.createdAt), desc(reportJobs.id))
    .limit(f.limit);
}

/**
 * Claims the oldest queued job (or a running one whose lease ran out) for this runner. SKIP LOCKED
 * lets replicas claim different jobs at once without waiting on each other.
 */
export async function claimNext(db: Db, lease = LEASE_SECONDS): Promise<JobRow | undefined> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE report_jobs SET status = 'running', progress = 0, error = NULL, attempts = attempts + 1,
          started_at = now(), lease_until = now() + make_interval(secs => ${lease})
        WHERE id = (
          SELECT id FROM report_jobs
          WHERE (status = 'queued' OR (status = 'running' AND lease_until < now())) AND attempts < ${MAX_ATTEMPTS}
          ORDER BY created_at, id
          FOR UPDATE SKIP LOCKED
          LIMIT 1)
        RETURNING id`,
  );
  return rows[0] ? findJob(db, rows[0].id) : undefined;
}

/** Jobs whose runner died MAX_ATTEMPTS times: failed for good. */
export async function failAbandoned(db: Db): Promise<JobRow[]> {
  return db
    .update(reportJobs)
    .set({ status: 'failed', error: 'The job was interrupted too often.', finishedAt: sql`now()` })
    .where(
      and(
        eq(reportJobs.status, 'running'),
        sql`${reportJobs.leaseUntil} < now()`,
        sql`${reportJobs.attempts} >= ${MAX_ATTEMPTS}`,
      ),
    )
    .returning();
}

export async function setProgress(db: Db, id: string, progress: number, lease = LEASE_SECONDS) {
  await db
    .update(reportJobs)
    .set({ progress, leaseUntil: sql`now() + make_interval(secs => ${lease})` })
    .where(eq(reportJobs.id, id));
}

export async function finishJob(
  db: Db,
  id: string,
  f: { fileName: string; filePath: string; sha256: string; bytes: number },
): Promise<JobRow> {
  const [row] = await db
    .update(reportJobs)
    .set({ ...f, status: 'done', progress: 100, finishedAt: sql`now()`, leaseUntil: null })
    .where(eq(reportJobs.id, id))
    .returning();
  return row;
}

export async function failJob(db: Db, id: string, error: string): Promise<JobRow> {
  const [row] = await db
    .update(reportJobs)
    .set({ status: 'failed', error, finishedAt: sql`now()`, leaseUntil: null })
    .where(eq(reportJobs.id, id))
    .returning();
  return row;
}

export async function deleteJobs(db: Db, ids: string[]) {
  if (ids.length) await db.delete(reportJobs).where(inArray(reportJobs.id, ids));
}

/** Jobs of schedule runs, by run. */
export async function jobsOfRuns(db: Db, runIds: string[]): Promise<JobRow[]> {
  return runIds.length ? db.select().from(reportJobs).where(inArray(reportJobs.runId, runIds)) : [];
}
