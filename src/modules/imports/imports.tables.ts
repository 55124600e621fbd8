import { sql } from 'drizzle-orm';
import { char, integer, text, timestamp, uuid, type PgColumnBuilderBase } from 'drizzle-orm/pg-core';

/**
 * The columns every imports table has (one row per accepted file). Spread into a pgTable with
 * the import's own columns (e.g. kind, part, wave for surveys; rules_version for reference).
 */
export const importColumns = () => ({
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  /** Prefecture of the file's rows ('00' for national rows only). */
  prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
  /** SHA-256 of the file as received: the same content again is answered, not stored twice. */
  sha256: char('sha256', { length: 64 }).notNull(),
  fileName: text('file_name'),
  format: text('format').notNull(),
  encoding: text('encoding'),
  rows: integer('rows').notNull(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retractedAt: timestamp('retracted_at', { withTimezone: true }),
  retractedBy: uuid('retracted_by'),
});

/**
 * The columns every slices table has besides the slice key (one row per version of a slice):
 * give `uploadId` the import table's reference.
 */
export const sliceColumns = <U extends PgColumnBuilderBase>(uploadId: U) => ({
  uploadId,
  prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
  rows: integer('rows').notNull(),
  status: text('status', { enum: ['current', 'superseded', 'retracted'] }).notNull(),
  supersededBy: uuid('superseded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
