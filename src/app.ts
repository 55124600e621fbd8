import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import multipart from '@fastify/multipart';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { createRegionsService } from './modules/regions/regions.service.js';
import { loadNeedsThresholds } from './modules/surveys/needs/risk-config.js';
import type { NeedsThresholds } from './modules/surveys/needs/risk-thresholds.js';
import { measuresRoutes } from './modules/measures/measures.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { createReferenceService } from './modules/reference/reference.service.js';
import { loadReferenceRules } from './modules/reference/reference.rules.js';
import { surveysRoutes } from './modules/surveys/surveys.routes.js';
import { createUploadsService } from './modules/surveys/uploads.service.js';
import { targetsRoutes } from './modules/targets/targets.routes.js';
import { createTargetsService } from './modules/targets/targets.service.js';
import { gapsRoutes } from './modules/gaps/gaps.routes.js';
import { createGapsService } from './modules/gaps/gaps.service.js';
import { loadLogicModelsSync } from './modules/logic-models/logic-models.loader.js';
import { logicModelsRoutes } from './modules/logic-models/logic-models.routes.js';
import { createLogicModelsService } from './modules/logic-models/logic-models.service.js';
import { indicatorsRoutes } from './modules/indicators/indicators.routes.js';
import { createIndicatorsService } from './modules/indicators/indicators.service.js';
import type { LoadedLogicModels } from './modules/logic-models/logic-models.definitions.js';
import { logicModelsDir } from './paths.js';
import { assetsRoutes } from './modules/charts/assets.routes.js';
import { chartAssets } from './modules/charts/charts.assets.js';
import { chartsRoutes } from './modules/charts/charts.routes.js';
import { createChartsService } from './modules/charts/charts.service.js';
import { createEmbedsService } from './modules/embeds/embeds.service.js';
import { embedPagesRoutes, embedsRoutes } from './modules/embeds/embeds.routes.js';
import { contractTransform, contractTransformObject } from './openapi/contract.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorHandler } from './plugins/client-errors.js';
import { errorsPlugin } from './plugins/errors.js';
import { csvPlugin } from './plugins/csv.js';

export interface AppDeps {
  database: Database;
  /** Needs-survey risk-rule thresholds; default DEFAULT_NEEDS_THRESHOLDS. */
  needsThresholds?: NeedsThresholds;
  maxUploadBytes?: number;
  /** Logic models and catalogue; default: logic-models/, loaded and validated once at start. */
  logicModels?: LoadedLogicModels;
}

/** Every module's service, built once per app over one database. */
export function createServices(deps: AppDeps) {
  const db = deps.database.db;
  const regions = createRegionsService(db);
  const auth = createAuthService(db);
  // Read and validated once: a LogicModelError (every file/node problem) stops the start.
  const models = deps.logicModels ?? loadLogicModelsSync(logicModelsDir);
  const logicModelsService = createLogicModelsService(models);
  const indicators = createIndicatorsService({ database: deps.database, logicModels: models, regions });
  const uploads = createUploadsService({
    database: deps.database,
    regions,
    thresholds: deps.needsThresholds ?? loadNeedsThresholds(join(logicModelsDir, 'rules', 'needs-risk.yaml')),
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
    onChanged: (prefecture, period, kind) => indicators.recompute({ prefecture, period, sources: [kind] }),
  });
  const reference = createReferenceService({
    database: deps.database,
    regions,
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
    loadRules: () => loadReferenceRules({ measures: models.measures.measures }),
    onChanged: async (prefecture, periods) => {
      for (const period of periods) await indicators.recompute({ prefecture, period, sources: ['reference'] });
    },
  });
  // The logic models and catalogue, as loaded above.
  const logicModels = () => Promise.resolve(models);
  const targets = createTargetsService({ db, regions, logicModels });
  const gaps = createGapsService({ regions, targets, logicModels, values: (args) => indicators.values(args) });
  // Charts read what the JSON routes publish: the indicators' values and the gaps, nothing else.
  const charts = createChartsService({
    assets: chartAssets(),
    sources: {
      values: (a) => indicators.values(a),
      indicatorGaps: async (a) => (await gaps.indicatorGaps(a)).body,
      municipalityGaps: async (a) => (await gaps.municipalityGaps(a)).body,
      aggregateGaps: async (a) => (await gaps.aggregateGaps(a)).body,
      definition: (id) => indicators.definition(id),
      municipalities: async (pref) =>
        (await regions.municipalityRows(pref)).map((m) => ({ code: m.code, name: m.name, area: m.medicalArea })),
      prefectureName: async (code) => (await regions.listPrefectures()).find((p) => p.code === code)?.name ?? code,
      logicModels: models,
    },
  });
  const embeds = createEmbedsService({ db, charts });
  return { regions, auth, uploads, reference, targets, logicModels: logicModelsService, indicators, gaps, charts, embeds };
}
export type Services = ReturnType<typeof createServices>;

