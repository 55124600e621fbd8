import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import multipart from '@fastify/multipart';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { createRegionsService } from './modules/regions/regions.service.js';
import { DEFAULT_NEEDS_THRESHOLDS, type NeedsThresholds } from './modules/surveys/needs/risk-thresholds.js';
import { measuresRoutes } from './modules/measures/measures.routes.js';
import { surveysRoutes } from './modules/surveys/surveys.routes.js';
import { createUploadsService } from './modules/surveys/uploads.service.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';

export interface AppDeps {
  database: Database;
  /** Needs-survey risk-rule thresholds; default DEFAULT_NEEDS_THRESHOLDS. */
  needsThresholds?: NeedsThresholds;
  maxUploadBytes?: number;
}

/** Every module's service, built once per app over one database. */
export function createServices(deps: AppDeps) {
  const db = deps.database.db;
  const regions = createRegionsService(db);
  const auth = createAuthService(db);
  const uploads = createUploadsService({
    database: deps.database,
    regions,
    thresholds: deps.needsThresholds ?? DEFAULT_NEEDS_THRESHOLDS,
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
  });
  return { regions, auth, uploads };
}
export type Services = ReturnType<typeof createServices>;

export const API_VERSION = '0.1.0';

/** Builds the Fastify app; never listens and reads no environment (server.ts and cli.ts do). */
export async function buildApp(
  config: Pick<Config, 'logLevel' | 'maxUploadBytes'>,
  deps: AppDeps,
): Promise<{ app: FastifyInstance; services: Services }> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log bodies or auth headers: uploads carry microdata, headers carry keys.
      redact: ['req.headers.authorization'],
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: config.maxUploadBytes,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  const services = createServices({ ...deps, maxUploadBytes: deps.maxUploadBytes ?? config.maxUploadBytes });

  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'carelogic API',
        description:
          '地域包括ケアシステムのPDCA（ロジックモデル）分析サービス. Regions, surveys, indicators, targets and gaps for prefectural analysts.',
        version: API_VERSION,
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key' } },
      },
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'auth', description: 'API keys (admins)' },
        { name: 'regions', description: 'Prefectures, areas (圏域) and municipalities' },
        { name: 'surveys', description: 'Survey uploads, codebooks and templates' },
        { name: 'measures', description: 'Measures: counts and sums per municipality and period' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(authPlugin, { auth: services.auth });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { database: deps.database });
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { auth: services.auth });
      await v1.register(regionsRoutes, { regions: services.regions });
      await v1.register(surveysRoutes, { uploads: services.uploads });
      await v1.register(measuresRoutes, { db: deps.database.db });
    },
    { prefix: '/v1' },
  );
  return { app, services };
}
