import { z } from 'zod';

const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

export const ReferenceUploadQuery = z.object({
  dryRun: booleanish.optional().describe('Validate and report what would change; store nothing (also a form field)'),
});

export const ReferenceUpload = z
  .object({
    id: z.string().nullable().describe('Upload id (null in a dry run)'),
    prefecture: z.string().describe("Prefecture of the file's municipal rows ('00' for national standard rows only)"),
    sha256: z.string().describe('SHA-256 of the file'),
    fileName: z.string().nullable().describe('Name of the uploaded file'),
    format: z.string().describe('csv | xlsx'),
    encoding: z.string().nullable().describe('Detected CSV encoding: utf8, utf8-bom, cp932 or ascii'),
    rows: z.number().int().describe('Data rows'),
    rulesVersion: z.string().describe('Version of logic-models/reference/rules.yaml the file was checked against'),
    status: z
      .enum(['current', 'superseded', 'retracted', 'partly_superseded', 'dry_run'])
      .describe('current, superseded (every slice replaced), partly_superseded, retracted, or dry_run'),
    createdAt: z.string().nullable().describe('When it was stored'),
    createdBy: z
      .object({ keyId: z.string().nullable(), name: z.string().nullable() })
      .describe('API key that uploaded it'),
    retractedAt: z.string().nullable().describe('When it was retracted'),
    periods: z.array(z.number().int()).describe('Periods (years) in the file'),
    measures: z.array(z.string()).describe('Measures in the file'),
    municipalities: z.array(z.string()).describe("Municipality codes in the file ('000000' = national)"),
    slices: z
      .object({
        total: z.number().int().describe('(measure, period, municipality) slices in the file'),
        current: z.number().int().describe('Of which current'),
        superseded: z.number().int().describe('Of which replaced by a later upload'),
        retracted: z.number().int().describe('Of which retracted'),
      })
      .describe('The versioned slices this upload holds'),
    supersedes: z
      .array(z.object({ uploadId: z.string(), slices: z.number().int() }))
      .describe('Earlier uploads whose current slices this one replaced (or would replace, in a dry run)'),
    newSlices: z.number().int().optional().describe('Dry run: slices with no current version yet'),
    dryRun: z.boolean().optional().describe('True when nothing was stored'),
    identical: z
      .boolean()
      .optional()
      .describe('True when the same content was already current: nothing new was stored'),
    warnings: z
      .array(z.string())
      .optional()
      .describe('e.g. indicators_recompute_failed: stored, but indicators not refreshed'),
  })
  .meta({ id: 'ReferenceUpload' });

/** A reference upload as the API answers it. */
export type ReferenceUploadDto = z.infer<typeof ReferenceUpload>;

export const ReferenceUploadListQuery = z.object({
  period: z.coerce.number().int().optional().describe('Only uploads holding this period'),
  measure: z.string().optional().describe('Only uploads holding this measure'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Only uploads holding this municipality'),
});

export const ReferenceUploadParams = z.object({ id: z.uuid().describe('Upload id') });
