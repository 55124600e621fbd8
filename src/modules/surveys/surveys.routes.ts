import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.js';
import { readMultipartFile } from '../../plugins/multipart-file.js';
import { BadRequestError } from '../../shared/errors.js';
import { access } from '../auth/auth.types.js';
import { findCodebook, partsOf, getCodebook, type SurveyKind } from './codebooks/index.js';
import {
  SurveyCodebook,
  SurveyKindParams,
  TemplateQuery,
  Upload,
  UploadListQuery,
  UploadParams,
  UploadQuery,
} from './surveys.schemas.js';
import { codebookDto, csvTemplate, xlsxTemplate } from './template.js';
import type { UploadsService } from './uploads.service.js';
import { uploadsCsv } from './uploads.csv.js';
import { problemDetails } from '../../shared/messages.js';

export async function surveysRoutes(app: FastifyInstance, opts: { uploads: UploadsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { uploads } = opts;

  r.post('/surveys/:kind/uploads', {
    config: { access: access.uploaders, formFields: UploadQuery },
    schema: {
      tags: ['surveys'],
      summary: 'Upload a survey file (CSV UTF-8 / Shift_JIS, or XLSX), all or nothing',
      description:
        'multipart/form-data with a `file` part; `wave`, `part`, `municipality`, `dryRun` as form fields or query parameters. ' +
        '201: stored as a new version of each (survey, part, wave, municipality) slice it holds, superseding the previous ones. ' +
        '200: the same content was already current (nothing new), or dryRun. 422: problem+json listing row, column, value, code and message; nothing stored.',
      params: SurveyKindParams,
      querystring: UploadQuery,
      consumes: ['multipart/form-data'],
      response: { 200: Upload, 201: Upload },
    },
    handler: async (req, reply) => {
      const { fields, staged, fileName } = await readMultipartFile(req, (stream) => uploads.stage(stream));
      const q = req.query;
      const dryRun = q.dryRun ?? ['true', '1'].includes(fields.dryRun ?? '');
      const { created, body, timings } = await uploads.upload({
        kind: req.params.kind,
        part: q.part ?? fields.part,
        wave: q.wave ?? fields.wave ?? '',
        municipality: q.municipality ?? (fields.municipality || undefined),
        dryRun,
        fileName,
        staged,
        principal: principalOf(req),
      });
      req.log.info(
        {
          uploadId: body.id,
          kind: body.kind,
          part: body.part,
          wave: body.wave,
          rows: body.rows,
          created,
          dryRun,
          ...timings,
        },
        'survey upload',
      );
      return reply.code(created ? 201 : 200).send(body);
    },
  });

  r.get('/surveys/:kind/uploads', {
    config: { access: access.uploaders, csv: uploadsCsv },
    schema: {
      tags: ['surveys'],
      summary: 'List uploads of a survey',
      params: SurveyKindParams,
      querystring: UploadListQuery,
      response: { 200: z.array(Upload) },
    },
    handler: async (req) => uploads.list(req.params.kind, req.query, principalOf(req)),
  });

  r.get('/uploads/:id', {
    config: { access: access.uploaders },
    schema: {
      tags: ['surveys'],
      summary: 'One upload: who, when, file, hash, rows, status',
      params: UploadParams,
      response: { 200: Upload },
    },
    handler: async (req) => uploads.getUpload(req.params.id, principalOf(req)),
  });

  r.delete('/uploads/:id', {
    config: { access: access.uploaders },
    schema: {
      tags: ['surveys'],
      summary: 'Retract an upload: the previous version of each of its slices becomes current again',
      params: UploadParams,
      response: { 200: Upload },
    },
    handler: async (req) => {
      const body = await uploads.retract(req.params.id, principalOf(req));
      req.log.info({ uploadId: body.id }, 'upload retracted');
      return body;
    },
  });

  r.get('/surveys/:kind/codebook', {
    config: { access: access.readers },
    schema: {
      tags: ['surveys'],
      summary: 'The file layout of a survey: columns, Japanese labels, codes',
      params: SurveyKindParams,
      response: { 200: SurveyCodebook },
    },
    handler: async (req) => {
      const kind = req.params.kind as SurveyKind;
      return codebookDto(
        kind,
        partsOf(kind).map((p) => getCodebook(kind, p)),
      );
    },
  });

  r.get('/surveys/:kind/template', {
    config: { access: access.readers },
    schema: {
      tags: ['surveys'],
      summary: 'An empty file to fill in: XLSX with code sheet and drop-downs, or CSV',
      params: SurveyKindParams,
      querystring: TemplateQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
    },
    handler: async (req, reply) => {
      const kind = req.params.kind as SurveyKind;
      const cb = findCodebook(kind, req.query.part);
      if (!cb) throw new BadRequestError(problemDetails.surveyPartNeeded(kind, partsOf(kind)));
      const name = `carelogic-${kind}-${cb.part}-template`;
      if (req.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(csvTemplate(cb));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await xlsxTemplate(cb));
    },
  });
}
