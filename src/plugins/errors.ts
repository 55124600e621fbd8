import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { boundProblem, cut, PROBLEM_BOUNDS } from '../shared/bound-problem.js';
import { AppError } from '../shared/errors.js';
import { problemDetails, problemTitles, type ProblemSlug } from '../shared/messages.js';
import { parameterErrors } from './parameter-errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem type URIs are relative references, resolved against the service's own base. */
export const problemType = (slug: string) => `/problems/${slug}`;

/** The members RFC 9457 defines, and our request id: set here only, never by an error's extra members. */
const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId']);

/**
 * The body of a problem+json answer (RFC 9457) for a request, without the reply. Every member is
 * bounded: a rejected value is echoed as a short prefix, never in full.
 */
export function problemBody(
  status: number,
  slug: ProblemSlug,
  detail: string,
  where: { instance?: string; requestId?: string } = {},
  extra: Record<string, unknown> = {},
) {
  const body: Record<string, unknown> = {
    type: problemType(slug),
    title: problemTitles[slug] ?? problemTitles['bad-request'],
    status,
    detail: cut(detail, PROBLEM_BOUNDS.text),
    ...(where.instance !== undefined ? { instance: cut(where.instance, PROBLEM_BOUNDS.string) } : {}),
    ...(where.requestId !== undefined ? { requestId: where.requestId } : {}),
  };
  // Extension members after them, and never in place of one (a job's status once replaced the HTTP status).
  for (const [k, v] of Object.entries(boundProblem(extra) as Record<string, unknown>)) if (!STANDARD_MEMBERS.has(k)) body[k] = v;
  return body;
}

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  slug: ProblemSlug,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const retryAfter = extra.retryAfter;
  if ((status === 429 || status === 503) && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(status, slug, detail, { instance: req.url.split('?')[0], requestId: req.id }, extra));
}

/** Media types a route accepts: its declared `consumes`, else JSON when it has a body schema. */
function acceptedTypes(req: FastifyRequest): string[] {
  const schema = req.routeOptions?.schema as { consumes?: string[]; body?: unknown } | undefined;
  if (schema?.consumes?.length) return schema.consumes;
  return ['application/json'];
}

/** Fastify's and its plugins' own client errors, by code: status, problem type, Japanese detail and extra members. */
function frameworkError(
  err: FastifyError,
  req: FastifyRequest,
): { status: number; slug: ProblemSlug; detail: string; extra?: Record<string, unknown> } {
  const status = err.statusCode ?? 400;
  const unsupported = () => {
    const accepted = acceptedTypes(req);
    return {
      status: 415,
      slug: 'unsupported-media-type' as const,
      detail: problemDetails.unsupportedMediaType(req.headers['content-type'], accepted),
      extra: { accepted },
    };
  };
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return unsupported();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, slug: 'bad-request', detail: problemDetails.emptyJsonBody() };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, slug: 'bad-request', detail: problemDetails.invalidJson(err.message) };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, slug: 'payload-too-large', detail: problemDetails.bodyTooLarge(req.routeOptions.bodyLimit ?? 0) };
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, slug: 'payload-too-large', detail: problemDetails.fileTooLarge(req.routeOptions.bodyLimit ?? 0) };
  }
  if (err instanceof SyntaxError) return { status: 400, slug: 'bad-request', detail: problemDetails.invalidJson(err.message) };
  if (status === 415) return unsupported();
  if (status === 413) return { status, slug: 'payload-too-large', detail: problemDetails.bodyTooLarge(req.routeOptions.bodyLimit ?? 0) };
  if (status === 408) return { status, slug: 'request-timeout', detail: problemDetails.requestTimeout() };
  if (status === 429) return { status, slug: 'too-many-requests', detail: problemDetails.tooManyRequests() };
  return { status: 400, slug: 'bad-request', detail: `${problemDetails.malformedRequest()}（${err.code ?? 'error'}: ${err.message}）` };
}

/** Maps every error to RFC 9457 problem+json with a Japanese title and detail; a 500 never shows internals. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err instanceof AppError) {
        if (err.status >= 500) req.log.error({ err }, err.message);
        return send(reply, req, err.status, err.slug as ProblemSlug, err.message, err.extra);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const location = err.validationContext ?? 'request';
        const raw = (req as unknown as Record<string, unknown>)[location === 'querystring' ? 'query' : location];
        const schemas = req.routeOptions.schema as Record<string, z.core.$ZodType | undefined> | undefined;
        const errors = parameterErrors(err.validation, location, raw, schemas?.[location]);
        return send(reply, req, 400, 'validation', errors.map((e) => e.message).join(' '), { errors });
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        // Fastify's own client errors (bad JSON, unsupported media type, body too large, …).
        const { status, slug, detail, extra } = frameworkError(err, req);
        return send(reply, req, status, slug, detail, extra);
      }
      req.log.error({ err }, 'unhandled error');
      return send(reply, req, 500, 'internal', problemDetails.internal());
    });

    app.setNotFoundHandler((req, reply) =>
      send(reply, req, 404, 'not-found', problemDetails.noRoute(req.method, req.url.split('?')[0])),
    );
  },
  { name: 'errors' },
);
