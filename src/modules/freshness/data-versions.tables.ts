import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One counter per scope of data: a prefecture code, '00' for national data (standard populations)
 * that every prefecture reads, 'keys' for API keys. It is bumped in the same transaction as every
 * write that changes what a reader of the scope sees (uploads, retractions, reference loads,
 * target changes, recomputed indicator values, key changes). Readers read the counters once per
 * request and key their caches on them, so every replica on the database is fresh as soon as a
 * write commits.
 */
export const dataVersions = pgTable('data_versions', {
  /** A prefecture code, '00' (national data) or 'keys' (API keys). */
  scope: text('scope').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
