import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.js';
import { readMultipartFile } from '../../plugins/multipart-file.js';
import { access } from '../auth/auth.types.js';
import {
  ReferenceUpload,
  ReferenceUploadListQuery,
  ReferenceUploadParams,
  ReferenceUploadQuery,
} from './reference.schemas.js';
import type { ReferenceService } from './reference.service.js';
import { referenceUploadsCsv } from './reference.csv.js';

export async function referenceRoutes(app: FastifyInstance, opts: { reference: ReferenceService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { reference } = opts;

  r.post('/reference-statistics', {
    config: { access: access.analysts, formFields: ReferenceUploadQuery },
    schema: {
      tags: ['reference'],
      summary:
        'Load reference statistics (long CSV / XLSX: measure, municipality_code, period, value[, sex, age_band]), all or nothing',
      description:
        'multipart/form-data with a `file` part (UTF-8, UTF-8 with BOM or Shift_JIS; Japanese headers 指標, 市町村コード, 年度, 値, 性別, 年齢階級 accepted); ' +
        '`dryRun` as a form field or query parameter. Stratified measures (measures.yaml `stratified: true`) come as one row per sex × age band, ' +
        'every combination present, and no total row; other measures leave sex and age_band blank. 000000 (national) is for std.* measures only and needs an admin key (the standard population is master data, seeded at start). ' +
        '201: stored as a new version of each (measure, period, municipality) slice it holds, superseding the previous ones; measures updated. ' +
        '200: the same content was already current, or dryRun. 422: problem+json listing row, column, value, code and message; nothing stored.',
      querystring: ReferenceUploadQuery,
      consumes: ['multipart/form-data'],
      response: { 200: ReferenceUpload, 201: ReferenceUpload },
    },
    handler: async (req, reply) => {
      const { fields, staged, fileName } = await readMultipartFile(req, (stream) => reference.stage(stream));
      const dryRun = req.query.dryRun ?? ['true', '1'].includes(fields.dryRun ?? '');
      const { created, body } = await reference.upload({ staged, fileName, dryRun, principal: principalOf(req) });
      req.log.info(
        { uploadId: body.id, rows: body.rows, slices: body.slices.total, created, dryRun, warnings: body.warnings },
        'reference upload',
      );
      return reply.code(created ? 201 : 200).send(body);
    },
  });

  r.get('/reference-statistics/uploads', {
    config: { access: access.analysts, csv: referenceUploadsCsv },
    schema: {
      tags: ['reference'],
      summary: 'List reference-statistics uploads, newest first',
      querystring: ReferenceUploadListQuery,
      response: { 200: z.array(ReferenceUpload) },
    },
    handler: async (req) => reference.list(req.query, principalOf(req)),
  });

  r.get('/reference-statistics/uploads/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['reference'],
      summary: 'One reference-statistics upload: who, when, file, hash, slices, status',
      params: ReferenceUploadParams,
      response: { 200: ReferenceUpload },
    },
    handler: async (req) => reference.getUpload(req.params.id, principalOf(req)),
  });

  r.delete('/reference-statistics/uploads/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['reference'],
      summary: 'Retract a reference upload: the previous version of each of its slices becomes current again',
      params: ReferenceUploadParams,
      response: { 200: ReferenceUpload },
    },
    handler: async (req) => {
      const body = await reference.retract(req.params.id, principalOf(req));
      req.log.info({ uploadId: body.id, warnings: body.warnings }, 'reference upload retracted');
      return body;
    },
  });
}
