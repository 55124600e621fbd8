import { z } from 'zod';

export const prefectureCode = z
  .string()
  .regex(/^\d{2}$/)
  .describe('JIS prefecture code, two digits (沖縄県 = 47)');

export const municipalityCode = z
  .string()
  .regex(/^\d{6}$/)
  .describe('全国地方公共団体コード, six digits with check digit (那覇市 = 472018)');

export const Prefecture = z
  .object({
    code: prefectureCode,
    name: z.string().describe('Prefecture name (沖縄県)'),
    municipalityCount: z.number().int().describe('Municipalities loaded for it'),
  })
  .meta({ id: 'Prefecture' });

export const Area = z
  .object({
    prefecture: prefectureCode,
    name: z.string().describe('圏域 name (e.g. 南部)'),
    kind: z.enum(['medical', 'welfare']).describe('medical = 二次医療圏, welfare = 老人福祉圏域'),
    municipalityCount: z.number().int().describe('Municipalities in the area'),
    municipalities: z.array(municipalityCode).describe('Their codes'),
  })
  .meta({ id: 'Area' });

export const Municipality = z
  .object({
    code: municipalityCode,
    name: z.string().describe('Municipality name (那覇市)'),
    prefecture: prefectureCode,
    area: z
      .object({
        medical: z.string().describe('二次医療圏'),
        welfare: z.string().describe('老人福祉圏域'),
      })
      .describe('The areas it belongs to'),
    insurer: z
      .object({
        name: z.string().describe('保険者 (the municipality itself or a union such as 沖縄県介護保険広域連合)'),
        confirmed: z.boolean().describe('false where the membership was inferred, not confirmed'),
      })
      .describe('Its long-term-care insurer'),
  })
  .meta({ id: 'Municipality' });

export const MunicipalityQuery = z.object({
  prefecture: prefectureCode.optional(),
  area: z.string().optional().describe('Only municipalities of this area (medical or welfare area name)'),
});

export const MunicipalityParams = z.object({ code: z.string().describe('Municipality code') });
export const PrefectureParams = z.object({ pref: prefectureCode });

export const RegionImportQuery = z.object({
  prefecture: prefectureCode.optional().describe('Prefecture of every row, when the file has no prefecture column'),
});

export const RegionImportResult = z
  .object({
    id: z.string().uuid().describe('Import id'),
    prefecture: prefectureCode,
    sha256: z.string().describe('SHA-256 of the file content'),
    rows: z.number().int().describe('Data rows in the file'),
    inserted: z.number().int().describe('Municipalities added'),
    updated: z.number().int().describe('Municipalities whose master changed'),
    unchanged: z.number().int().describe('Municipalities already as in the file'),
    notInFile: z.array(municipalityCode).describe('Municipalities of this prefecture kept although the file does not list them'),
    createdAt: z.string().describe('When the import was stored'),
  })
  .meta({ id: 'RegionImportResult' });

export type MunicipalityDto = z.infer<typeof Municipality>;
export type RegionImportResultDto = z.infer<typeof RegionImportResult>;
