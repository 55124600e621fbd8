import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Report jobs: one workbook each. Queued rows are claimed by any replica with
 * `FOR UPDATE SKIP LOCKED`; a running job whose lease ran out (its replica died) is claimed again.
 * The reader (role, prefecture, municipality of the key that asked, or of the schedule's creator)
 * is stored so the job publishes exactly what that key may read.
 */
export const reportJobs = pgTable(
  'report_jobs',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    kind: text('kind', { enum: ['prefecture', 'municipality'] }).notNull(),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }),
    modelId: text('model_id').notNull(),
    period: integer('period').notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    progress: integer('progress').notNull().default(0),
    error: text('error'),
    readerRole: text('reader_role').notNull(),
    readerPrefecture: char('reader_prefecture', { length: 2 }),
    readerMunicipality: char('reader_municipality', { length: 6 }),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    scheduleId: uuid('schedule_id'),
    runId: uuid('run_id'),
    fileName: text('file_name'),
    filePath: text('file_path'),
    sha256: char('sha256', { length: 64 }),
    bytes: bigint('bytes', { mode: 'number' }),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('report_jobs_queue_idx').on(t.status, t.createdAt),
    index('report_jobs_prefecture_idx').on(t.prefectureCode, t.createdAt),
    index('report_jobs_run_idx').on(t.runId),
  ],
);

/** Report schedules: a cron (5 fields) in a time zone; a burst makes one workbook per municipality. */
export const reportSchedules = pgTable('report_schedules', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
  name: text('name'),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull().default('Asia/Tokyo'),
  kind: text('kind', { enum: ['prefecture', 'municipality'] }).notNull(),
  modelId: text('model_id').notNull(),
  /** 'latest' or a year. */
  period: text('period').notNull(),
  municipalityCode: char('municipality_code', { length: 6 }),
  burst: boolean('burst').notNull().default(false),
  retention: integer('retention').notNull().default(5),
  enabled: boolean('enabled').notNull().default(true),
  readerRole: text('reader_role').notNull(),
  readerPrefecture: char('reader_prefecture', { length: 2 }),
  readerMunicipality: char('reader_municipality', { length: 6 }),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One run per (schedule, slot): the unique key is the claim, so a slot fires once however many
 * replicas tick at that moment. Its jobs point back at it; it is finished by the replica that
 * finishes its last job.
 */
export const reportScheduleRuns = pgTable(
  'report_schedule_runs',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => reportSchedules.id, { onDelete: 'cascade' }),
    slot: timestamp('slot', { withTimezone: true }).notNull(),
    period: integer('period'),
    status: text('status', { enum: ['running', 'done', 'failed'] })
      .notNull()
      .default('running'),
    catchUp: boolean('catch_up').notNull().default(false),
    jobs: integer('jobs').notNull().default(0),
    files: jsonb('files').$type<{ jobId: string; fileName: string; sha256: string; bytes: number }[]>(),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [uniqueIndex('report_schedule_runs_slot_uq').on(t.scheduleId, t.slot)],
);
