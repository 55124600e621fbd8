import { sql } from 'drizzle-orm';
import { boolean, char, date, index, integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One accepted register file: it replaces, for its period, the entries of every municipality it
 * lists (their slices); older versions stay as history.
 */
export const registerImports = pgTable(
  'register_imports',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    period: smallint('period').notNull(),
    asOf: date('as_of', { mode: 'string' }),
    sha256: char('sha256', { length: 64 }).notNull(),
    rows: integer('rows').notNull(),
    municipalities: integer('municipalities').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [index('register_imports_idx').on(t.prefectureCode, t.period, t.createdAt)],
);

/** An institution or office of a register import. */
export const registerEntries = pgTable(
  'register_entries',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    importId: uuid('import_id').notNull(),
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
    current: boolean('current').notNull(),
  },
  (t) => [
    index('register_entries_current_idx').on(t.prefectureCode, t.period, t.municipalityCode).where(sql`current`),
    index('register_entries_import_idx').on(t.importId),
  ],
);
