import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { boundProblem, cut, PROBLEM_BOUNDS } from '../shared/bound-problem.js';
import { AppError } from '../shared/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem type URIs are relative references, resolved against the service's own base. */
export const problemType = (slug: string) => `/problems/${slug}`;

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const retryAfter = extra.retryAfter;
  if ((status === 429 || status === 503) && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  // Every member is bounded: a rejected value is echoed as a short prefix, never in full.
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: problemType(slug),
      title,
      status,
      detail: cut(detail, PROBLEM_BOUNDS.text),
      instance: cut(req.url.split('?')[0], PROBLEM_BOUNDS.string),
      requestId: req.id,
      ...(boundProblem(extra) as Record<string, unknown>),
    });
}

/** Maps every error to RFC 9457 problem+json; a 500 never shows internals. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err instanceof AppError) {
        if (err.status >= 500) req.log.error({ err }, err.message);
        return send(reply, req, err.status, err.slug, err.title, err.message, err.extra);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const errors = err.validation.map((v) => ({
          location: err.validationContext ?? 'request',
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || null,
          code: String(v.keyword ?? 'invalid'),
          message: v.message ?? 'invalid',
        }));
        return send(reply, req, 400, 'validation', 'Invalid request', 'The request does not match the schema.', {
          errors,
        });
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        // Fastify's own client errors (bad JSON, unsupported media type, body too large, …).
        const slug = CLIENT_SLUGS[err.statusCode] ?? 'bad-request';
        const accepted = acceptedOf(req);
        const extra = err.statusCode === 415 && accepted ? { accepted } : {};
        const detail =
          err.statusCode === 415 && accepted
            ? `このAPIは Content-Type: ${accepted.join(' / ')} の本文を受け付けます。`
            : err.message;
        return send(reply, req, err.statusCode, slug, httpTitle(err.statusCode), detail, extra);
      }
      req.log.error({ err }, 'unhandled error');
      return send(reply, req, 500, 'internal', 'Internal server error', 'An unexpected error occurred. Quote the requestId when reporting it.');
    });

    app.setNotFoundHandler((req, reply) =>
      send(reply, req, 404, 'not-found', 'Not found', `No route ${req.method} ${req.url.split('?')[0]}.`),
    );
  },
  { name: 'errors' },
);

const CLIENT_SLUGS: Record<number, string> = {
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  408: 'request-timeout',
  429: 'too-many-requests',
};

/** The body types the route of a request accepts, when it declares them. */
function acceptedOf(req: FastifyRequest): string[] | null {
  const schema = req.routeOptions?.schema as { consumes?: string[]; body?: unknown } | undefined;
  if (schema?.consumes?.length) return schema.consumes;
  return schema?.body ? ['application/json'] : null;
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    408: 'Request timeout',
    406: 'Not acceptable',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
  };
  return titles[status] ?? 'Client error';
}
