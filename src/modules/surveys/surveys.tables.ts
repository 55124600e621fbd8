import { sql } from 'drizzle-orm';
import {
  char,
  doublePrecision,
  index,
  integer,
  jsonb,
  type PgColumnBuilderBase,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  homecareClientsCodebook,
  homecareOfficesCodebook,
  needsCodebook,
  residenceCodebook,
  workforceEstablishmentsCodebook,
  workforceStaffCodebook,
  type Codebook,
} from './codebooks/index.js';
import { NEEDS_FLAGS } from './needs/risk-rules.js';
import { importColumns, sliceColumns } from '../imports/imports.tables.js';
import type { VersionedSet } from '../imports/versioned-set.js';

/** One accepted survey file (one version of each slice it contains). */
export const uploads = pgTable(
  'uploads',
  {
    ...importColumns(),
    kind: text('kind').notNull(),
    part: text('part').notNull(),
    wave: smallint('wave').notNull(),
  },
  (t) => [index('uploads_lookup_idx').on(t.kind, t.part, t.wave, t.sha256)],
);

/**
 * A (survey, part, wave, municipality) slice as one upload holds it. Exactly one version of a
 * slice is current (partial unique index), so readers never see two.
 */
export const uploadSlices = pgTable(
  'upload_slices',
  {
    ...sliceColumns(
      uuid('upload_id')
        .notNull()
        .references(() => uploads.id),
    ),
    kind: text('kind').notNull(),
    part: text('part').notNull(),
    wave: smallint('wave').notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
  },
  (t) => [
    uniqueIndex('upload_slices_pk').on(t.uploadId, t.municipalityCode),
    uniqueIndex('upload_slices_one_current')
      .on(t.kind, t.part, t.wave, t.municipalityCode)
      .where(sql`status = 'current'`),
    index('upload_slices_history_idx').on(t.kind, t.part, t.wave, t.municipalityCode, t.createdAt),
  ],
);

/** Survey uploads as a versioned import (see src/modules/imports). */
export const SURVEY_SET: VersionedSet = {
  name: 'survey',
  imports: 'uploads',
  slices: 'upload_slices',
  key: ['kind', 'part', 'wave', 'municipality_code'],
};

/** Microdata table name of a codebook: survey_<kind>_<part>. */
export const microTableName = (cb: Pick<Codebook, 'kind' | 'part'>) => `survey_${cb.kind}_${cb.part}`;

/** Column name of a needs flag: 1 positive, 0 negative, NULL undecidable. */
export const flagColumn = (flag: string) => `flag_${flag}`;

/** Columns of a microdata row, as COPY writes them (after upload_id … row_no). */
export function microColumns(cb: Codebook): string[] {
  const cols = cb.columns.filter((c) => c.id !== 'municipality_code').map((c) => c.id);
  return cb.kind === 'needs' ? [...cols, ...NEEDS_FLAGS.map(flagColumn)] : cols;
}

/** The leading columns every microdata table has. */
export const MICRO_META_COLUMNS = ['upload_id', 'prefecture_code', 'municipality_code', 'wave', 'row_no'];

/** A typed microdata table per codebook: SQL aggregates compute the measures from it. */
function microTable(cb: Codebook) {
  const columns: Record<string, PgColumnBuilderBase> = {
    upload_id: uuid('upload_id').notNull(),
    prefecture_code: char('prefecture_code', { length: 2 }).notNull(),
    municipality_code: char('municipality_code', { length: 6 }).notNull(),
    wave: smallint('wave').notNull(),
    row_no: integer('row_no').notNull(),
  };
  for (const c of cb.columns) {
    if (c.id === 'municipality_code') continue;
    if (c.type === 'id' || c.type === 'text') columns[c.id] = text(c.id);
    else if (c.type === 'number') columns[c.id] = doublePrecision(c.id);
    else if (c.type === 'integer') columns[c.id] = integer(c.id);
    else columns[c.id] = smallint(c.id);
  }
  if (cb.kind === 'needs') for (const f of NEEDS_FLAGS) columns[flagColumn(f)] = smallint(flagColumn(f));
  const name = microTableName(cb);
  return pgTable(name, columns, (t) => [
    index(`${name}_slice_idx`).on(t.upload_id as never, t.municipality_code as never),
  ]);
}

export const surveyNeedsMain = microTable(needsCodebook);
export const surveyHomecareOffices = microTable(homecareOfficesCodebook);
export const surveyHomecareClients = microTable(homecareClientsCodebook);
export const surveyResidenceMain = microTable(residenceCodebook);
export const surveyWorkforceEstablishments = microTable(workforceEstablishmentsCodebook);
export const surveyWorkforceStaff = microTable(workforceStaffCodebook);

/** Needs-survey thresholds in force at ingest, per upload: provenance of the stored flags. */
export const uploadRuleVersions = pgTable('upload_rule_versions', {
  uploadId: uuid('upload_id')
    .primaryKey()
    .references(() => uploads.id),
  rules: jsonb('rules').notNull(),
});
