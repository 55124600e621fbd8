import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { embeds } from './embeds.tables.js';

export type EmbedRow = typeof embeds.$inferSelect;
export type NewEmbed = typeof embeds.$inferInsert;

export async function insertEmbed(db: Db, row: NewEmbed): Promise<EmbedRow> {
  const [r] = await db.insert(embeds).values(row).returning();
  return r;
}

/** The link with this token hash if it is neither revoked nor expired (checked by the database's clock). */
export async function findLive(db: Db, tokenHash: string): Promise<EmbedRow | null> {
  const [r] = await db
    .select()
    .from(embeds)
    .where(
      and(
        eq(embeds.tokenHash, tokenHash),
        isNull(embeds.revokedAt),
        or(isNull(embeds.expiresAt), gt(embeds.expiresAt, sql`now()`)),
      ),
    );
  return r ?? null;
}

/** Every link of a prefecture (every prefecture when null), newest first. */
export async function listEmbeds(db: Db, prefecture: string | null): Promise<EmbedRow[]> {
  return db
    .select()
    .from(embeds)
    .where(prefecture ? eq(embeds.prefectureCode, prefecture) : undefined)
    .orderBy(desc(embeds.createdAt));
}

export async function findEmbed(db: Db, id: string): Promise<EmbedRow | null> {
  const [r] = await db.select().from(embeds).where(eq(embeds.id, id));
  return r ?? null;
}

/** Revokes a link (once: a revoked link keeps its first revocation time). */
export async function revokeEmbed(db: Db, id: string): Promise<EmbedRow | null> {
  const [r] = await db
    .update(embeds)
    .set({ revokedAt: sql`coalesce(${embeds.revokedAt}, now())` })
    .where(eq(embeds.id, id))
    .returning();
  return r ?? null;
}
