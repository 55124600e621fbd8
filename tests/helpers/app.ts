import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type Services } from '../../src/app.js';
import type { Limits } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import type { Role } from '../../src/modules/auth/auth.types.js';
import { validateResponses } from './contract.js';
import { createTestDatabase } from './db.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: Database;
  /** REPORTS_DIR of this app (a temporary directory, removed on close unless shared). */
  reportsDir: string;
  /** Authorization header of the admin key. */
  admin: { authorization: string };
  /** Answers that broke the committed OpenAPI document (checked on every inject; close() fails on any). */
  contractViolations: string[];
  /** Creates a key of a role through the service and returns its Authorization header. */
  keyFor(role: Role, binding?: { prefecture?: string | null; municipality?: string }): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/** The app over a fresh database, with the prefecture master seeded and an admin key. */
export async function createTestApp(
  opts: {
    seed?: boolean;
    extend?: (app: FastifyInstance) => void;
    /** Request limits; by default the production ones, but a rate limit tests never reach. */
    limits?: Partial<Limits>;
    logLevel?: string;
    /** The upload limit (MAX_UPLOAD_BYTES); default 512 MiB. */
    maxUploadBytes?: number;
    /** A log destination (e.g. to capture every line); default none. */
    logStream?: NodeJS.WritableStream;
    /** The clock of report schedules. */
    clock?: () => Date;
    /** Another app's database and reports directory: a second replica (close() leaves them open). */
    shared?: { database: Database; reportsDir: string };
  } = {},
): Promise<TestApp> {
  const database = opts.shared?.database ?? (await createTestDatabase());
  const reportsDir = opts.shared?.reportsDir ?? mkdtempSync(join(tmpdir(), 'carelogic-reports-'));
  const { app, services } = await buildApp(
    {
      logLevel: opts.logLevel ?? 'silent',
      maxUploadBytes: opts.maxUploadBytes ?? 512 * 1024 * 1024,
      rateLimitPerMinute: 1_000_000,
      authFailuresPerMinute: 1_000_000,
      ...opts.limits,
    },
    { database, logStream: opts.logStream, reportsDir, clock: opts.clock },
  );
  const contractViolations: string[] = [];
  validateResponses(app, contractViolations);
  if (opts.seed !== false) await services.regions.seed();
  await services.logicModelRegistry.ensureSeeded();
  await services.auth.ensureAdmin(ADMIN_KEY);
  opts.extend?.(app);
  await app.ready();
  return {
    app,
    services,
    database,
    reportsDir,
    admin: { authorization: `Bearer ${ADMIN_KEY}` },
    contractViolations,
    async keyFor(role, binding = {}) {
      const { key } = await services.auth.create({
        role,
        name: `test ${role}`,
        prefectureCode: binding.prefecture === undefined ? (role === 'admin' ? null : '47') : binding.prefecture,
        municipalityCode: binding.municipality,
      });
      return { authorization: `Bearer ${key}` };
    },
    async close() {
      await services.reports.idle();
      await app.close();
      if (!opts.shared) {
        await database.close();
        rmSync(reportsDir, { recursive: true, force: true });
      }
      if (contractViolations.length) {
        const unique = [...new Set(contractViolations)];
        throw new Error(`Answers that break openapi/openapi.json (run npm run openapi, or fix the route):\n${unique.join('\n')}`);
      }
    },
  };
}

/**
 * A second app instance (a replica) over the same database as `of`: on PostgreSQL with its own
 * connection pool, on PGlite sharing the in-process database. It has its own caches, so what it
 * answers shows whether a write made through the other instance is seen at once.
 */
export async function createPeerApp(of: TestApp): Promise<{ app: FastifyInstance; services: Services; close(): Promise<void> }> {
  const url = (of.database.pool?.options as { connectionString?: string } | undefined)?.connectionString;
  const database = url ? await openDatabase({ databaseUrl: url, poolSize: 3 }) : of.database;
  const { app, services } = await buildApp(
    { logLevel: 'silent', maxUploadBytes: 512 * 1024 * 1024, rateLimitPerMinute: 1_000_000, authFailuresPerMinute: 1_000_000 },
    { database },
  );
  await app.ready();
  return {
    app,
    services,
    async close() {
      await app.close();
      if (database !== of.database) await database.close();
    },
  };
}
