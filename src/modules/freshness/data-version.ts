import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';

/** The scope of national data (standard populations): its version counts in every prefecture's. */
export const NATIONAL = '00';
/** The scope of API keys. */
export const KEYS = 'keys';

/**
 * Bumps the data version of these scopes (prefecture codes, {@link NATIONAL}, {@link KEYS}).
 *
 * This is the one call every writer makes: inside the write's own transaction, after the write,
 * so that the new version becomes visible exactly when the data do (and is rolled back with
 * them). Uploads, retractions, reference loads, target changes, indicator recomputes, master and
 * key changes call it; so must every new writer of data a reader sees (PDCA items, logic models).
 * Bumping twice in one transaction is harmless. Scopes are locked in code order, so concurrent
 * writers never deadlock on these rows.
 */
export async function bumpDataVersion(db: Db, scopes: string | readonly string[]): Promise<void> {
  const codes = [...new Set(typeof scopes === 'string' ? [scopes] : scopes)].sort();
  for (const code of codes) {
    await db.execute(sql`
      INSERT INTO data_versions (scope, version, changed_at) VALUES (${code}, 1, now())
      ON CONFLICT (scope) DO UPDATE SET version = data_versions.version + 1, changed_at = now()`);
  }
}

/** Every stored version, by scope (a few dozen rows at most). */
export async function readDataVersions(db: Db): Promise<Map<string, number>> {
  const rows = await queryRows<{ scope: string; version: number }>(db, sql`SELECT scope, version FROM data_versions`);
  return new Map(rows.map((r) => [r.scope, Number(r.version)]));
}

/** A prefecture's version as readers see it: its own plus the national one (both only grow). */
export const versionOf = (versions: ReadonlyMap<string, number>, prefecture: string) =>
  (versions.get(prefecture) ?? 0) + (prefecture === NATIONAL ? 0 : (versions.get(NATIONAL) ?? 0));
