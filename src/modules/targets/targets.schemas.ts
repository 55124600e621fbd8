import { z } from 'zod';
import { prefectureCode } from '../regions/regions.schemas.js';
import { SCOPES } from './targets.validate.js';

export const TargetScope = z
  .enum(SCOPES)
  .describe('prefecture (the default for every municipality), area (二次医療圏) or municipality');

const year = (what: string) => z.number().int().min(2000).max(2100).describe(what);

export const TargetPut = z
  .object({
    indicator: z
      .string()
      .min(1)
      .describe('Indicator id from the catalogue (e.g. home_death_ratio); active, with a direction'),
    scope: TargetScope,
    code: z
      .string()
      .optional()
      .describe(
        'Prefecture code, area (二次医療圏) name, or municipality code, by scope; may be left out for scope prefecture',
      ),
    prefecture: prefectureCode
      .optional()
      .describe('Prefecture of the target; needed for an area when the key is not bound to one'),
    targetYear: year('Target year (fiscal year, e.g. 2026)'),
    value: z.number().describe('Target value on the indicator’s scale (percent, per 10,000, …)'),
    baselineYear: year('Baseline year').nullable().optional(),
    baselineValue: z.number().nullable().optional().describe('Baseline value on the indicator’s scale'),
    note: z
      .string()
      .max(2000)
      .nullable()
      .optional()
      .describe('Free text: where the target comes from (plan, council decision)'),
  })
  .meta({ id: 'TargetPut' });

export const TargetPatch = z
  .strictObject({
    value: z.number().optional().describe('New target value on the indicator’s scale'),
    baselineYear: year('Baseline year (null clears it)').nullable().optional(),
    baselineValue: z.number().nullable().optional().describe('Baseline value (null clears it)'),
    note: z.string().max(2000).nullable().optional().describe('Note (null clears it)'),
  })
  .refine((p) => Object.keys(p).length > 0, { message: '変更する項目を1つ以上指定してください (value, baselineYear, baselineValue, note)' })
  .meta({ id: 'TargetPatch' });

export const Target = z
  .object({
    id: z.string().uuid().describe('Target id'),
    prefecture: prefectureCode,
    indicator: z.string().describe('Indicator id'),
    scope: TargetScope,
    code: z.string().describe('Prefecture code, area name or municipality code'),
    targetYear: z.number().int().describe('Target year'),
    value: z.number().describe('Target value'),
    baselineYear: z.number().int().nullable().describe('Baseline year'),
    baselineValue: z.number().nullable().describe('Baseline value'),
    note: z.string().nullable().describe('Note'),
    createdAt: z.string().describe('When it was first set'),
    updatedAt: z.string().describe('When it last changed'),
    updatedBy: z.string().nullable().describe('Name of the key that last changed it'),
  })
  .meta({ id: 'Target' });

export const TargetQuery = z.object({
  prefecture: prefectureCode.optional().describe('Prefecture (defaults to the key’s own)'),
  indicator: z.string().optional().describe('Only this indicator'),
  scope: TargetScope.optional(),
  code: z.string().optional().describe('Only this scope code'),
  year: z.coerce.number().int().optional().describe('Only this target year'),
});

export const TargetParams = z.object({ id: z.string().uuid().describe('Target id') });

const Snapshot = z
  .object({
    indicator: z.string().describe('Indicator id'),
    scope: TargetScope,
    code: z.string().describe('Scope code'),
    targetYear: z.number().int().describe('Target year'),
    value: z.number().describe('Target value'),
    baselineYear: z.number().int().nullable().describe('Baseline year'),
    baselineValue: z.number().nullable().describe('Baseline value'),
    note: z.string().nullable().describe('Note'),
  })
  .meta({ id: 'TargetSnapshot' });

export const TargetChange = z
  .object({
    id: z.string().uuid().describe('Change id'),
    targetId: z.string().uuid().describe('Target id'),
    action: z.enum(['created', 'updated', 'deleted']).describe('What happened'),
    via: z.enum(['api', 'import']).describe('PUT/DELETE, or a CSV import'),
    old: Snapshot.nullable().describe('Before the change (null for a creation)'),
    new: Snapshot.nullable().describe('After the change (null for a deletion)'),
    changedBy: z
      .object({
        keyId: z.string().nullable().describe('API key id'),
        name: z.string().nullable().describe('API key name'),
      })
      .describe('Who'),
    changedAt: z.string().describe('When'),
  })
  .meta({ id: 'TargetChange' });

export const TargetImportQuery = z.object({
  prefecture: prefectureCode.optional().describe('Prefecture of the file (defaults to the key’s own)'),
});

export const TargetImportResult = z
  .object({
    prefecture: prefectureCode,
    rows: z.number().int().describe('Data rows in the file'),
    created: z.number().int().describe('Targets added'),
    updated: z.number().int().describe('Targets whose values changed'),
    unchanged: z.number().int().describe('Targets already as in the file'),
  })
  .meta({ id: 'TargetImportResult' });

export const EffectiveTargetQuery = z.object({
  indicator: z.string().describe('Indicator id'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .describe('Municipality code'),
  year: z.coerce.number().int().describe('Target year'),
});

export const EffectiveTarget = z
  .object({
    source: z
      .enum(['municipality', 'area', 'prefecture'])
      .nullable()
      .describe('Where the target came from (null: none applies)'),
    target: Target.nullable().describe('The target that applies after inheritance'),
  })
  .meta({ id: 'EffectiveTarget' });

export type TargetDto = z.infer<typeof Target>;
export type TargetPatchDto = z.infer<typeof TargetPatch>;
export type TargetPutDto = z.infer<typeof TargetPut>;
export type TargetSnapshotDto = z.infer<typeof Snapshot>;
export type TargetChangeDto = z.infer<typeof TargetChange>;
