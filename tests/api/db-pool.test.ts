/**
 * PostgreSQL ending an idle pooled connection (a server restart, pg_terminate_backend, DROP
 * DATABASE … FORCE) must not end the process: the pool drops the client and the next query opens
 * another. PostgreSQL only: PGlite has no connections.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import { createTestDatabase } from '../helpers/db.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL) && process.env.TEST_DB !== 'pglite';
let owner: Database;
let db: Database;

beforeAll(async () => {
  if (!onPostgres) return;
  owner = await createTestDatabase();
  const url = (owner.pool?.options as { connectionString?: string }).connectionString!;
  db = await openDatabase({ databaseUrl: url, poolSize: 2 });
});
afterAll(async () => {
  await db?.close();
  await owner?.close();
});

describe.skipIf(!onPostgres)('the PostgreSQL pool', () => {
  it('survives the server ending its idle connections, and the next query works', async () => {
    const [{ pid }] = await queryRows<{ pid: number }>(db.db, sql`SELECT pg_backend_pid() AS pid`);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const [{ ended }] = await queryRows<{ ended: boolean }>(owner.db, sql`SELECT pg_terminate_backend(${pid}) AS ended`);
      expect(ended).toBe(true);
      for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings.some((w) => w.includes('PostgreSQL ended an idle connection (57P01)'))).toBe(true);
      const [{ one }] = await queryRows<{ one: number }>(db.db, sql`SELECT 1 AS one`);
      expect(one).toBe(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
