import { z } from 'zod';

/** An empty environment variable counts as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/** Request limits of the HTTP service (see docs/security.md). */
export interface Limits {
  /** Body limit of every route that does not declare another (JSON bodies). */
  jsonBodyBytes: number;
  /** Body limit of text/csv imports (targets, regions master) and of their multipart file. */
  importBodyBytes: number;
  /** A whole request (headers and body) must arrive within this time. */
  requestTimeoutMs: number;
  /** A connection idle this long is closed. */
  connectionTimeoutMs: number;
  /** Requests per minute per API key (or per address without a key). */
  rateLimitPerMinute: number;
  /** Failed authentications per minute per address before it is answered 429. */
  authFailuresPerMinute: number;
  /** File ingests (survey and reference uploads, imports) processed at once; more wait. */
  ingestConcurrency: number;
  /** Ingests that may wait for a slot; beyond them the answer is 503 with Retry-After. */
  ingestQueue: number;
}

export const DEFAULT_LIMITS: Limits = {
  jsonBodyBytes: 1024 * 1024,
  importBodyBytes: 16 * 1024 * 1024,
  requestTimeoutMs: 10 * 60_000,
  connectionTimeoutMs: 2 * 60_000,
  rateLimitPerMinute: 1200,
  authFailuresPerMinute: 20,
  ingestConcurrency: 2,
  ingestQueue: 16,
};

export const configSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: optional(z.string().default('0.0.0.0')),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  DATA_DIR: optional(z.string().default('./data')),
  DATABASE_URL: optional(z.string().url().optional()),
  ADMIN_API_KEY: optional(z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional()),
  SEED_PREFECTURE_MASTER: optional(z.enum(['true', 'false']).default('true')),
  MAX_UPLOAD_BYTES: optional(z.coerce.number().int().positive().default(512 * 1024 * 1024)),
  EMBED_ORIGINS: optional(
    z
      .string()
      .default('')
      .transform((s) => s.split(/[\s,]+/).filter((o) => o.length > 0))
      .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
  ),
  JSON_BODY_LIMIT_BYTES: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.jsonBodyBytes)),
  IMPORT_BODY_LIMIT_BYTES: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.importBodyBytes)),
  REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.requestTimeoutMs)),
  CONNECTION_TIMEOUT_MS: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.connectionTimeoutMs)),
  RATE_LIMIT_PER_MINUTE: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.rateLimitPerMinute)),
  AUTH_FAILURES_PER_MINUTE: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.authFailuresPerMinute)),
  INGEST_CONCURRENCY: optional(z.coerce.number().int().positive().default(DEFAULT_LIMITS.ingestConcurrency)),
  INGEST_QUEUE: optional(z.coerce.number().int().min(0).default(DEFAULT_LIMITS.ingestQueue)),
  REPORTS_DIR: optional(z.string().default('./data/reports')),
  REPORT_SCHEDULER_INTERVAL_MS: optional(z.coerce.number().int().min(1000).default(20_000)),
  CHART_WARM_INTERVAL_MS: optional(z.coerce.number().int().min(0).default(15_000)),
  REPORT_LEASE_SECONDS: optional(z.coerce.number().int().min(5).default(120)),
});


export interface Config extends Limits {
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  databaseUrl?: string;
  adminApiKey?: string;
  seedMaster: boolean;
  maxUploadBytes: number;
  /** Intranet origins allowed to frame chart pages and embed links (CSP frame-ancestors); none by default. */
  embedOrigins: string[];
  /** Where report workbooks are stored. */
  reportsDir: string;
  /** How often a replica looks for due report slots and queued jobs. */
  schedulerIntervalMs: number;
  /** How often the chart warmer looks for prefectures whose data settled (0 = never). */
  chartWarmIntervalMs: number;
  /** Seconds a running report job is held without progress before another runner takes it over. */
  reportLeaseSeconds: number;
}

/** The one place the environment is read. Throws a readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    adminApiKey: c.ADMIN_API_KEY,
    seedMaster: c.SEED_PREFECTURE_MASTER === 'true',
    maxUploadBytes: c.MAX_UPLOAD_BYTES,
    embedOrigins: c.EMBED_ORIGINS,
    jsonBodyBytes: c.JSON_BODY_LIMIT_BYTES,
    importBodyBytes: c.IMPORT_BODY_LIMIT_BYTES,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: c.CONNECTION_TIMEOUT_MS,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: c.AUTH_FAILURES_PER_MINUTE,
    ingestConcurrency: c.INGEST_CONCURRENCY,
    ingestQueue: c.INGEST_QUEUE,
    reportsDir: c.REPORTS_DIR,
    schedulerIntervalMs: c.REPORT_SCHEDULER_INTERVAL_MS,
    chartWarmIntervalMs: c.CHART_WARM_INTERVAL_MS,
    reportLeaseSeconds: c.REPORT_LEASE_SECONDS,
  };
}
