import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { appliedMigrations, expectedMigrations } from '../../db/migrate.js';
import { ServiceUnavailableError } from '../../shared/errors.js';
import { problemDetails } from '../../shared/messages.js';

const Health = z
  .object({ status: z.literal('ok').describe('Always ok while the process answers') })
  .meta({ id: 'Health' });

/** Public, so it says only whether the service is ready: no database host, data directory or version. */
const Ready = z
  .object({ status: z.literal('ready').describe('Database reachable and migrations current') })
  .meta({ id: 'Ready' });

export async function healthRoutes(app: FastifyInstance, opts: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const expected = expectedMigrations();

  r.get('/healthz', {
    config: { access: 'public' },
    logLevel: 'warn',
    schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Health } },
    handler: async () => ({ status: 'ok' as const }),
  });

  r.get('/readyz', {
    config: { access: 'public', errors: [503] },
    logLevel: 'warn',
    schema: { tags: ['health'], summary: 'Readiness: database reachable, migrations current', response: { 200: Ready } },
    handler: async () => {
      let applied: number;
      try {
        await opts.database.db.execute(sql`SELECT 1`);
        applied = await appliedMigrations(opts.database);
      } catch {
        throw new ServiceUnavailableError(problemDetails.databaseUnreachable());
      }
      if (applied < expected) throw new ServiceUnavailableError(problemDetails.migrationsPending());
      return { status: 'ready' as const };
    },
  });
}
