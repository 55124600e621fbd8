import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertPrefecture, principalOf } from '../../plugins/auth.js';
import { BadRequestError } from '../../shared/errors.js';
import { access } from '../auth/auth.types.js';
import {
  Activation,
  LogicModelParams,
  LogicModelSummary,
  LogicModelTree,
  ModelUploadQuery,
  ModelVersion,
  ModelVersionDetail,
  PrefectureParams,
  VersionParams,
} from './logic-models.schemas.js';
import type { LogicModelsService } from './logic-models.service.js';
import { problemDetails } from '../../shared/messages.js';

const ListQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Only the models of this prefecture'),
});

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * Logic models are published plans: every reader may see every model and version. Analysts
 * upload and activate their own prefecture's versions.
 */
export async function logicModelsRoutes(app: FastifyInstance, opts: { logicModels: LogicModelsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { logicModels } = opts;
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  r.get('/logic-models', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'List the logic models in force',
      operationId: 'listLogicModels',
      querystring: ListQuery,
      response: { 200: z.array(LogicModelSummary) },
    },
    handler: async (req) => logicModels.list(req.query.prefecture),
  });

  r.post('/logic-models', {
    config: { access: access.analysts },
    schema: {
      tags: ['logic-models'],
      summary: 'Upload a new version of the prefecture’s logic model (YAML or JSON)',
      description:
        'The body is a model document in the shape of logic-models/okinawa-2026.yaml (id, prefecture_code, title, version, scenes, nodes), sent as application/yaml (or text/plain) or application/json, optionally with `custom_indicators`: indicators the prefecture defines itself as sums of catalogue measures, in the shape of indicators.yaml entries. ' +
        'It is checked with the rules applied at start-up; 422 problem+json (type /problems/invalid-logic-model) lists every problem with its subject (node, indicator, model), id, code and message, and nothing is stored. ' +
        'The version is stored under the document’s prefecture_code (the key must belong to it) with the next version number, and is not in force until activated (or `?activate=true`).',
      operationId: 'uploadLogicModel',
      querystring: ModelUploadQuery,
      consumes: ['application/yaml', 'text/plain', 'application/json'],
      response: { 201: ModelVersion },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const body = req.body;
      const input =
        typeof body === 'string'
          ? { text: body, source: body, format: 'yaml' as const }
          : body && typeof body === 'object'
            ? { json: body, source: JSON.stringify(body, null, 2), format: 'json' as const }
            : null;
      if (!input) throw new BadRequestError(problemDetails.logicModelBody());
      const stored = await logicModels.upload(input, p.name, (prefecture) => assertPrefecture(p, prefecture));
      req.log.info({ prefecture: stored.prefecture, version: stored.version }, 'logic model stored');
      if (req.query.activate !== 'true') return reply.code(201).send(stored);
      await logicModels.activate(stored.prefecture, stored.version, p.name);
      return reply.code(201).send({ ...stored, active: true });
    },
  });

  r.get('/logic-models/:id', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'One logic model in force as a tree, each node with its indicators',
      operationId: 'getLogicModel',
      params: LogicModelParams,
      response: { 200: LogicModelTree },
    },
    handler: async (req) => logicModels.tree(req.params.id),
  });

  r.get('/logic-model-versions/:prefecture', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'Every stored version of a prefecture’s logic model, oldest first, with the one in force',
      operationId: 'listLogicModelVersions',
      params: PrefectureParams,
      response: { 200: z.array(ModelVersion) },
    },
    handler: async (req) => logicModels.versions(req.params.prefecture),
  });

  r.get('/logic-model-versions/:prefecture/:version', {
    config: { access: access.readers },
    schema: {
      tags: ['logic-models'],
      summary: 'One stored version (in force or not) as a tree, with its own indicators and its source',
      operationId: 'getLogicModelVersion',
      params: VersionParams,
      response: { 200: ModelVersionDetail },
    },
    handler: async (req) => logicModels.version(req.params.prefecture, req.params.version),
  });

  r.post('/logic-model-versions/:prefecture/:version/activate', {
    config: { access: access.analysts },
    schema: {
      tags: ['logic-models'],
      summary: 'Put a stored version in force, and recompute the prefecture’s indicators under it',
      description:
        'Gap reports, targets and indicator values of the prefecture use the version in force from now on; its own indicators are computed for every period with data. Activating an earlier version goes back to it.',
      operationId: 'activateLogicModelVersion',
      params: VersionParams,
      response: { 200: Activation },
    },
    handler: async (req) => {
      const p = principalOf(req);
      assertPrefecture(p, req.params.prefecture);
      const result = await logicModels.activate(req.params.prefecture, req.params.version, p.name);
      req.log.info({ prefecture: result.prefecture, version: result.version, periods: result.recomputed.length }, 'logic model activated');
      return result;
    },
  });
}
