import { z } from 'zod';
import { REGISTER_FLAG_IDS, REGISTER_TYPE_IDS } from './register.types.js';

const prefecture = z.string().regex(/^\d{2}$/).describe('Prefecture (defaults to the key’s own)');
const period = z.coerce.number().int().min(1900).max(2200);

export const RegisterImportQuery = z.object({
  prefecture: prefecture.optional(),
  period: period.describe('Year the register describes: its counts become measures of this period'),
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('Date of the register (YYYY-MM-DD), kept with the import'),
});

export const RegisterImportResult = z
  .object({
    importId: z.string().describe('Id of the import in force for these municipalities'),
    prefecture: z.string().describe('Prefecture code'),
    period: z.number().int().describe('Period'),
    rows: z.number().int().describe('Entries in the file'),
    municipalities: z.number().int().describe('Municipalities whose entries the file replaced'),
    unchanged: z.boolean().describe('true when the same file was already the latest for the period (nothing changed)'),
    warnings: z.array(z.string()).describe('indicators_recompute_failed when the recompute after the import failed'),
  })
  .meta({ id: 'RegisterImportResult' });

export const RegisterQuery = z.object({
  prefecture: prefecture.optional(),
  period: period.optional().describe('Period (default: the latest with a register)'),
  municipality: z.string().regex(/^\d{6}$/).optional().describe('Only this municipality'),
  type: z.enum(REGISTER_TYPE_IDS).optional().describe('Only this type'),
  flag: z.enum(REGISTER_FLAG_IDS).optional().describe('Only entries with this role flag'),
});

export const RegisterEntry = z
  .object({
    municipality: z.string().describe('Municipality code'),
    period: z.number().int().describe('Period'),
    code: z.string().nullable().describe('医療機関コード / 事業所番号'),
    name: z.string().describe('Name'),
    type: z.enum(REGISTER_TYPE_IDS).describe('Type id'),
    typeLabel: z.string().describe('Type (Japanese)'),
    address: z.string().nullable().describe('Address'),
    flags: z
      .object({
        active_role: z.boolean().describe('在宅医療において積極的役割を担う医療機関'),
        hub: z.boolean().describe('在宅医療に必要な連携を担う拠点'),
        house_call: z.boolean().describe('往診可能'),
        round_the_clock: z.boolean().describe('24時間対応'),
        end_of_life: z.boolean().describe('看取り対応'),
      })
      .describe('Role flags'),
  })
  .meta({ id: 'RegisterEntry' });

export const RegisterCounts = z
  .object({
    prefecture: z.string().describe('Prefecture code'),
    period: z.number().int().nullable().describe('Period (null without a register)'),
    municipalities: z
      .array(
        z.object({
          municipality: z.string().describe('Municipality code'),
          counts: z.record(z.string(), z.number().int()).describe('Measure id (register.<type>, register.flag.<flag>, register.clinics_house_call) → count'),
        }),
      )
      .describe('Counts per municipality with a register, as stored as measures'),
  })
  .meta({ id: 'RegisterCounts' });

export const RegisterImport = z
  .object({
    id: z.string().describe('Import id'),
    period: z.number().int().describe('Period'),
    asOf: z.string().nullable().describe('Date of the register'),
    rows: z.number().int().describe('Entries'),
    municipalities: z.number().int().describe('Municipalities replaced'),
    createdAt: z.string().describe('When'),
    createdBy: z.string().nullable().describe('Who'),
  })
  .meta({ id: 'RegisterImport' });

export type RegisterEntryDto = z.infer<typeof RegisterEntry>;
