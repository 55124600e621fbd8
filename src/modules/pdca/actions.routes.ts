import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMunicipality, defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { access, type Principal } from '../auth/auth.types.js';
import { IdParams, MeasureInput, MeasureQuery, NoteInput, NoteQuery, PdcaMeasure, PdcaNote } from './actions.schemas.js';
import type { ActionsService } from './actions.service.js';

const actorOf = (req: FastifyRequest) => {
  const p = principalOf(req);
  return { keyId: p.keyId, name: p.name };
};

/** A list filter: a municipality key reads its own municipality whatever it asks for; others their prefecture. */
function scopeOf(p: Principal, q: { prefecture?: string; municipality?: string }) {
  if (q.municipality) assertMunicipality(p, q.municipality);
  const municipality = p.role === 'municipality' ? (p.municipalityCode ?? '') : q.municipality;
  const prefecture = defaultPrefecture(p, q.prefecture ?? municipality?.slice(0, 2));
  return { prefecture, municipality };
}

/** Measures (個別施策) and review notes: municipality keys write and read their own; analysts their prefecture. */
export async function actionsRoutes(app: FastifyInstance, opts: { actions: ActionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { actions } = opts;

  r.post('/pdca/measures', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Record a measure (個別施策) of a municipality on a node of the prefecture’s model',
      description: '422 problem+json when the node is not in the model in force, a scene is not among the model’s scenes, or the years are reversed.',
      operationId: 'createMeasure',
      body: MeasureInput,
      response: { 201: PdcaMeasure },
    },
    handler: async (req, reply) => {
      assertMunicipality(principalOf(req), req.body.municipality);
      return reply.code(201).send(await actions.createMeasure(req.body, actorOf(req)));
    },
  });

  r.get('/pdca/measures', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Measures (個別施策) of a prefecture or a municipality',
      operationId: 'listMeasures',
      querystring: MeasureQuery,
      response: { 200: z.array(PdcaMeasure) },
    },
    handler: async (req) => actions.listMeasures({ ...scopeOf(principalOf(req), req.query), node: req.query.node }),
  });

  r.put('/pdca/measures/:id', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Change a measure (its status, period, budget note, node …)',
      operationId: 'updateMeasure',
      params: IdParams,
      body: MeasureInput,
      response: { 200: PdcaMeasure },
    },
    handler: async (req) => {
      assertMunicipality(principalOf(req), await actions.municipalityOfMeasure(req.params.id));
      return actions.updateMeasure(req.params.id, req.body, actorOf(req));
    },
  });

  r.delete('/pdca/measures/:id', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Delete a measure',
      operationId: 'deleteMeasure',
      params: IdParams,
      response: { 204: z.null().describe('Deleted') },
    },
    handler: async (req, reply) => {
      assertMunicipality(principalOf(req), await actions.municipalityOfMeasure(req.params.id));
      await actions.deleteMeasure(req.params.id);
      return reply.code(204).send(null);
    },
  });

  r.post('/pdca/notes', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Record a review note (Act) on a node or indicator for a municipality and period',
      operationId: 'createReviewNote',
      body: NoteInput,
      response: { 201: PdcaNote },
    },
    handler: async (req, reply) => {
      assertMunicipality(principalOf(req), req.body.municipality);
      return reply.code(201).send(await actions.createNote(req.body, actorOf(req)));
    },
  });

  r.get('/pdca/notes', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Review notes by period (who, when, what), of a prefecture or a municipality',
      operationId: 'listReviewNotes',
      querystring: NoteQuery,
      response: { 200: z.array(PdcaNote) },
    },
    handler: async (req) => actions.listNotes({ ...scopeOf(principalOf(req), req.query), period: req.query.period }),
  });
}
