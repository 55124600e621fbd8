import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertPrefecture, defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { BadRequestError } from '../../shared/errors.js';
import { access } from '../auth/auth.types.js';
import {
  EffectiveTarget,
  EffectiveTargetQuery,
  Target,
  TargetChange,
  TargetImportQuery,
  TargetImportResult,
  TargetPatch,
  TargetPut,
  TargetParams,
  TargetQuery,
} from './targets.schemas.js';
import type { TargetsService } from './targets.service.js';
import { targetsCsv } from './targets.csv.js';
import { problemDetails } from '../../shared/messages.js';

/** The file of an import: a text/csv body, or the "file" part of a multipart body. */
async function fileOf(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    // The file is read into memory: it gets the route's body limit, not the upload limit.
    for await (const part of req.parts({ limits: { fileSize: req.routeOptions.bodyLimit } })) {
      if (part.type === 'file' && part.fieldname === 'file') return part.toBuffer();
      if (part.type === 'file') part.file.resume();
    }
    throw new BadRequestError(problemDetails.noFilePart());
  }
  const body = req.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  throw new BadRequestError(problemDetails.csvOrMultipart());
}

const actorOf = (req: FastifyRequest) => {
  const p = principalOf(req);
  return { keyId: p.keyId, name: p.name };
};

/** Target routes: set, list, resolve, delete, history and CSV import. */
export async function targetsRoutes(app: FastifyInstance, opts: { targets: TargetsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { targets } = opts;

  r.put('/targets', {
    config: { access: access.analysts },
    schema: {
      tags: ['targets'],
      summary: 'Set a target (one per indicator × scope × code × target year) / 目標の設定（全項目の置き換え）',
      description:
        'A full replace: fields left out (baseline, note) are cleared — use PATCH /v1/targets/{id} to change some fields only. ' +
        '201 when created, 200 when updated or unchanged; 422 problem+json with the reasons when invalid. Every change is kept in its history.',
      body: TargetPut,
      response: { 200: Target, 201: Target },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const prefecture = targets.prefectureOf(req.body, p.prefectureCode);
      assertPrefecture(p, prefecture);
      const { change, target } = await targets.put(req.body, prefecture, actorOf(req));
      req.log.info({ targetId: target.id, change }, 'target set');
      return reply.code(change === 'created' ? 201 : 200).send(target);
    },
  });

  r.get('/targets', {
    config: { access: access.readers, csv: targetsCsv },
    schema: {
      tags: ['targets'],
      summary: 'List targets of a prefecture',
      querystring: TargetQuery,
      response: { 200: z.array(Target) },
    },
    handler: async (req) => {
      const q = req.query;
      return targets.list({
        prefecture: defaultPrefecture(principalOf(req), q.prefecture),
        indicator: q.indicator,
        scope: q.scope,
        code: q.code,
        year: q.year,
      });
    },
  });

  r.get('/targets/effective', {
    config: { access: access.readers },
    schema: {
      tags: ['targets'],
      summary: 'The target that applies to a municipality after inheritance (own → area → prefecture)',
      querystring: EffectiveTargetQuery,
      response: { 200: EffectiveTarget },
    },
    handler: async (req) => {
      assertPrefecture(principalOf(req), req.query.municipality.slice(0, 2));
      return targets.effective(req.query.indicator, req.query.municipality, req.query.year);
    },
  });

  r.get('/targets/:id', {
    config: { access: access.readers },
    schema: { tags: ['targets'], summary: 'One target', params: TargetParams, response: { 200: Target } },
    handler: async (req) => {
      const t = await targets.get(req.params.id);
      assertPrefecture(principalOf(req), t.prefecture);
      return t;
    },
  });

  r.patch('/targets/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['targets'],
      summary: 'Change some fields of a target',
      description:
        'Changes only the fields sent (value, baselineYear, baselineValue, note); a field sent as null is cleared, a field left out is kept. ' +
        'The key (indicator, scope, code, target year) cannot change: delete and set a new target for that. 422 problem+json when the result is invalid; every change is kept in its history.',
      params: TargetParams,
      body: TargetPatch,
      response: { 200: Target },
    },
    handler: async (req) => {
      const t = await targets.get(req.params.id);
      assertPrefecture(principalOf(req), t.prefecture);
      const { change, target } = await targets.patch(req.params.id, req.body, actorOf(req));
      req.log.info({ targetId: target.id, change }, 'target patched');
      return target;
    },
  });

  r.delete('/targets/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['targets'],
      summary: 'Delete a target (its history stays)',
      params: TargetParams,
      response: { 204: z.null().describe('Deleted') },
    },
    handler: async (req, reply) => {
      const t = await targets.get(req.params.id);
      assertPrefecture(principalOf(req), t.prefecture);
      await targets.remove(req.params.id, actorOf(req));
      req.log.info({ targetId: t.id }, 'target deleted');
      return reply.code(204).send(null);
    },
  });

  r.get('/targets/:id/history', {
    config: { access: access.readers },
    schema: {
      tags: ['targets'],
      summary: 'Every change of a target: who, when, old → new (kept after deletion)',
      params: TargetParams,
      response: { 200: z.array(TargetChange) },
    },
    handler: async (req) => {
      const { prefecture, changes } = await targets.history(req.params.id);
      assertPrefecture(principalOf(req), prefecture);
      return changes;
    },
  });

  r.post('/targets/import', {
    config: { access: access.analysts },
    schema: {
      tags: ['targets'],
      summary: 'Load targets from a CSV file, all or nothing',
      description:
        'Body: text/csv, or multipart/form-data with a `file` part. Columns: indicator, scope (prefecture | area | municipality, or 都道府県 | 圏域 | 市町村), code, target_year, target_value, baseline_year, baseline_value, note (Japanese headers accepted). ' +
        '200 with counts; 422 problem+json listing row, column, value, code and a Japanese message for every error — nothing is stored.',
      querystring: TargetImportQuery,
      consumes: ['text/csv', 'multipart/form-data'],
      response: { 200: TargetImportResult },
    },
    handler: async (req) => {
      const prefecture = defaultPrefecture(principalOf(req), req.query.prefecture);
      const result = await targets.importCsv(await fileOf(req), prefecture, actorOf(req));
      req.log.info(result, 'targets imported');
      return result;
    },
  });
}
