import { z } from 'zod';
import { surveyKinds } from './codebooks/index.js';

export const SurveyKindParams = z.object({
  kind: z.enum(surveyKinds).describe('needs | homecare | residence | workforce'),
});

const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

export const UploadQuery = z.object({
  wave: z
    .string()
    .optional()
    .describe('Fiscal year of the survey (調査年度), e.g. 2025; also accepted as a form field'),
  part: z
    .string()
    .optional()
    .describe('Part of a two-part survey: homecare offices|clients, workforce establishments|staff'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('When given, every row must belong to this municipality'),
  dryRun: booleanish.optional().describe('Validate and report what would change; store nothing'),
});

export const UploadSlice = z
  .object({
    municipality: z.string().describe('Municipality code'),
    rows: z.number().int().describe('Rows of this municipality in the file'),
    status: z.string().describe('current | superseded | retracted (dry_run in a dry run)'),
    supersededBy: z.string().nullable().describe('Upload that replaced this slice'),
    supersedes: z.string().nullable().optional().describe('Dry run: the upload whose slice this file would replace'),
  })
  .meta({ id: 'UploadSlice' });

export const Upload = z
  .object({
    id: z.string().nullable().describe('Upload id (null in a dry run)'),
    kind: z.string().describe('Survey kind'),
    part: z.string().describe('Survey part (main for single-part surveys)'),
    wave: z.number().int().describe('Fiscal year'),
    prefecture: z.string().describe('Prefecture code of the rows'),
    sha256: z.string().describe('SHA-256 of the file'),
    fileName: z.string().nullable().describe('Name of the uploaded file'),
    format: z.string().describe('csv | xlsx'),
    encoding: z.string().nullable().describe('Detected CSV encoding: utf8, utf8-bom, cp932 or ascii'),
    rows: z.number().int().describe('Data rows'),
    status: z
      .enum(['current', 'superseded', 'retracted', 'partly_superseded', 'dry_run'])
      .describe('current, superseded (every slice replaced), partly_superseded, retracted, or dry_run'),
    createdAt: z.string().nullable().describe('When it was stored'),
    createdBy: z
      .object({ keyId: z.string().nullable(), name: z.string().nullable() })
      .describe('API key that uploaded it'),
    retractedAt: z.string().nullable().describe('When it was retracted'),
    slices: z.array(UploadSlice).describe('One per municipality in the file'),
    superseded: z
      .array(z.object({ uploadId: z.string(), municipality: z.string() }))
      .describe('Slices of earlier uploads this one replaced (or would replace, in a dry run)'),
    dryRun: z.boolean().optional().describe('True when nothing was stored'),
    identical: z
      .boolean()
      .optional()
      .describe('True when the same content was already current: nothing new was stored'),
    warnings: z
      .array(z.string())
      .optional()
      .describe(
        'indicators_recompute_failed: the data are stored, indicator values will be recomputed on the next read',
      ),
  })
  .meta({ id: 'Upload' });

export const UploadListQuery = z.object({
  wave: z.coerce.number().int().optional().describe('Fiscal year'),
  part: z.string().optional().describe('Survey part'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Only uploads holding this municipality'),
});

export const UploadParams = z.object({ id: z.string().uuid().describe('Upload id') });

export const CodebookColumn = z
  .object({
    id: z.string().describe('Column id (the header)'),
    label_ja: z.string().describe('Japanese label, accepted as a header too'),
    type: z.string().describe('id | municipality | integer | number | code | flag01 | text'),
    required: z.boolean().describe('A blank cell is an error'),
    codes: z.record(z.string(), z.string()).optional().describe('Code → label'),
    min: z.number().optional().describe('Smallest value'),
    max: z.number().optional().describe('Largest value'),
    note: z.string().optional().describe('How the column is used'),
  })
  .meta({ id: 'CodebookColumn' });

export const SurveyCodebook = z
  .object({
    kind: z.string().describe('Survey kind'),
    parts: z
      .array(
        z.object({
          part: z.string().describe('Part id'),
          label_ja: z.string().describe('Japanese name'),
          key: z.array(z.string()).describe('Columns unique within a file'),
          columns: z.array(CodebookColumn),
        }),
      )
      .describe('The file layouts'),
  })
  .meta({ id: 'SurveyCodebook' });

export const TemplateQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx').describe('xlsx (with code sheet and drop-downs) or csv'),
  part: z.string().optional().describe('Part of a two-part survey'),
});
