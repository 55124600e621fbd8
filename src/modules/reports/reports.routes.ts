import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.js';
import { attachment } from '../../shared/content-disposition.js';
import { access } from '../auth/auth.types.js';
import { ReportCreate, ReportJob, ReportListQuery, ReportParams } from './reports.schemas.js';
import { mapJob, type ReportsService } from './reports.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Report jobs: ask for a workbook (202), follow it, download it, list them. */
export async function reportsRoutes(app: FastifyInstance, opts: { reports: ReportsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { reports } = opts;

  r.post('/reports', {
    config: { access: access.uploaders },
    schema: {
      operationId: 'createReport',
      tags: ['reports'],
      summary: 'Ask for an Excel workbook: the prefecture’s, or one municipality’s',
      description:
        '202 with the job; follow it at Location (GET /v1/reports/{id}) until status is done, then download /v1/reports/{id}/file. ' +
        'A prefecture workbook (analyst and admin keys) has 概要, 優先課題, one sheet per indicator and 定義; a municipality workbook has its gap report along the logic model, 要因分析 and 定義 — only what the asking key may read. Suppressed values appear as 秘匿, never as numbers.',
      body: ReportCreate,
      response: { 202: ReportJob },
    },
    handler: async (req, reply) => {
      const job = await reports.create(req.body, principalOf(req));
      req.log.info({ jobId: job.id, kind: job.kind, period: job.period }, 'report queued');
      return reply.code(202).header('location', `/v1/reports/${job.id}`).send(job);
    },
  });

  r.get('/reports', {
    config: { access: access.uploaders },
    schema: {
      operationId: 'listReports',
      tags: ['reports'],
      summary: 'Report jobs the key may see, newest first',
      querystring: ReportListQuery,
      response: { 200: z.array(ReportJob) },
    },
    handler: async (req) => reports.list(req.query, principalOf(req)),
  });

  r.get('/reports/:id', {
    config: { access: access.uploaders },
    schema: {
      operationId: 'getReport',
      tags: ['reports'],
      summary: 'One report job: status (queued, running, done, failed), progress, error',
      params: ReportParams,
      response: { 200: ReportJob },
    },
    handler: async (req) => mapJob(await reports.get(req.params.id, principalOf(req))),
  });

  r.get('/reports/:id/file', {
    config: { access: access.uploaders, errors: [409] },
    schema: {
      operationId: 'getReportFile',
      tags: ['reports'],
      summary: 'Download the workbook (.xlsx) with its Japanese file name',
      description:
        'Content-Disposition carries the Japanese name as RFC 5987 filename* (e.g. 沖縄県_地域包括ケア_ギャップ分析_2025.xlsx) and an ASCII fallback; Repr-Digest and ETag carry its SHA-256. 409 while the job is not done.',
      params: ReportParams,
      produces: [XLSX],
    },
    handler: async (req, reply) => {
      const f = await reports.file(req.params.id, principalOf(req));
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(f.fileName, `carelogic-report-${req.params.id.slice(0, 8)}`))
        .header('content-length', f.bytes)
        .header('etag', `"${f.sha256}"`)
        .header('repr-digest', `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`)
        .send(createReadStream(f.path));
    },
  });
}
