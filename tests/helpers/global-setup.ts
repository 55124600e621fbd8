import { existsSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { type TestDbMode, withDatabase } from './test-db-mode.js';

/**
 * Picks the database for the run: TEST_DATABASE_URL when set; else testcontainers' PostgreSQL when a
 * Docker engine answers; else PGlite. On PostgreSQL it migrates one template database once; each
 * test file then gets its own CREATE DATABASE … TEMPLATE copy (tests/helpers/db.ts).
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL?.trim() || '';
  let source: 'TEST_DATABASE_URL' | 'testcontainers' = 'TEST_DATABASE_URL';
  let stopContainer: (() => Promise<unknown>) | undefined;

  if (!adminUrl && process.env.TEST_DB !== 'pglite' && dockerMayAnswer()) {
    try {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer('postgres:16-alpine').start();
      adminUrl = container.getConnectionUri();
      source = 'testcontainers';
      stopContainer = () => container.stop();
    } catch (err) {
      console.warn(`[tests] Docker did not answer (${(err as Error).message.split('\n')[0]}); using PGlite.`);
    }
  }

  if (!adminUrl) {
    console.info('[tests] database: PGlite (in memory, one per test file)');
    project.provide('testDb', { kind: 'pglite' } satisfies TestDbMode);
    return;
  }

  const template = `carelogic_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(adminUrl, template), poolSize: 2 });
  await runMigrations(database);
  await database.close();
  console.info(`[tests] database: PostgreSQL from ${source}, template ${template}`);
  project.provide('testDb', { kind: 'postgres', adminUrl, template, source } satisfies TestDbMode);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`carelogic_t_${process.pid}_%`],
    );
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.end();
    await stopContainer?.();
  };
}

function dockerMayAnswer(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}
