/**
 * PostgreSQL ending an idle pooled connection (a server restart, pg_terminate_backend, DROP
 * DATABASE … FORCE) must not end the process: the pool drops the client and the next query opens
 * another. Migrations need no second connection of the pool. PostgreSQL only: PGlite has no connections.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { appliedMigrations, expectedMigrations, runMigrations } from '../../src/db/migrate.js';
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

describe.skipIf(!onPostgres)('migrations', () => {
  it('run on a pool of one connection, and two replicas starting together both finish', async () => {
    const url = new URL((owner.pool?.options as { connectionString?: string }).connectionString!);
    const name = `carelogic_mig_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    const one = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    const other = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      // The migration lock is held on a connection of the pool: with one connection, migrating
      // through the pool would wait for that very connection.
      await Promise.all([runMigrations(one), runMigrations(other)]);
      expect(await appliedMigrations(one)).toBe(expectedMigrations());
      const [{ n }] = await queryRows<{ n: number }>(one.db, sql`SELECT count(*)::int AS n FROM municipalities`);
      expect(n).toBe(0);
    } finally {
      await one.close();
      await other.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
