import { sql } from 'drizzle-orm';
import { char, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Every version of a prefecture's logic model as uploaded (or seeded from logic-models/ at
 * start): numbered 1, 2, … per prefecture, never changed afterwards. `document` is the validated
 * model with the prefecture's own indicators; `source` the text as sent.
 */
export const logicModelVersions = pgTable(
  'logic_model_versions',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    version: integer('version').notNull(),
    modelId: text('model_id').notNull(),
    title: text('title').notNull(),
    label: text('label').notNull(),
    document: jsonb('document').notNull(),
    source: text('source').notNull(),
    sourceFormat: text('source_format', { enum: ['yaml', 'json', 'file'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('logic_model_versions_uq').on(t.prefectureCode, t.version)],
);

/** Each activation of a version; the latest row is the prefecture's model in force. */
export const logicModelActivations = pgTable(
  'logic_model_activations',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    version: integer('version').notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    activatedBy: text('activated_by'),
  },
  (t) => [index('logic_model_activations_idx').on(t.prefectureCode, t.activatedAt)],
);
