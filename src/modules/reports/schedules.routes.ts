import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.js';
import { access } from '../auth/auth.types.js';
import { Schedule, ScheduleCreate, ScheduleParams, ScheduleRun, ScheduleUpdate } from './schedules.schemas.js';
import type { SchedulesService } from './schedules.service.js';

/** Report schedules (analyst and admin keys): CRUD and the record of runs. */
export async function schedulesRoutes(app: FastifyInstance, opts: { schedules: SchedulesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { schedules } = opts;

  r.post('/report-schedules', {
    config: { access: access.analysts },
    schema: {
      operationId: 'createReportSchedule',
      tags: ['reports'],
      summary: 'Schedule workbooks: a cron in a time zone, the prefecture’s or one per municipality (burst)',
      description:
        'A slot fires once across replicas (its run is a unique row), a slot missed while no replica ran fires once at the next start, and runs beyond `retention` are deleted with their files. The reports show what the creating key may read.',
      body: ScheduleCreate,
      response: { 201: Schedule },
    },
    handler: async (req, reply) => reply.code(201).send(await schedules.create(req.body, principalOf(req))),
  });

  r.get('/report-schedules', {
    config: { access: access.analysts },
    schema: {
      operationId: 'listReportSchedules',
      tags: ['reports'],
      summary: 'Report schedules of the key’s prefecture',
      response: { 200: z.array(Schedule) },
    },
    handler: async (req) => schedules.list(principalOf(req)),
  });

  r.get('/report-schedules/:id', {
    config: { access: access.analysts },
    schema: {
      operationId: 'getReportSchedule',
      tags: ['reports'],
      summary: 'One report schedule, with its next slot',
      params: ScheduleParams,
      response: { 200: Schedule },
    },
    handler: async (req) => schedules.get(req.params.id, principalOf(req)),
  });

  r.patch('/report-schedules/:id', {
    config: { access: access.analysts },
    schema: {
      operationId: 'updateReportSchedule',
      tags: ['reports'],
      summary: 'Change a report schedule (fields not given stay as they are)',
      params: ScheduleParams,
      body: ScheduleUpdate,
      response: { 200: Schedule },
    },
    handler: async (req) => schedules.update(req.params.id, req.body, principalOf(req)),
  });

  r.delete('/report-schedules/:id', {
    config: { access: access.analysts },
    schema: {
      operationId: 'deleteReportSchedule',
      tags: ['reports'],
      summary: 'Delete a report schedule with its runs and their files',
      params: ScheduleParams,
      response: { 204: z.null().describe('Deleted') },
    },
    handler: async (req, reply) => {
      await schedules.remove(req.params.id, principalOf(req));
      return reply.code(204).send(null);
    },
  });

  r.get('/report-schedules/:id/runs', {
    config: { access: access.analysts },
    schema: {
      operationId: 'listReportScheduleRuns',
      tags: ['reports'],
      summary: 'Runs of a schedule, newest first: slot, status, duration, files, error',
      params: ScheduleParams,
      response: { 200: z.array(ScheduleRun) },
    },
    handler: async (req) => schedules.runs(req.params.id, principalOf(req)),
  });
}
