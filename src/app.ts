import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import multipart from '@fastify/multipart';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { DEFAULT_LIMITS, type Config, type Limits } from './config.js';
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
import { createImportsService } from './modules/imports/index.js';
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
import { itemsRoutes } from './modules/pdca/items.routes.js';
import { createItemsService } from './modules/pdca/items.service.js';
import { actionsRoutes } from './modules/pdca/actions.routes.js';
import { registerRoutes } from './modules/register/register.routes.js';
import { createRegisterService } from './modules/register/register.service.js';
import { createActionsService } from './modules/pdca/actions.service.js';
import { indicatorsRoutes } from './modules/indicators/indicators.routes.js';
import { createPrefectureIndicators } from './modules/indicators/indicators.per-prefecture.js';
import { createModelRegistry } from './modules/logic-models/logic-models.registry.js';
import type { LoadedLogicModels } from './modules/logic-models/logic-models.definitions.js';
import { logicModelsDir } from './paths.js';
import { assetsRoutes } from './modules/charts/assets.routes.js';
import { chartAssets } from './modules/charts/charts.assets.js';
import { chartsRoutes } from './modules/charts/charts.routes.js';
import { createChartsService } from './modules/charts/charts.service.js';
import { createPictureStore } from './modules/charts/render/picture-store.js';
import { createChartWarmer } from './modules/reports/chart-warmer.js';
import { createEmbedsService } from './modules/embeds/embeds.service.js';
import { embedPagesRoutes, embedsRoutes } from './modules/embeds/embeds.routes.js';
import { ChartKindParam, ChartParams } from './modules/charts/charts.schemas.js';
import type { Principal } from './modules/auth/auth.types.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { schedulesRoutes } from './modules/reports/schedules.routes.js';
import { createSchedulesService, type SchedulesService } from './modules/reports/schedules.service.js';
import { contractTransform, contractTransformObject } from './openapi/contract.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorHandler } from './plugins/client-errors.js';
import { createFreshness } from './modules/freshness/freshness.js';
import { errorsPlugin } from './plugins/errors.js';
import { csvPlugin } from './plugins/csv.js';
import { securityPlugin } from './plugins/security.js';
import { createDisclosureService } from './modules/disclosure/disclosure.service.js';

export interface AppDeps {
  database: Database;
  /** Needs-survey risk-rule thresholds; default DEFAULT_NEEDS_THRESHOLDS. */
  needsThresholds?: NeedsThresholds;
  maxUploadBytes?: number;
  /**
   * Catalogues and shipped models; default: logic-models/, loaded and validated once at start. The
   * shipped models become version 1 of their prefecture's model in the database.
   */
  logicModels?: LoadedLogicModels;
  /** Where log lines go; default stdout. */
  logStream?: NodeJS.WritableStream;
  /** Where report workbooks are stored (REPORTS_DIR); default ./data/reports. */
  reportsDir?: string;
  /** Seconds a running report job is held without progress (REPORT_LEASE_SECONDS); default 120. */
  reportLeaseSeconds?: number;
  /** The clock report schedules judge slots by (tests move it); default the system clock. */
  clock?: () => Date;
  /** Logger of background work (report jobs and schedules). */
  log?: FastifyBaseLogger;
}

