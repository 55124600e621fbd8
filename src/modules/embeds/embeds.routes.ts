import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.js';
import { NotFoundError } from '../../shared/errors.js';
import { access } from '../auth/auth.types.js';
import { pageCsp } from '../charts/render/html.js';
import { Embed, EmbedCreate, EmbedCreated, EmbedFileParams, EmbedIdParams, EmbedSizeQuery } from './embeds.schemas.js';
import type { EmbedsService } from './embeds.service.js';
import { problemDetails } from '../../shared/messages.js';

/** /v1/embeds: analysts create, list and revoke embed links. */
export async function embedsRoutes(app: FastifyInstance, opts: { embeds: EmbedsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { embeds } = opts;

  r.post('/embeds', {
    config: { access: access.analysts },
    schema: {
      tags: ['charts'],
      summary: 'Create an embed link: a chart an intranet page shows without a key',
      operationId: 'createEmbed',
      description:
        'The link serves the chart with viewer visibility (aggregates only: areas and the prefecture), so a chart of municipalities is refused. The token is returned once and stored hashed; revoke with DELETE.',
      body: EmbedCreate,
      response: { 201: EmbedCreated },
    },
    handler: async (req, reply) => reply.code(201).send(await embeds.create(req.body, principalOf(req))),
  });

  r.get('/embeds', {
    config: { access: access.analysts },
    schema: {
      tags: ['charts'],
      summary: 'Embed links of the key’s prefecture, newest first',
      operationId: 'listEmbeds',
      response: { 200: z.array(Embed) },
    },
    handler: async (req) => embeds.list(principalOf(req)),
  });

  r.delete('/embeds/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['charts'],
      summary: 'Revoke an embed link: its URLs answer 404 at once',
      operationId: 'revokeEmbed',
      params: EmbedIdParams,
      response: { 200: Embed },
    },
    handler: async (req) => embeds.revoke(req.params.id, principalOf(req)),
  });
}

const FORMATS = { html: 'html', svg: 'svg', png: 'png', json: 'spec' } as const;

/** /embed/{token}(.html|.svg|.png|.json): a link's chart, no key; a page without an extension. */
export async function embedPagesRoutes(
  app: FastifyInstance,
  opts: { embeds: EmbedsService; embedOrigins: readonly string[] },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/embed/:file', {
    schema: { hide: true, params: EmbedFileParams, querystring: EmbedSizeQuery },
    handler: async (req, reply) => {
      const m = /^([^.]+)(?:\.(html|svg|png|json))?$/.exec(req.params.file);
      if (!m) throw new NotFoundError(problemDetails.noEmbedLink());
      const format = FORMATS[(m[2] ?? 'html') as keyof typeof FORMATS];
      const out = await opts.embeds.render(m[1], format, req.query);
      if (format === 'html') reply.header('content-security-policy', pageCsp(opts.embedOrigins));
      // Never cached: a revoked link must stop at once, in browsers and proxies too.
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-content-type-options', 'nosniff');
      return reply.type(out.contentType).send(out.body);
    },
  });
}
