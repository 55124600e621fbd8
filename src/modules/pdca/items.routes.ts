import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvFileOf } from '../../plugins/csv-body.js';
import { assertMunicipality, defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { access } from '../auth/auth.types.js';
import {
  ItemHistoryQuery,
  ItemImport,
  ItemImportParams,
  ItemImportQuery,
  ItemImportResult,
  ItemParams,
  ItemStatusEntry,
  ItemStatusPut,
  ItemStatusWrite,
  ItemSummary,
  ItemSummaryQuery,
} from './items.schemas.js';
import type { ItemsService } from './items.service.js';
import { itemSummaryCsv } from './items.csv.js';

const actorOf = (req: FastifyRequest) => {
  const p = principalOf(req);
  return { keyId: p.keyId, name: p.name };
};

/** The eight-item tracker: municipality keys write and read their own; the summary is for every reader. */
export async function itemsRoutes(app: FastifyInstance, opts: { items: ItemsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { items } = opts;

  r.put('/pdca/items/:municipality/:item', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Record the status of one item (ア)-(ク) of a municipality from a date',
      description:
        'Never overwrites: every change is a new dated row (201). The same status and note already recorded for that date answer 200 unchanged. Municipality keys write their own municipality only.',
      operationId: 'putItemStatus',
      params: ItemParams,
      body: ItemStatusPut,
      response: { 200: ItemStatusWrite, 201: ItemStatusWrite },
    },
    handler: async (req, reply) => {
      assertMunicipality(principalOf(req), req.params.municipality);
      const result = await items.put(req.params.municipality, req.params.item, req.body, actorOf(req));
      return reply.code(result.change === 'created' ? 201 : 200).send(result);
    },
  });

  r.get('/pdca/items/summary', {
    config: { access: access.readers, csv: itemSummaryCsv },
    schema: {
      tags: ['pdca'],
      summary: 'The eight items at a date: how many municipalities implemented each, planned it in addition, and which',
      description:
        'The table prefectures publish, as recorded in force at `as_of` (any past date is reproduced). `format=csv` or `Accept: text/csv` answers the same table as CSV (UTF-8 with BOM).',
      operationId: 'getItemSummary',
      querystring: ItemSummaryQuery,
      response: { 200: ItemSummary },
    },
    handler: async (req) => items.summary(defaultPrefecture(principalOf(req), req.query.prefecture), req.query.as_of),
  });

  r.post('/pdca/items/import', {
    config: { access: access.analysts },
    schema: {
      tags: ['pdca'],
      summary: 'Load item statuses from a CSV file, all or nothing',
      description:
        'Body: text/csv, or multipart/form-data with a `file` part; UTF-8 or Shift_JIS. Columns: municipality_code, item (a-h or ア-ク), as_of (YYYY-MM-DD), status (not_started | planned | implemented, or 未実施 | 実施予定 | 実施済み), note; Japanese headers accepted (市町村コード, 項目, 時点, 状況, 備考). ' +
        '422 problem+json listing row, column, value and reason for every error — nothing is recorded. The same content (SHA-256) as a live import answers that import (identical: true); otherwise rows equal to what is already recorded for their date are skipped and the others recorded as one import (docs/imports.md), listed by `GET /pdca/items/imports` and retracted by `DELETE /pdca/items/imports/{id}`.',
      operationId: 'importItemStatuses',
      querystring: ItemImportQuery,
      consumes: ['text/csv', 'multipart/form-data'],
      response: { 200: ItemImportResult },
    },
    handler: async (req) => {
      const prefecture = defaultPrefecture(principalOf(req), req.query.prefecture);
      const result = await items.importCsv(prefecture, await csvFileOf(req), actorOf(req));
      req.log.info({ importId: result.importId, rows: result.rows, inserted: result.inserted, identical: result.identical }, 'item statuses imported');
      return result;
    },
  });

  r.get('/pdca/items/imports', {
    config: { access: access.analysts },
    schema: {
      tags: ['pdca'],
      summary: 'Every item-status import of a prefecture, oldest first: who, when, file, hash, rows, status',
      operationId: 'listItemImports',
      querystring: ItemImportQuery,
      response: { 200: z.array(ItemImport) },
    },
    handler: async (req) => items.imports(defaultPrefecture(principalOf(req), req.query.prefecture)),
  });

  r.get('/pdca/items/imports/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['pdca'],
      summary: 'One item-status import',
      operationId: 'getItemImport',
      params: ItemImportParams,
      response: { 200: ItemImport },
    },
    handler: async (req) => items.getImport(req.params.id, principalOf(req).prefectureCode),
  });

  r.delete('/pdca/items/imports/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['pdca'],
      summary: 'Retract an item-status import: its rows leave the history and the summary',
      description:
        'The summary at any date is then what it would have been without the file; statuses recorded by single writes (PUT) stay. Retracting a retracted import changes nothing. Another prefecture’s import is 404.',
      operationId: 'retractItemImport',
      params: ItemImportParams,
      response: { 200: ItemImport },
    },
    handler: async (req) => {
      const body = await items.retract(req.params.id, actorOf(req), principalOf(req).prefectureCode);
      req.log.info({ importId: body.id }, 'item-status import retracted');
      return body;
    },
  });

  r.get('/pdca/items/:municipality', {
    config: { access: access.uploaders },
    schema: {
      tags: ['pdca'],
      summary: 'Every recorded status of a municipality’s items, oldest first (the history)',
      operationId: 'listItemHistory',
      params: ItemParams.pick({ municipality: true }),
      querystring: ItemHistoryQuery,
      response: { 200: z.array(ItemStatusEntry) },
    },
    handler: async (req) => {
      assertMunicipality(principalOf(req), req.params.municipality);
      return items.history(req.params.municipality, req.query.item);
    },
  });
}