/** An error for the log: type, code, message and stack, never a driver's row context. */
function serializeError(err: Error & { code?: string; statusCode?: number }) {
  return { type: err.name, code: err.code, statusCode: err.statusCode, message: err.message, stack: err.stack ?? '' };
}

export const API_VERSION = '0.1.0';

/** Builds the Fastify app; never listens and reads no environment (server.ts and cli.ts do). */
export async function buildApp(
  config: Pick<Config, 'logLevel' | 'maxUploadBytes'> & Partial<Pick<Config, 'embedOrigins'>>,
  deps: AppDeps,
): Promise<{ app: FastifyInstance; services: Services }> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log bodies or auth headers: uploads carry microdata, headers carry keys.
      redact: ['req.headers.authorization'],
      // Database errors carry the failing row (pg's `where`, `detail`): log the error, not the row.
      serializers: { err: serializeError },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: config.maxUploadBytes,
    // Raw UTF-8 in a query (curl '…?area=南部') and other requests Node's parser refuses.
    clientErrorHandler,
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
      servers: [{ url: '/', description: 'このサービス自身 / This service' }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key' } },
      },
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'auth', description: 'API keys (admins)' },
        { name: 'regions', description: 'Prefectures, areas (圏域) and municipalities' },
        { name: 'surveys', description: 'Survey uploads, codebooks and templates' },
        { name: 'measures', description: 'Measures: counts and sums per municipality and period' },
        { name: 'reference', description: 'Reference statistics (公表統計等): uploads of published figures per municipality' },
        { name: 'logic-models', description: 'Logic models (ロジックモデル) as trees, each node with its indicators' },
        { name: 'indicators', description: 'Indicator definitions and values per municipality, area (圏域), insurer and prefecture' },
        { name: 'targets', description: 'Targets per indicator × prefecture / area / municipality × year, inherited, with history' },
        { name: 'gaps', description: 'Gap analysis: each municipality against its targets, area and prefecture; funnel plots; priorities for 課題抽出' },
        { name: 'charts', description: 'Charts (Vega-Lite specs, SVG, PNG, HTML pages) drawn from the published values and gaps' },
      ],
    },
    // operationIds, bilingual summaries, bodies, security and problem+json errors for every route.
    transform: contractTransform,
    transformObject: contractTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(authPlugin, { auth: services.auth });
  await app.register(csvPlugin);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { database: deps.database });
  await app.register(assetsRoutes, { files: services.charts.assetFiles });
  await app.register(embedPagesRoutes, { embeds: services.embeds, embedOrigins: config.embedOrigins ?? [] });
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { auth: services.auth });
      await v1.register(regionsRoutes, { regions: services.regions });
      await v1.register(surveysRoutes, { uploads: services.uploads });
      await v1.register(measuresRoutes, { db: deps.database.db });
      await v1.register(referenceRoutes, { reference: services.reference });
      await v1.register(targetsRoutes, { targets: services.targets });
      await v1.register(gapsRoutes, { gaps: services.gaps });
      await v1.register(logicModelsRoutes, { logicModels: services.logicModels });
      await v1.register(indicatorsRoutes, { indicators: services.indicators });
      await v1.register(chartsRoutes, { charts: services.charts, embedOrigins: config.embedOrigins ?? [] });
      await v1.register(embedsRoutes, { embeds: services.embeds });
    },
    { prefix: '/v1' },
  );
  return { app, services };
}
