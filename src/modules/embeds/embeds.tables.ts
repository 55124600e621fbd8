import { sql } from 'drizzle-orm';
import { char, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Embed links: a chart (kind + parameters) served without a key at /embed/{token}, with viewer
 * visibility. Only the token's SHA-256 is stored; the link is read on every request, so a revoked
 * or expired one is refused at once on every replica.
 */
export const embeds = pgTable(
  'embeds',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    tokenHash: char('token_hash', { length: 64 }).notNull().unique(),
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    title: text('title'),
    createdByKeyId: text('created_by_key_id'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('embeds_prefecture_idx').on(t.prefectureCode, t.createdAt)],
);
