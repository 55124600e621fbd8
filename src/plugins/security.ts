import { createHash } from 'node:crypto';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preParsingAsyncHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Limits } from '../config.js';
import { AppError } from '../shared/errors.js';
import { createIngestSlots, type IngestSlots } from '../shared/ingest-slots.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs a file ingest in one of the limited slots (waits in a bounded queue, else 503). */
    ingest: IngestSlots['run'];
    /** Counts a failed authentication of this request's address; throws 429 past the limit. */
    authFailed(req: FastifyRequest): Promise<void>;
    /** 429 when this request's address has failed authentication too often of late. */
    authBlocked(req: FastifyRequest): Promise<void>;
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfter: retryAfterSeconds });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(given: string, accepted: readonly string[]) {
    super(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `このAPIは Content-Type: ${accepted.join(' / ')} の本文を受け付けます（送信されたのは ${given.slice(0, 60) || 'なし'}）。`,
      { accepted: [...accepted] },
    );
  }
}

/** The media type of a Content-Type header, lower case, without parameters. */
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase();

/** Whether a request carries a body (a length above 0, or a chunked body). */
const hasBody = (req: FastifyRequest) =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** The body types a route accepts: its declared `consumes`, JSON when it has a body schema, else none declared. */
function acceptedTypes(route: RouteOptions): string[] | null {
  const schema = route.schema as { consumes?: string[]; body?: unknown } | undefined;
  if (schema?.consumes?.length) return schema.consumes.map((t) => t.toLowerCase());
  if (schema?.body) return ['application/json'];
  return null;
}

/**
 * The security headers helmet sets for these options, computed once: helmet's policy is the same
 * for every answer (no nonces), so running its middleware per request would redo the same work.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, res as never, () => {});
  return headers;
}

/** Rate-limit bucket of a request: its key's hash, or its address when it has none. */
function rateKey(req: FastifyRequest): string {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    return `key:${createHash('sha256').update(header).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${req.ip}`;
}

/**
 * Security headers (helmet's, computed once), Cache-Control: no-store on API answers, per-route body limits and
 * accepted media types, rate limits per key and per address on failed authentication, and the
 * ingest slots. Registered before every route (it reads each route as it is added).
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, opts: { limits: Limits }) => {
    const { limits } = opts;

    // API answers are JSON: nothing in them is a page, so the strictest policy applies. Pages
    // (/docs, chart pages) set their own Content-Security-Policy, which replaces this one.
    const headers = helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
      },
      hsts: false,
      // Embeddable charts are images and pages loaded by other intranet sites: no CORP. The API's
      // answers need a key, which another site's page does not have.
      crossOriginResourcePolicy: false,
    });
    app.addHook('onRequest', (_req, reply, done) => {
      reply.headers(headers);
      done();
    });

    await app.register(rateLimit, {
      global: true,
      max: limits.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateKey,
      cache: 50_000,
      errorResponseBuilder: (_req, ctx) =>
        new TooManyRequestsError(
          `リクエストが多すぎます。${Math.ceil(ctx.ttl / 1000)} 秒後に再試行してください（上限 ${ctx.max} 件/分）。`,
          Math.ceil(ctx.ttl / 1000),
        ),
    });
    const authFailures = app.createRateLimit({
      max: limits.authFailuresPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => `auth-fail:${req.ip}`,
    });
    const tooManyFailures = (ttl: number) =>
      new TooManyRequestsError(
        '認証の失敗が多すぎます。しばらく待ってから正しいAPIキーで再試行してください。',
        Math.ceil(ttl / 1000),
      );
    app.decorate('authBlocked', async (req: FastifyRequest) => {
      const status = await authFailures(req, { increment: false });
      if (!status.isAllowed && status.isExceeded) throw tooManyFailures(status.ttl);
    });
    app.decorate('authFailed', async (req: FastifyRequest) => {
      const status = await authFailures(req);
      if (!status.isAllowed && status.isExceeded) throw tooManyFailures(status.ttl);
    });

    const slots = createIngestSlots(limits.ingestConcurrency, limits.ingestQueue);
    app.decorate('ingest', slots.run);

    app.addHook('onRoute', (route) => {
      const accepted = acceptedTypes(route);
      // JSON bodies are small; only file imports get more (multipart uploads are limited by
      // the multipart file size, not by bodyLimit).
      if (route.bodyLimit === undefined) {
        const importRoute = accepted?.some((t) => t !== 'application/json') ?? false;
        route.bodyLimit = importRoute ? limits.importBodyBytes : limits.jsonBodyBytes;
      }
      if (!accepted) return;
      // Every route that takes a file is an ingest: it runs in one of the limited slots.
      if (accepted.some((t) => t === 'multipart/form-data' || t === 'text/csv')) {
        const handler = route.handler;
        route.handler = function ingestSlot(this: FastifyInstance, req, reply) {
          // A file waiting for its turn, or being checked and stored, sends nothing for a while:
          // it is not an idle connection (the request timeout still bounds its arrival).
          const socket = req.raw.socket as { setTimeout?: (ms: number) => unknown } | undefined;
          if (typeof socket?.setTimeout === 'function') socket.setTimeout(0);
          return slots.run(async () => handler.call(this, req, reply));
        };
      }
      const check: preParsingAsyncHookHandler = async (req, _reply, payload) => {
        if (!hasBody(req)) return payload;
        const given = mediaType(req.headers['content-type']);
        if (!accepted.includes(given)) throw new UnsupportedMediaTypeError(given, accepted);
        return payload;
      };
      const existing = route.preParsing;
      route.preParsing = existing ? [...(Array.isArray(existing) ? existing : [existing]), check] : [check];
    });

    app.addHook('onSend', async (req, reply) => {
      // Answers are per key and change with every upload: no cache may keep them, unless a
      // route chose its own caching.
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      // A page that names who may frame it (an embeddable chart) is not also forbidden to be framed.
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      if (/frame-ancestors(?![^;]*'none')/.test(csp) && !/frame-ancestors\s+'self'\s*(;|$)/.test(csp)) {
        reply.removeHeader('x-frame-options');
      }
    });
  },
  { name: 'security', dependencies: ['errors'] },
);
