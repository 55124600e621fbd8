import { sql } from 'drizzle-orm';
import {
  char,
  doublePrecision,
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
 * One target per (prefecture, indicator, scope, scope code, target year). scope_code is the
 * prefecture code, the area (二次医療圏) name, or the municipality code.
 */
export const targets = pgTable(
  'targets',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    indicatorId: text('indicator_id').notNull(),
    scope: text('scope', { enum: ['prefecture', 'area', 'municipality'] }).notNull(),
    scopeCode: text('scope_code').notNull(),
    targetYear: integer('target_year').notNull(),
    targetValue: doublePrecision('target_value').notNull(),
    baselineYear: integer('baseline_year'),
    baselineValue: doublePrecision('baseline_value'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    uniqueIndex('targets_key_uq').on(t.prefectureCode, t.indicatorId, t.scope, t.scopeCode, t.targetYear),
    index('targets_indicator_idx').on(t.prefectureCode, t.indicatorId, t.targetYear),
  ],
);

/**
 * Every change of a target, kept after the target is deleted (no foreign key): who (API key id
 * and name), when, and the values before and after (null before a creation, after a deletion).
 */
export const targetHistory = pgTable(
  'target_history',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    targetId: uuid('target_id').notNull(),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    action: text('action', { enum: ['created', 'updated', 'deleted'] }).notNull(),
    via: text('via', { enum: ['api', 'import'] }).notNull(),
    oldValues: jsonb('old_values'),
    newValues: jsonb('new_values'),
    changedByKeyId: text('changed_by_key_id'),
    changedByName: text('changed_by_name'),
    // clock_timestamp, not now(): several changes in one transaction keep their order.
    changedAt: timestamp('changed_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index('target_history_target_idx').on(t.targetId, t.changedAt)],
);
