import { z } from 'zod';
import { ITEM_IDS, ITEM_STATUSES } from './items.js';

const municipalityCode = z.string().regex(/^\d{6}$/).describe('Municipality code (6 digits)');
/** A calendar date, YYYY-MM-DD: 2025-02-30 is refused here (PostgreSQL refused it later, as a 500). */
const isoDate = z.iso.date();

export const ItemParams = z.object({
  municipality: municipalityCode,
  item: z.string().min(1).describe('Item: a-h, or ア-ク ((ア) 地域の医療・介護資源の把握 … (ク) 関係市区町村の連携)'),
});

export const ItemStatusPut = z
  .object({
    status: z.enum(ITEM_STATUSES).describe('not_started (未実施) | planned (実施予定) | implemented (実施済み)'),
    as_of: isoDate.describe('Date from which this status holds (YYYY-MM-DD)'),
    note: z.string().max(2000).nullable().optional().describe('Note (備考)'),
  })
  .meta({ id: 'ItemStatusPut' });

export const ItemStatusEntry = z
  .object({
    id: z.string().describe('Row id'),
    municipality: z.string().describe('Municipality code'),
    item: z.enum(ITEM_IDS).describe('Item id (a-h)'),
    kana: z.string().describe('Item as written in the guideline (ア-ク)'),
    label_ja: z.string().describe('Item name (Japanese)'),
    status: z.enum(ITEM_STATUSES).describe('Status'),
    statusLabel: z.string().describe('Status in Japanese'),
    asOf: z.string().describe('Date from which it holds'),
    note: z.string().nullable().describe('Note'),
    via: z.enum(['api', 'import']).describe('How it was recorded'),
    recordedBy: z.string().nullable().describe('Name of the key that recorded it'),
    recordedAt: z.string().describe('When it was recorded'),
  })
  .meta({ id: 'ItemStatusEntry' });

export const ItemStatusWrite = z
  .object({
    change: z.enum(['created', 'unchanged']).describe('created = a new dated row; unchanged = the same as already recorded for that date'),
    entry: ItemStatusEntry.describe('The row in force for that date'),
  })
  .meta({ id: 'ItemStatusWrite' });

export const ItemHistoryQuery = z.object({
  item: z.string().optional().describe('Only this item (a-h or ア-ク)'),
});

export const ItemImportQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Prefecture (defaults to the key’s own)'),
});

export const ItemImport = z
  .object({
    id: z.string().describe('Import id'),
    prefecture: z.string().describe('Prefecture code'),
    rows: z.number().int().describe('Data rows in the file'),
    inserted: z.number().int().describe('Dated rows the import recorded'),
    unchanged: z.number().int().describe('Rows equal to what was already recorded for their date (not recorded again)'),
    status: z
      .enum(['current', 'partly_superseded', 'superseded', 'retracted'])
      .describe('current: every status it recorded is the latest for its date; partly_superseded / superseded: later imports or single writes replaced some / all; retracted: its rows no longer count'),
    fileName: z.string().nullable().describe('File name (multipart uploads)'),
    encoding: z.string().nullable().describe('Encoding detected'),
    sha256: z.string().describe('SHA-256 of the file as received'),
    createdAt: z.string().describe('When'),
    createdBy: z.string().nullable().describe('Who (name of the key)'),
    retractedAt: z.string().nullable().describe('When it was retracted'),
  })
  .meta({ id: 'ItemImport' });

export const ItemImportParams = z.object({ id: z.string().describe('Import id') });

export const ItemImportResult = z
  .object({
    importId: z.string().nullable().describe('The import that holds the file (null when every row was already recorded)'),
    identical: z.boolean().describe('true when the same content is already a live import of the prefecture (that import is answered, nothing recorded)'),
    prefecture: z.string().describe('Prefecture code'),
    rows: z.number().int().describe('Data rows in the file'),
    inserted: z.number().int().describe('New dated rows recorded'),
    unchanged: z.number().int().describe('Rows equal to what was already recorded for that date (idempotent re-import)'),
    import: ItemImport.nullable().describe('The import (null when nothing was recorded)'),
  })
  .meta({ id: 'ItemImportResult' });

const Named = z
  .object({ code: z.string().describe('Municipality code'), name: z.string().describe('Municipality name') })
  .meta({ id: 'NamedMunicipality' });

export const ItemSummaryQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Prefecture (defaults to the key’s own)'),
  as_of: isoDate.optional().describe('Date of the table (default: today, UTC)'),
});

export const ItemSummary = z
  .object({
    prefecture: z.string().describe('Prefecture code'),
    asOf: z.string().describe('Date of the table'),
    municipalities: z.number().int().describe('Municipalities in the prefecture'),
    items: z
      .array(
        z.object({
          item: z.enum(ITEM_IDS).describe('Item id'),
          kana: z.string().describe('ア-ク'),
          label_ja: z.string().describe('Item name'),
          implemented: z.number().int().describe('Municipalities that had implemented it at the date (実施済み)'),
          planned: z.number().int().describe('Municipalities planning it, in addition (実施予定)'),
          total: z.number().int().describe('implemented + planned'),
          notStarted: z.number().int().describe('Recorded as not started (未実施)'),
          unknown: z.number().int().describe('Municipalities with no record at the date'),
          implementedMunicipalities: z.array(Named).describe('Which municipalities had implemented it'),
          plannedMunicipalities: z.array(Named).describe('Which municipalities planned it'),
        }),
      )
      .describe('One row per item (ア)-(ク)'),
  })
  .meta({ id: 'ItemSummary' });

export type ItemStatusEntryDto = z.infer<typeof ItemStatusEntry>;
export type ItemSummaryDto = z.infer<typeof ItemSummary>;
export type ItemImportDto = z.infer<typeof ItemImport>;
export type ItemImportResultDto = z.infer<typeof ItemImportResult>;
