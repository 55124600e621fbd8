import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys } from './auth.tables.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findActiveByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0];
}

export async function insertKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await db.insert(apiKeys).values(row).returning();
  return created;
}

/** Inserts a configured key, or reactivates it with its display prefix renewed. */
export async function upsertConfiguredKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<void> {
  await db
    .insert(apiKeys)
    .values(row)
    .onConflictDoUpdate({ target: apiKeys.keyHash, set: { revokedAt: null, keyPrefix: row.keyPrefix } });
}

/** Revokes every active key named `name` except the one with `keepHash`; returns how many. */
export async function revokeOthersNamed(db: Db, name: string, keepHash: string): Promise<number> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.name, name), ne(apiKeys.keyHash, keepHash), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length;
}

export async function listKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export async function revokeKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

export async function findKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return rows[0];
}
