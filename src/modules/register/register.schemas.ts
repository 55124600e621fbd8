import { z } from 'zod';
import { REGISTER_FLAG_IDS, REGISTER_TYPE_IDS } from './register.types.js';

const prefecture = z.string().regex(/^\d{2}$/).describe('Prefecture (defaults to the key’s own)');
const period = z.coerce.number().int().min(1900).max(2200);

export const RegisterImportQuery = z.object({
  prefecture: prefecture.optional(),
  period: period.describe('Year the register describes: its counts become measures of this period'),
  as_of: z.iso.date().optional().describe('Date of the register (YYYY-MM-DD), kept with the import'),
});

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
    municipalities: z.number().int().describe('Municipalities the file lists (the slices it holds)'),
    status: z
      .enum(['current', 'partly_superseded', 'superseded', 'retracted'])
      .describe('current: every slice it holds is in force; partly_superseded / superseded: later files replaced some / all; retracted'),
    currentMunicipalities: z.array(z.string()).describe('Municipalities whose entries in force come from this import'),
    fileName: z.string().nullable().describe('File name (multipart uploads)'),
    encoding: z.string().nullable().describe('Encoding detected'),
    sha256: z.string().describe('SHA-256 of the file as received'),
    createdAt: z.string().describe('When'),
    createdBy: z.string().nullable().describe('Who (name of the key)'),
    retractedAt: z.string().nullable().describe('When it was retracted'),
  })
  .meta({ id: 'RegisterImport' });

export const RegisterImportParams = z.object({ id: z.string().describe('Import id') });

export const RegisterImportsQuery = z.object({
  prefecture: prefecture.optional(),
  period: period.optional().describe('Only this period'),
});

export const RegisterRetraction = RegisterImport.extend({
  warnings: z.array(z.string()).describe('indicators_recompute_failed when the recompute after the retraction failed'),
}).meta({ id: 'RegisterRetraction' });

export const RegisterImportResult = z
  .object({
    importId: z.string().describe('Id of the import in force for these municipalities'),
    prefecture: z.string().describe('Prefecture code'),
    period: z.number().int().describe('Period'),
    rows: z.number().int().describe('Entries in the file'),
    municipalities: z.number().int().describe('Municipalities whose entries the file replaced'),
    unchanged: z.boolean().describe('true when the same content is already a live import for the prefecture and period (nothing changed; that import is answered)'),
    warnings: z.array(z.string()).describe('indicators_recompute_failed when the recompute after the import failed'),
    import: RegisterImport.describe('The import in force (the existing one when unchanged)'),
  })
  .meta({ id: 'RegisterImportResult' });

export type RegisterEntryDto = z.infer<typeof RegisterEntry>;
export type RegisterImportDto = z.infer<typeof RegisterImport>;
