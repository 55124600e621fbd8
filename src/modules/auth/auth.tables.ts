import { sql } from 'drizzle-orm';
import { char, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable('api_keys', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'analyst', 'municipality', 'viewer'] }).notNull(),
  /** null = every prefecture (admin, or analyst/viewer created so). */
  prefectureCode: char('prefecture_code', { length: 2 }),
  municipalityCode: char('municipality_code', { length: 6 }),
  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough. */
  keyHash: char('key_hash', { length: 64 }).notNull().unique(),
  keyPrefix: text('key_prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