/** Every module's service, built once per app over one database. */
export function createServices(deps: AppDeps) {
  const db = deps.database.db;
  const regions = createRegionsService(db);
  const auth = createAuthService(db);
  // Catalogues and shipped models read and validated once: a LogicModelError (every file/node problem) stops the start.
  const files = deps.logicModels ?? loadLogicModelsSync(logicModelsDir);
  // Each prefecture's model and catalogue, from the database (shipped models seeded as version 1).
  const registry = createModelRegistry({ db, files });
  const logicModels = (prefecture: string, version?: number) => registry.forPrefecture(prefecture, version);
  const indicators = createPrefectureIndicators({ database: deps.database, regions, logicModels, files });
  const logicModelsService = createLogicModelsService({
    db,
    registry,
    regions,
    recomputeAll: (prefecture) => indicators.recomputeAll(prefecture),
  });
  // The one versioned-slices mechanism of every import (survey parts, reference statistics, PDCA items, the register).
  const imports = createImportsService({
    database: deps.database,
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
  });
  const uploads = createUploadsService({
    database: deps.database,
    imports,
    regions,
    thresholds: deps.needsThresholds ?? loadNeedsThresholds(join(logicModelsDir, 'rules', 'needs-risk.yaml')),
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
    // In the upload's transaction: the new values commit with the new measures.
    onChanged: (prefecture, period, kind, tx) => indicators.recompute({ prefecture, period, sources: [kind], ifStale: true, tx }),
  });
  const reference = createReferenceService({
    database: deps.database,
    imports,
    regions,
    maxUploadBytes: deps.maxUploadBytes ?? 512 * 1024 * 1024,
    loadRules: () => loadReferenceRules({ measures: files.measures.measures }),
    onChanged: async (prefecture, periods) => {
      for (const period of periods) await indicators.recompute({ prefecture, period, sources: ['reference'], ifStale: true });
    },
  });
  const targets = createTargetsService({ db, regions, logicModels });
  // ETags name the deployment's catalogue and API version besides the data version.
  const seed = createHash('sha256').update(API_VERSION).update(JSON.stringify(files)).digest('hex');
  const freshness = createFreshness(db, seed, deps.database.pool);
  const actions = createActionsService({ db, regions, logicModels });
  const items = createItemsService({ db, imports, regions });
  const register = createRegisterService({
    db,
    imports,
    regions,
    onChanged: (prefecture, period) => indicators.recompute({ prefecture, period, sources: ['register'], ifStale: true }),
  });
  const gaps = createGapsService({
    regions,
    targets,
    logicModels,
    values: (args) => indicators.valuesBatch(args),
    currentVersion: freshness.current,
    actions: actions.reader,
  });
  // Charts read what the JSON routes publish: the indicators' values and the gaps, nothing else,
  // at the prefecture's current data version.
  const at = freshness.current;
  const charts = createChartsService({
    assets: chartAssets(),
    // Drawn pictures are kept in the database: a replica, or this process after a restart, serves
    // a picture another drew instead of drawing it again.
    store: createPictureStore(db),
    onStoreError: (err) => deps.log?.warn({ err: serializeError(err as Error) }, 'chart picture store failed; picture drawn anyway'),
    sources: {
      values: async (a) => indicators.values({ ...a, version: await at(a.prefecture) }),
      indicatorGaps: async (a) => (await gaps.indicatorGaps(a)).body,
      municipalityGaps: async (a) => (await gaps.municipalityGaps(a)).body,
      aggregateGaps: async (a) => (await gaps.aggregateGaps(a)).body,
      definition: (id, prefecture) => indicators.definition(id, prefecture),
      municipalities: async (pref) =>
        (await regions.municipalityRows(pref)).map((m) => ({ code: m.code, name: m.name, area: m.medicalArea })),
      prefectureName: async (code) => (await regions.listPrefectures()).find((p) => p.code === code)?.name ?? code,
      logicModels,
    },
  });
  const disclosure = createDisclosureService({ database: deps.database, logicModels, regions, indicators });
  const embeds = createEmbedsService({ db, charts });
  // Workbooks take their chart images from the charts service, as PNG at twice the spec's size.
  const chartImages = {
    render: async (req: { kind: string; params: Record<string, unknown>; format: 'png' }, reader: Principal) => {
      const kind = ChartKindParam.shape.kind.parse(req.kind);
      const out = await charts.render({ kind, params: ChartParams.parse(req.params), format: 'png', scale: 2 }, reader);
      return { contentType: out.contentType, body: Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body) };
    },
  };
  const sources = { gaps, indicators, uploads, reference, regions, logicModels: logicModelsService, charts: chartImages, items };
  // Reports and schedules call each other: a job's end finishes its schedule run.
  let schedules: SchedulesService | undefined;
  const reports = createReportsService({
    database: deps.database,
    sources,
    reportsDir: deps.reportsDir ?? './data/reports',
    leaseSeconds: deps.reportLeaseSeconds,
    log: deps.log,
    onJobEnded: (job) => schedules!.onJobEnded(job),
  });
  schedules = createSchedulesService({ database: deps.database, reports, sources, now: deps.clock, log: deps.log });
  // Draws a prefecture workbook's charts once its data settles (server.ts ticks it).
  const chartWarmer = createChartWarmer({ sources, database: deps.database, log: deps.log });
  return {
    regions,
    auth,
    uploads,
    reference,
    targets,
    logicModels: logicModelsService,
    logicModelRegistry: registry,
    indicators,
    gaps,
    charts,
    embeds,
    items,
    actions,
    register,
    freshness,
    reports,
    schedules,
    chartWarmer,
    disclosure,
  };
}
export type Services = ReturnType<typeof createServices>;

