import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import type { VersionedSet } from './versioned-set.js';

const id = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
const cols = (names: readonly string[], alias?: string) =>
  sql.raw(names.map((n) => (alias ? `${alias}."${n}"` : `"${n}"`)).join(', '));
/** `a.k1 = b.k1 AND a.k2 = b.k2 …` over the key of a set. */
const sameKey = (set: VersionedSet, a: string, b: string) =>
  sql.raw(set.key.map((k) => `${a}."${k}" = ${b}."${k}"`).join(' AND '));

/** One slice a new import holds: its key values (in `set.key` order), prefecture and rows. */
export interface NewSlice {
  key: readonly (string | number)[];
  prefecture: string;
  rows: number;
}

/** Serialises writers of one scope of a set until the transaction ends (e.g. one survey wave). */
export async function lock(db: Db, set: VersionedSet, scope: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${set.name}:${scope}`}))`);
}

/**
 * A live import of the same content within `scope` (equalities on the imports table's own
 * columns, e.g. { kind, part, wave }): not retracted and still current somewhere. Newest first.
 */
export async function findIdentical(
  db: Db,
  set: VersionedSet,
  sha256: string,
  scope: Readonly<Record<string, string | number>> = {},
): Promise<string | undefined> {
  const conds = Object.entries(scope).map(([c, v]) => sql` AND u.${id(c)} = ${v}`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT u.id FROM ${id(set.imports)} u
        WHERE u.sha256 = ${sha256} AND u.retracted_at IS NULL ${sql.join(conds, sql``)}
          AND EXISTS (SELECT 1 FROM ${id(set.slices)} s WHERE s.upload_id = u.id AND s.status = 'current')
        ORDER BY u.created_at DESC LIMIT 1`,
  );
  return rows[0]?.id;
}

/**
 * Makes import `importId`'s slices the current versions: inserts them, marks the versions they
 * replace superseded by it, all in the caller's transaction (the one place where a version
 * becomes current on upload). Answers the replaced versions (import id and key).
 */
export async function makeCurrent(db: Db, set: VersionedSet, importId: string, slices: readonly NewSlice[]) {
  const columns = ['upload_id', 'prefecture_code', ...set.key, 'rows', 'status'];
  for (let i = 0; i < slices.length; i += 1000) {
    const values = slices
      .slice(i, i + 1000)
      .map((s) => sql`(${importId}, ${s.prefecture}, ${sql.join(s.key.map((k) => sql`${k}`), sql`, `)}, ${s.rows}, 'pending')`);
    await db.execute(sql`INSERT INTO ${id(set.slices)} (${cols(columns)}) VALUES ${sql.join(values, sql`, `)}`);
  }
  // 'pending' rows are outside the one-current index until the versions they replace step down.
  const replaced = await queryRows<Record<string, string | number>>(
    db,
    sql`UPDATE ${id(set.slices)} c SET status = 'superseded', superseded_by = ${importId}, changed_at = now()
        FROM ${id(set.slices)} n
        WHERE n.upload_id = ${importId} AND n.status = 'pending' AND c.status = 'current' AND ${sameKey(set, 'c', 'n')}
        RETURNING c.upload_id, ${cols(set.key, 'c')}`,
  );
  await db.execute(
    sql`UPDATE ${id(set.slices)} SET status = 'current' WHERE upload_id = ${importId} AND status = 'pending'`,
  );
  return replaced;
}

/**
 * Marks an import retracted; answers the keys of the slices it held current (their current
 * version is gone: restorePrevious brings back the one before).
 */
export async function markRetracted(db: Db, set: VersionedSet, importId: string, by: string) {
  await db.execute(sql`UPDATE ${id(set.imports)} SET retracted_at = now(), retracted_by = ${by} WHERE id = ${importId}`);
  return queryRows<Record<string, string | number>>(
    db,
    sql`UPDATE ${id(set.slices)} s SET status = 'retracted', changed_at = now(),
          superseded_by = CASE WHEN s.status = 'current' THEN NULL ELSE s.superseded_by END
        FROM (SELECT upload_id, ${cols(set.key)}, status AS was FROM ${id(set.slices)}
              WHERE upload_id = ${importId} AND status <> 'retracted') o
        WHERE s.upload_id = o.upload_id AND ${sameKey(set, 's', 'o')}
        RETURNING o.was, ${cols(set.key, 's')}`,
  ).then((rows) => rows.filter((r) => r.was === 'current'));
}

/**
 * Makes current again, for each slice of import `importId` that has no current version now,
 * the newest earlier version of a live import (the one a retraction uncovers).
 */
export async function restorePrevious(db: Db, set: VersionedSet, importId: string) {
  const key = cols(set.key, 'p');
  await db.execute(sql`
    UPDATE ${id(set.slices)} s SET status = 'current', superseded_by = NULL, changed_at = now()
    FROM (
      SELECT DISTINCT ON (${key}) p.upload_id, ${key}
      FROM ${id(set.slices)} t
      JOIN ${id(set.slices)} p ON ${sameKey(set, 'p', 't')}
      JOIN ${id(set.imports)} u ON u.id = p.upload_id
      WHERE t.upload_id = ${importId} AND p.upload_id <> ${importId} AND p.status = 'superseded'
        AND u.retracted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${id(set.slices)} c WHERE ${sameKey(set, 'c', 't')} AND c.status = 'current')
      ORDER BY ${key}, p.created_at DESC
    ) prev
    WHERE s.upload_id = prev.upload_id AND ${sameKey(set, 's', 'prev')}`);
}

/** The current versions of the slices whose keys `keys` yields (a SELECT of the key columns). */
export async function currentOf<T = Record<string, unknown>>(db: Db, set: VersionedSet, keys: SQL) {
  return queryRows<T>(
    db,
    sql`SELECT c.* FROM ${id(set.slices)} c JOIN (${keys}) k ON ${sameKey(set, 'c', 'k')} WHERE c.status = 'current'`,
  );
}

/** The imports whose slices import `importId` replaced, with how many. */
export async function supersededBy(db: Db, set: VersionedSet, importId: string) {
  return queryRows<{ upload_id: string; n: number }>(
    db,
    sql`SELECT upload_id, count(*)::int AS n FROM ${id(set.slices)} WHERE superseded_by = ${importId}
        GROUP BY upload_id ORDER BY upload_id`,
  );
}
