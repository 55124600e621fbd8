import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { withDatabase } from './test-db-mode.js';

/** A fresh, migrated database for one test file; close() drops it. */
export async function createTestDatabase(): Promise<Database> {
  const mode = inject('testDb');
  if (mode.kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await runMigrations(database);
    return database;
  }
  const ppid = mode.template.replace('carelogic_tpl_', '');
  const name = `carelogic_t_${ppid}_${randomBytes(5).toString('hex')}`;
  await adminQuery(mode.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${mode.template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(mode.adminUrl, name), poolSize: 5 });
  const close = database.close;
  return {
    ...database,
    close: async () => {
      // pool.end() resolves before its clients' sockets close, so the FORCE drop below can
      // terminate a backend mid-goodbye; the pool re-emits that as an 'error' nobody awaits.
      database.pool?.on('error', () => undefined);
      await close();
      await adminQuery(mode.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The kind of database this run uses, for tests that touch driver specifics. */
export const testDbKind = () => inject('testDb').kind;
