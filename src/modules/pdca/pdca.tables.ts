import { sql } from 'drizzle-orm';
import { char, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { importColumns, sliceColumns } from '../imports/imports.tables.js';
import type { VersionedSet } from '../imports/versioned-set.js';

/**
 * One accepted item-status file (an import of the versioned-slices mechanism, src/modules/imports):
 * who, when, file, sha256, rows. The rows it recorded are tagged with its id.
 */
export const pdcaItemUploads = pgTable(
  'pdca_item_uploads',
  {
    ...importColumns(),
    /** Rows of the file equal to what was already recorded for their date (not recorded again). */
    unchangedRows: integer('unchanged_rows').notNull(),
  },
  (t) => [index('pdca_item_uploads_prefecture_idx').on(t.prefectureCode, t.sha256, t.createdAt)],
);

/**
 * A (municipality, item, as_of) slice as one import recorded it. At most one version is current;
 * readers do not need the status (the latest recorded row of a live import wins), it keeps the
 * history: which import replaced which, and what a retraction uncovers.
 */
export const pdcaItemSlices = pgTable(
  'pdca_item_slices',
  {
    ...sliceColumns(
      uuid('upload_id')
        .notNull()
        .references(() => pdcaItemUploads.id),
    ),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    item: char('item', { length: 1 }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('pdca_item_slices_pk').on(t.uploadId, t.municipalityCode, t.item, t.asOf),
    uniqueIndex('pdca_item_slices_one_current')
      .on(t.municipalityCode, t.item, t.asOf)
      .where(sql`status = 'current'`),
  ],
);

/** Item-status imports as a versioned import (see docs/imports.md). */
export const PDCA_ITEMS_SET: VersionedSet = {
  name: 'pdca_items',
  imports: 'pdca_item_uploads',
  slices: 'pdca_item_slices',
  key: ['municipality_code', 'item', 'as_of'],
};

/**
 * The status of one of the eight items (ア)-(ク) of 在宅医療・介護連携推進事業 for one municipality,
 * as of a date. Never updated: a change is a new row, so the table at any past date can be
 * rebuilt (the latest row per municipality × item with as_of ≤ that date; recorded_at breaks ties).
 */
export const pdcaItemStatus = pgTable(
  'pdca_item_status',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    item: char('item', { length: 1 }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['not_started', 'planned', 'implemented'] }).notNull(),
    note: text('note'),
    via: text('via', { enum: ['api', 'import'] }).notNull(),
    /** The import that recorded the row (null for a single PUT); rows of a retracted import are not read. */
    uploadId: uuid('upload_id'),
    recordedByKeyId: text('recorded_by_key_id'),
    recordedByName: text('recorded_by_name'),
    // clock_timestamp, not now(): rows of one import keep their order.
    recordedAt: timestamp('recorded_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    index('pdca_item_status_key_idx').on(t.municipalityCode, t.item, t.asOf, t.recordedAt),
    index('pdca_item_status_prefecture_idx').on(t.prefectureCode, t.asOf),
    index('pdca_item_status_upload_idx').on(t.uploadId),
  ],
);

/** A measure (個別施策) a municipality runs, attached to an activity or outcome node of its model. */
export const pdcaMeasures = pgTable(
  'pdca_measures',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    nodeId: text('node_id').notNull(),
    title: text('title').notNull(),
    scenes: jsonb('scenes').$type<string[]>().notNull(),
    status: text('status', { enum: ['planned', 'ongoing', 'completed', 'discontinued'] }).notNull(),
    fromYear: integer('from_year'),
    toYear: integer('to_year'),
    budgetNote: text('budget_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [index('pdca_measures_municipality_idx').on(t.municipalityCode, t.nodeId)],
);

/** A review note (the Act step) on a node or an indicator for one municipality and period. */
export const pdcaReviewNotes = pgTable(
  'pdca_review_notes',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    period: integer('period').notNull(),
    nodeId: text('node_id'),
    indicatorId: text('indicator_id'),
    text: text('text').notNull(),
    authorKeyId: text('author_key_id'),
    authorName: text('author_name'),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index('pdca_review_notes_key_idx').on(t.prefectureCode, t.period, t.municipalityCode)],
);
