import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../auth/auth.types.js';
import { LogicModelParams, LogicModelSummary, LogicModelTree } from './logic-models.schemas.js';
import type { LogicModelsService } from './logic-models.service.js';

const ListQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Only the models of this prefecture'),
});

/** Logic models are published plans: every reader may see every model. */
export async function logicModelsRoutes(app: FastifyInstance, opts: { logicModels: LogicModelsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { logicModels } = opts;

  r.get('/logic-models', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'List logic models',
      querystring: ListQuery,
      response: { 200: z.array(LogicModelSummary) },
    },
    handler: async (req) => logicModels.list(req.query.prefecture),
  });

  r.get('/logic-models/:id', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'One logic model as a tree, each node with its indicators',
      params: LogicModelParams,
      response: { 200: LogicModelTree },
    },
    handler: async (req) => logicModels.tree(req.params.id),
  });
}
