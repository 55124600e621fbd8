import { z } from 'zod';
import { ReportKind } from './reports.schemas.js';

const cron = z
  .string()
  .trim()
  .regex(/^\S+(\s+\S+){4}$/, 'five fields: minute hour day-of-month month day-of-week')
  .describe('Cron, five fields (minute hour day-of-month month day-of-week), e.g. "0 6 * * 1" = Mondays 06:00');
const timezone = z.string().min(1).describe('IANA time zone of the cron (default Asia/Tokyo)');
const period = z
  .union([z.literal('latest'), z.string().regex(/^\d{4}$/)])
  .describe('latest (the newest period of the current uploads when the slot fires) or a year, e.g. "2025"');

const fields = {
  name: z.string().max(200).nullable().optional().describe('A name for the schedule'),
  cron,
  timezone: timezone.default('Asia/Tokyo'),
  kind: ReportKind,
  model: z.string().min(1).describe('Logic model id'),
  period: period.default('latest'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .optional()
    .describe('kind municipality without burst: this municipality'),
  burst: z.boolean().default(false).describe('kind municipality: one workbook per municipality of the prefecture'),
  retention: z.number().int().min(1).max(1000).default(5).describe('Keep the files and rows of this many latest runs'),
  enabled: z.boolean().default(true).describe('A disabled schedule does not fire'),
};

export const ScheduleCreate = z.object(fields).meta({ id: 'ReportScheduleCreate' });
export const ScheduleUpdate = z
  .object({
    name: fields.name,
    cron: cron.optional(),
    timezone: timezone.optional(),
    kind: ReportKind.optional(),
    model: z.string().min(1).optional().describe('Logic model id'),
    period: period.optional(),
    municipality: fields.municipality,
    burst: z.boolean().optional().describe('One workbook per municipality'),
    retention: z.number().int().min(1).max(1000).optional().describe('Runs to keep'),
    enabled: z.boolean().optional().describe('Fires when true'),
  })
  .meta({ id: 'ReportScheduleUpdate' });

export const Schedule = z
  .object({
    id: z.string().uuid().describe('Schedule id'),
    prefecture: z.string().describe('Prefecture code'),
    name: z.string().nullable().describe('Name'),
    cron: z.string().describe('Cron (five fields)'),
    timezone: z.string().describe('IANA time zone'),
    kind: ReportKind,
    model: z.string().describe('Logic model id'),
    period: z.string().describe('latest or a year'),
    municipality: z.string().nullable().describe('Municipality (kind municipality without burst)'),
    burst: z.boolean().describe('One workbook per municipality'),
    retention: z.number().int().describe('Runs kept'),
    enabled: z.boolean().describe('Fires when true'),
    nextRun: z.string().nullable().describe('Next slot (ISO 8601, UTC)'),
    createdBy: z.string().nullable().describe('Name of the key that made it (its reports show what that key may read)'),
    createdAt: z.string().describe('Created'),
    updatedAt: z.string().describe('Last changed'),
  })
  .meta({ id: 'ReportSchedule' });

export const ScheduleRun = z
  .object({
    id: z.string().uuid().describe('Run id'),
    scheduleId: z.string().uuid().describe('Schedule id'),
    slot: z.string().describe('The slot it ran for (ISO 8601, UTC)'),
    period: z.number().int().nullable().describe('Period the reports show'),
    status: z.enum(['running', 'done', 'failed']).describe('done when every job is done; failed when one failed'),
    catchUp: z.boolean().describe('Ran late, at start, for a slot missed while no replica was up'),
    jobs: z.number().int().describe('Workbooks in the run'),
    files: z
      .array(
        z.object({
          jobId: z.string().uuid().describe('Report job id (download at /v1/reports/{id}/file)'),
          fileName: z.string().describe('File name'),
          sha256: z.string().describe('SHA-256'),
          bytes: z.number().int().describe('Size'),
        }),
      )
      .describe('Workbooks written'),
    error: z.string().nullable().describe('Errors of failed jobs'),
    startedAt: z.string().describe('Started'),
    finishedAt: z.string().nullable().describe('Finished'),
    durationMs: z.number().int().nullable().describe('Duration in milliseconds'),
  })
  .meta({ id: 'ReportScheduleRun' });

export const ScheduleParams = z.object({ id: z.string().uuid().describe('Schedule id') });

export type ScheduleCreateDto = z.infer<typeof ScheduleCreate>;
export type ScheduleUpdateDto = z.infer<typeof ScheduleUpdate>;
export type ScheduleDto = z.infer<typeof Schedule>;
export type ScheduleRunDto = z.infer<typeof ScheduleRun>;
