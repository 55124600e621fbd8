import { z } from 'zod';

const period = z.coerce.number().int().min(1900).max(2200);

export const ReportKind = z
  .enum(['prefecture', 'municipality'])
  .describe('prefecture: every municipality and indicator (analysts); municipality: one municipality’s report');

export const ReportCreate = z
  .object({
    kind: ReportKind,
    model: z.string().min(1).describe('Logic model id (e.g. okinawa-2026)'),
    period: z
      .union([period, z.literal('latest')])
      .describe('Fiscal year / statistics year, or latest: the newest period of the current uploads'),
    municipality: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('Municipality code: required for kind municipality (a municipality key may ask for its own only)'),
  })
  .meta({ id: 'ReportCreate' });

export const ReportJob = z
  .object({
    id: z.string().uuid().describe('Job id'),
    kind: ReportKind,
    prefecture: z.string().describe('Prefecture code'),
    municipality: z.string().nullable().describe('Municipality code (kind municipality)'),
    model: z.string().describe('Logic model id'),
    period: z.number().int().describe('Period the report shows'),
    status: z.enum(['queued', 'running', 'done', 'failed']).describe('queued → running → done | failed'),
    progress: z.number().int().min(0).max(100).describe('Percent done'),
    error: z.string().nullable().describe('Why it failed'),
    fileName: z.string().nullable().describe('Japanese file name of the workbook (when done)'),
    sha256: z.string().nullable().describe('SHA-256 of the workbook file (when done)'),
    bytes: z.number().int().nullable().describe('Size of the workbook in bytes (when done)'),
    scheduleId: z.string().uuid().nullable().describe('Schedule that made it, if any'),
    runId: z.string().uuid().nullable().describe('Schedule run that made it, if any'),
    createdBy: z.string().nullable().describe('Name of the key (or schedule creator) it was made for'),
    createdAt: z.string().describe('When it was asked for'),
    startedAt: z.string().nullable().describe('When it (last) started'),
    finishedAt: z.string().nullable().describe('When it finished'),
    fileUrl: z.string().nullable().describe('Where to download it (when done)'),
  })
  .meta({ id: 'ReportJob' });

export const ReportListQuery = z.object({
  status: z.enum(['queued', 'running', 'done', 'failed']).optional().describe('Only jobs in this state'),
  prefecture: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('Prefecture (default: the key’s own)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('At most this many, newest first'),
});

export const ReportParams = z.object({ id: z.string().uuid().describe('Job id') });

export type ReportCreateDto = z.infer<typeof ReportCreate>;
export type ReportJobDto = z.infer<typeof ReportJob>;
