import { customType, index, integer, pgTable, char, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Drawn charts, by what they were drawn from: the key is the SHA-256 of the renderer's version,
 * the variant (format and scale) and the spec — data inline — so a row is never stale and never
 * needs invalidating: new data makes a new spec and a new key. Shared by every replica and kept
 * across restarts, so a picture is drawn once, not once per process. Only published pictures
 * (what the chart routes serve) are stored; the oldest rows go once the table passes its budget.
 */
export const chartPictures = pgTable(
  'chart_pictures',
  {
    key: char('key', { length: 64 }).primaryKey(),
    variant: text('variant').notNull(),
    body: bytea('body').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chart_pictures_created_idx').on(t.createdAt)],
);
