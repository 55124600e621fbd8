import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import type { ItemId, ItemStatus } from './items.js';
import type { ItemState } from './items.summary.js';
import { pdcaItemSlices, pdcaItemStatus, pdcaItemUploads } from './pdca.tables.js';

export type ItemUploadRow = typeof pdcaItemUploads.$inferSelect;

/** Rows that count: single writes, and the rows of imports not retracted. */
const LIVE = sql`(pdca_item_status.upload_id IS NULL OR NOT EXISTS (
  SELECT 1 FROM pdca_item_uploads u WHERE u.id = pdca_item_status.upload_id AND u.retracted_at IS NOT NULL))`;

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
        FROM pdca_item_status WHERE prefecture_code = ${prefecture} AND ${LIVE}
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
        WHERE prefecture_code = ${prefecture} AND as_of <= ${asOf}::date AND ${LIVE}
        ORDER BY municipality_code, item, as_of DESC, recorded_at DESC`,
  );
  return rows.map((r) => ({ municipality: r.municipality_code, item: r.item, status: r.status, asOf: r.as_of }));
}

/** Every recorded row of a municipality (optionally one item), oldest first. */
export async function history(db: Db, municipality: string, item?: ItemId): Promise<ItemStatusRow[]> {
  const conds = [eq(pdcaItemStatus.municipalityCode, municipality), LIVE];
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
    .where(and(eq(pdcaItemStatus.municipalityCode, municipality), eq(pdcaItemStatus.item, item), eq(pdcaItemStatus.asOf, asOf), LIVE))
    .orderBy(desc(pdcaItemStatus.recordedAt))
    .limit(1);
  return rows[0];
}

/**
 * A single write replaces, for its date, what an import recorded: the import's slice is no longer
 * current (superseded by no import), so the same file again is compared with the data, not answered.
 */
export async function supersedeByWrite(db: Db, municipality: string, item: ItemId, asOf: string) {
  await db.execute(sql`UPDATE pdca_item_slices SET status = 'superseded', superseded_by = NULL, changed_at = now()
    WHERE municipality_code = ${municipality} AND item = ${item} AND as_of = ${asOf}::date AND status = 'current'`);
}

export async function insertUpload(db: Db, row: typeof pdcaItemUploads.$inferInsert): Promise<ItemUploadRow> {
  return (await db.insert(pdcaItemUploads).values(row).returning())[0];
}

export async function findUpload(db: Db, id: string): Promise<ItemUploadRow | undefined> {
  return (await db.select().from(pdcaItemUploads).where(eq(pdcaItemUploads.id, id)))[0];
}

export async function listUploads(db: Db, prefecture: string) {
  return db
    .select()
    .from(pdcaItemUploads)
    .where(eq(pdcaItemUploads.prefectureCode, prefecture))
    .orderBy(asc(pdcaItemUploads.createdAt), asc(pdcaItemUploads.id));
}

/** Slice statuses of some imports. */
export async function sliceStatuses(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ uploadId: pdcaItemSlices.uploadId, status: pdcaItemSlices.status })
    .from(pdcaItemSlices)
    .where(inArray(pdcaItemSlices.uploadId, [...ids]));
}
