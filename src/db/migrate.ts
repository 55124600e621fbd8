import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsDir } from '../paths.js';
import type { Database } from './client.js';
import { queryRows } from './query.js';

/** Key of the advisory lock that keeps two replicas from migrating at once. */
const MIGRATION_LOCK = 47_110_001;

/** Applies every migration in migrations/ (the same files on PostgreSQL and PGlite). */
export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsDir };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, config);
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // On the connection that holds the lock: through the pool, a pool of one connection waited
    // for itself for ever.
    await migratePg(drizzlePg(client), config);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Number of migrations shipped with this build. */
export function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(resolve(migrationsDir, 'meta', '_journal.json'), 'utf8'));
  return journal.entries.length;
}

/** Applied migrations, 0 when none ran yet. */
export async function appliedMigrations(database: Database): Promise<number> {
  const rows = await queryRows<{ n: number }>(database.db, sql`
    SELECT CASE WHEN to_regclass('drizzle.__drizzle_migrations') IS NULL THEN 0
           ELSE (SELECT count(*)::int FROM drizzle.__drizzle_migrations) END AS n`);
  return Number(rows[0]?.n ?? 0);
}
