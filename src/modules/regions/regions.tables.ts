import { sql } from 'drizzle-orm';
import { boolean, char, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const prefectures = pgTable('prefectures', {
  code: char('code', { length: 2 }).primaryKey(),
  nameJa: text('name_ja').notNull(),
});

export const municipalities = pgTable(
  'municipalities',
  {
    code: char('code', { length: 6 }).primaryKey(),
    prefectureCode: char('prefecture_code', { length: 2 })
      .notNull()
      .references(() => prefectures.code),
    name: text('name').notNull(),
    medicalArea: text('medical_area').notNull(),
    welfareArea: text('welfare_area').notNull(),
    insurer: text('insurer').notNull(),
    insurerConfirmed: boolean('insurer_confirmed').notNull().default(true),
    /** Row of the municipality in its prefecture's master file (1 = first): the order people read. */
    position: integer('position').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('municipalities_prefecture_idx').on(t.prefectureCode, t.medicalArea)],
);

/** One row per accepted master file: makes imports idempotent on content. */
export const regionImports = pgTable('region_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
  sha256: char('sha256', { length: 64 }).notNull(),
  rows: integer('rows').notNull(),
  inserted: integer('inserted').notNull(),
  updated: integer('updated').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: text('created_by'),
});
