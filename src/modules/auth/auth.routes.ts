import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BadRequestError } from '../../shared/errors.js';
import { access } from './auth.types.js';
import type { ApiKeyRow } from './auth.repository.js';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyParams } from './auth.schemas.js';
import type { AuthService } from './auth.service.js';
import { problemDetails } from '../../shared/messages.js';

/** Row → API shape; never the hash. */
export const mapApiKey = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefecture: k.prefectureCode,
  municipality: k.municipalityCode,
  prefix: k.keyPrefix,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

export async function authRoutes(app: FastifyInstance, opts: { auth: AuthService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = opts;

  r.post('/api-keys', {
    config: { access: access.admin },
    schema: {
      tags: ['auth'],
      summary: 'Create an API key (shown once)',
      body: ApiKeyCreate,
      response: { 201: ApiKeyCreated },
    },
    handler: async (req, reply) => {
      // Least privilege: an analyst or viewer key names its prefecture, or null for all, explicitly.
      if ((req.body.role === 'analyst' || req.body.role === 'viewer') && req.body.prefecture === undefined) {
        throw new BadRequestError(problemDetails.keyNeedsPrefecture());
      }
      const { key, row } = await auth.create({
        role: req.body.role,
        name: req.body.name,
        municipalityCode: req.body.municipality,
        prefectureCode: req.body.prefecture ?? null,
      });
      req.log.info({ keyId: row.id, role: row.role }, 'api key created');
      return reply.code(201).send({ ...mapApiKey(row), key });
    },
  });

  r.get('/api-keys', {
    config: { access: access.admin },
    schema: { tags: ['auth'], summary: 'List API keys (without secrets)', response: { 200: z.array(ApiKey) } },
    handler: async () => (await auth.list()).map(mapApiKey),
  });

  r.delete('/api-keys/:id', {
    config: { access: access.admin },
    schema: { tags: ['auth'], summary: 'Revoke an API key', params: ApiKeyParams, response: { 200: ApiKey } },
    handler: async (req) => mapApiKey(await auth.revoke(req.params.id)),
  });
}
