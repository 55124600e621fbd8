import type { FastifyInstance } from 'fastify';
import { buildApp, type Services } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import type { Role } from '../../src/modules/auth/auth.types.js';
import { validateResponses } from './contract.js';
import { createTestDatabase } from './db.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: Database;
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
  opts: { seed?: boolean; extend?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const { app, services } = await buildApp({ logLevel: 'silent', maxUploadBytes: 512 * 1024 * 1024 }, { database });
  const contractViolations: string[] = [];
  validateResponses(app, contractViolations);
  if (opts.seed !== false) await services.regions.seed();
  await services.auth.ensureAdmin(ADMIN_KEY);
  opts.extend?.(app);
  await app.ready();
  return {
    app,
    services,
    database,
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
      await app.close();
      await database.close();
      if (contractViolations.length) {
        const unique = [...new Set(contractViolations)];
        throw new Error(`Answers that break openapi/openapi.json (run npm run openapi, or fix the route):\n${unique.join('\n')}`);
      }
    },
  };
}
