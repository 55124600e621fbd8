import { sql } from 'drizzle-orm';
import { boolean, char, date, index, integer, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { importColumns, sliceColumns } from '../imports/imports.tables.js';
import type { VersionedSet } from '../imports/versioned-set.js';

/**
 * One accepted register file (an import of the versioned-slices mechanism, src/modules/imports):
 * one version of the (period, municipality) slice of every municipality it lists.
 */
export const registerUploads = pgTable(
  'register_uploads',
  {
    ...importColumns(),
    /** Year the register describes: its counts become measures of this period. */
    period: smallint('period').notNull(),
    /** Date of the register, as given by the analyst. */
    asOf: date('as_of', { mode: 'string' }),
    /** Municipalities the file lists (the slices it holds). */
    municipalities: integer('municipalities').notNull(),
  },
  (t) => [
    index('register_uploads_sha_idx').on(t.prefectureCode, t.period, t.sha256),
    index('register_uploads_prefecture_idx').on(t.prefectureCode, t.createdAt),
  ],
);

/**
 * A (period, municipality) slice of the register as one upload holds it; at most one version of a
 * slice is current (partial unique index). Readers join the current slices.
 */
export const registerSlices = pgTable(
  'register_slices',
  {
    ...sliceColumns(
      uuid('upload_id')
        .notNull()
        .references(() => registerUploads.id),
    ),
    period: smallint('period').notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
  },
  (t) => [
    uniqueIndex('register_slices_pk').on(t.uploadId, t.period, t.municipalityCode),
    uniqueIndex('register_slices_one_current').on(t.period, t.municipalityCode).where(sql`status = 'current'`),
    index('register_slices_prefecture_idx').on(t.prefectureCode, t.period, t.status),
  ],
);

/** The resource register as a versioned import (see docs/imports.md). */
export const REGISTER_SET: VersionedSet = {
  name: 'register',
  imports: 'register_uploads',
  slices: 'register_slices',
  key: ['period', 'municipality_code'],
};

/** An institution or office, as one register upload lists it (every version kept). */
export const registerRows = pgTable(
  'register_rows',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    uploadId: uuid('upload_id').notNull(),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    period: smallint('period').notNull(),
    code: text('code'),
    name: text('name').notNull(),
    type: text('type').notNull(),
    activeRole: boolean('active_role').notNull(),
    hub: boolean('hub').notNull(),
    houseCall: boolean('house_call').notNull(),
    roundTheClock: boolean('round_the_clock').notNull(),
    endOfLife: boolean('end_of_life').notNull(),
    address: text('address'),
    rowNo: integer('row_no').notNull(),
  },
  (t) => [index('register_rows_slice_idx').on(t.uploadId, t.period, t.municipalityCode)],
);