/** An error for the log: type, code, message and stack, never a driver's row context. */
function serializeError(err: Error & { code?: string; statusCode?: number }) {
  return { type: err.name, code: err.code, statusCode: err.statusCode, message: err.message, stack: err.stack ?? '' };
}

/** The members of an object that are not undefined. */
function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const API_VERSION = '0.1.0';

/** Builds the Fastify app; never listens and reads no environment (server.ts and cli.ts do). */
export async function buildApp(
  config: Pick<Config, 'logLevel' | 'maxUploadBytes'> & Partial<Pick<Config, 'embedOrigins'>> & Partial<Limits>,
  deps: AppDeps,
): Promise<{ app: FastifyInstance; services: Services }> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...definedOf(config) };
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log bodies or auth headers: uploads carry microdata, headers carry keys (the
      // multipart library logs the request headers it hands to busboy at trace level).
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          'busboyOptions.headers.authorization',
          'busboyOptions.headers.cookie',
        ],
        censor: '[redacted]',
      },
      // Database errors carry the failing row (pg's `where`, `detail`): log the error, not the row.
      serializers: { err: serializeError },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Small by default (JSON); file imports declare more (see plugins/security.ts).
    bodyLimit: limits.jsonBodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
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

  const services = createServices({
    ...deps,
    maxUploadBytes: deps.maxUploadBytes ?? config.maxUploadBytes,
    log: deps.log ?? app.log,
  });

  await app.register(errorsPlugin);
  await app.register(securityPlugin, { limits });
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
        { name: 'pdca', description: 'Plan, Do and Act: the eight items (ア)-(ク) of 在宅医療・介護連携推進事業, measures (個別施策) and review notes' },
        { name: 'register', description: 'The resource register (地域の医療・介護資源): institutions and offices with type and role flags; counts become measures' },
        { name: 'gaps', description: 'Gap analysis: each municipality against its targets, area and prefecture; funnel plots; priorities for 課題抽出' },
        { name: 'charts', description: 'Charts (Vega-Lite specs, SVG, PNG, HTML pages) drawn from the published values and gaps' },
        { name: 'reports', description: 'Excel workbooks on demand and on a schedule (報告書): jobs, files, schedules and their runs' },
      ],
    },
    // operationIds, bilingual summaries, bodies, security and problem+json errors for every route.
    transform: contractTransform,
    transformObject: contractTransformObject,
  });
  // The documentation page gets its own Content-Security-Policy (scripts and styles of the page
  // itself only); without upgrade-insecure-requests, so it works over plain HTTP on an intranet.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(authPlugin, { auth: services.auth, freshness: services.freshness });
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
      await v1.register(gapsRoutes, { gaps: services.gaps, freshness: services.freshness });
      await v1.register(logicModelsRoutes, { logicModels: services.logicModels });
      await v1.register(indicatorsRoutes, { indicators: services.indicators, freshness: services.freshness });
      await v1.register(chartsRoutes, { charts: services.charts, embedOrigins: config.embedOrigins ?? [] });
      await v1.register(embedsRoutes, { embeds: services.embeds });
      await v1.register(itemsRoutes, { items: services.items });
      await v1.register(actionsRoutes, { actions: services.actions });
      await v1.register(registerRoutes, { register: services.register });
      await v1.register(reportsRoutes, { reports: services.reports });
      await v1.register(schedulesRoutes, { schedules: services.schedules });
    },
    { prefix: '/v1' },
  );
  return { app, services };
}
