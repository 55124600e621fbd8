import { sql } from 'drizzle-orm';
import {
  char,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { importColumns, sliceColumns } from '../imports/imports.tables.js';
import type { VersionedSet } from '../imports/versioned-set.js';

/**
 * One accepted reference-statistics file: one version of each (measure, period, municipality)
 * slice it holds. prefecture_code is the prefecture of its municipal rows ('00' for a file of
 * national standard-population rows only).
 */
export const referenceUploads = pgTable(
  'reference_uploads',
  {
    ...importColumns(),
    /** rules.yaml version the file was checked against: provenance of what was accepted. */
    rulesVersion: text('rules_version').notNull(),
  },
  (t) => [
    index('reference_uploads_sha_idx').on(t.sha256),
    index('reference_uploads_prefecture_idx').on(t.prefectureCode, t.createdAt),
  ],
);

/**
 * A (measure, period, municipality) slice as one upload holds it. Exactly one version of a
 * slice is current (partial unique index): the measures table mirrors the current versions.
 */
export const referenceSlices = pgTable(
  'reference_slices',
  {
    ...sliceColumns(
      uuid('upload_id')
        .notNull()
        .references(() => referenceUploads.id),
    ),
    measure: text('measure').notNull(),
    period: smallint('period').notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
  },
  (t) => [
    uniqueIndex('reference_slices_pk').on(t.uploadId, t.measure, t.period, t.municipalityCode),
    uniqueIndex('reference_slices_one_current')
      .on(t.measure, t.period, t.municipalityCode)
      .where(sql`status = 'current'`),
    index('reference_slices_history_idx').on(t.measure, t.period, t.municipalityCode, t.createdAt),
    index('reference_slices_superseded_by_idx').on(t.supersededBy),
  ],
);

/** Reference statistics as a versioned import (see src/modules/imports). */
export const REFERENCE_SET: VersionedSet = {
  name: 'reference',
  imports: 'reference_uploads',
  slices: 'reference_slices',
  key: ['measure', 'period', 'municipality_code'],
};

/** The rows of every version, as loaded; sex / age_band 0 = all (unstratified measures). */
export const referenceRows = pgTable(
  'reference_rows',
  {
    uploadId: uuid('upload_id').notNull(),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    period: smallint('period').notNull(),
    measure: text('measure').notNull(),
    sex: smallint('sex').notNull(),
    ageBand: smallint('age_band').notNull(),
    value: doublePrecision('value').notNull(),
    rowNo: integer('row_no').notNull(),
  },
  (t) => [index('reference_rows_slice_idx').on(t.uploadId, t.measure, t.period, t.municipalityCode)],
);

/** Columns of reference_rows in the order the pipeline writes them as COPY text. */
export const REFERENCE_ROW_COLUMNS = [
  'upload_id',
  'prefecture_code',
  'municipality_code',
  'period',
  'measure',
  'sex',
  'age_band',
  'value',
  'row_no',
] as const;
