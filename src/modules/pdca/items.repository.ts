import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import type { ItemId, ItemStatus } from './items.js';
import type { ItemState } from './items.summary.js';
import { pdcaItemStatus } from './pdca.tables.js';

export type ItemStatusRow = typeof pdcaItemStatus.$inferSelect;
export type NewItemStatus = typeof pdcaItemStatus.$inferInsert;

/** Serialises writers of one prefecture's item statuses (the "unchanged" check reads first). */
export async function lockPrefecture(db: Db, prefecture: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`pdca_items:${prefecture}`}))`);
}

/** The latest recorded row of every municipality × item × as_of date of a prefecture. */
export async function latestPerDate(db: Db, prefecture: string) {
  return queryRows<{ municipality_code: string; item: string; as_of: string; status: ItemStatus; note: string | null }>(
    db,
    sql`SELECT DISTINCT ON (municipality_code, item, as_of)
               municipality_code, item, to_char(as_of, 'YYYY-MM-DD') AS as_of, status, note
        FROM pdca_item_status WHERE prefecture_code = ${prefecture}
        ORDER BY municipality_code, item, as_of, recorded_at DESC`,
  );
}

export async function insertStatuses(db: Db, rows: NewItemStatus[]) {
  if (rows.length) await db.insert(pdcaItemStatus).values(rows);
}

/** Each municipality × item's status in force at `asOf`: its latest as_of ≤ the date, latest recorded. */
export async function statesAt(db: Db, prefecture: string, asOf: string): Promise<ItemState[]> {
  const rows = await queryRows<{ municipality_code: string; item: ItemId; status: ItemStatus; as_of: string }>(
    db,
    sql`SELECT DISTINCT ON (municipality_code, item)
               municipality_code, item, status, to_char(as_of, 'YYYY-MM-DD') AS as_of
        FROM pdca_item_status
        WHERE prefecture_code = ${prefecture} AND as_of <= ${asOf}::date
        ORDER BY municipality_code, item, as_of DESC, recorded_at DESC`,
  );
  return rows.map((r) => ({ municipality: r.municipality_code, item: r.item, status: r.status, asOf: r.as_of }));
}

/** Every recorded row of a municipality (optionally one item), oldest first. */
export async function history(db: Db, municipality: string, item?: ItemId): Promise<ItemStatusRow[]> {
  const conds = [eq(pdcaItemStatus.municipalityCode, municipality)];
  if (item) conds.push(eq(pdcaItemStatus.item, item));
  return db
    .select()
    .from(pdcaItemStatus)
    .where(and(...conds))
    .orderBy(asc(pdcaItemStatus.item), asc(pdcaItemStatus.asOf), asc(pdcaItemStatus.recordedAt));
}

/** The latest row recorded for one municipality × item × date. */
export async function latestAt(db: Db, municipality: string, item: ItemId, asOf: string) {
  const rows = await db
    .select()
    .from(pdcaItemStatus)
    .where(and(eq(pdcaItemStatus.municipalityCode, municipality), eq(pdcaItemStatus.item, item), eq(pdcaItemStatus.asOf, asOf)))
    .orderBy(desc(pdcaItemStatus.recordedAt))
    .limit(1);
  return rows[0];
}
