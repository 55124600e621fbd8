import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvFileOf } from '../../plugins/csv-body.js';
import { defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { access } from '../auth/auth.types.js';
import {
  RegisterCounts,
  RegisterEntry,
  RegisterImport,
  RegisterImportParams,
  RegisterImportQuery,
  RegisterImportResult,
  RegisterImportsQuery,
  RegisterQuery,
  RegisterRetraction,
} from './register.schemas.js';
import type { RegisterService } from './register.service.js';

/** The resource register is public information: every reader may read it; analysts load it. */
export async function registerRoutes(app: FastifyInstance, opts: { register: RegisterService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { register } = opts;

  r.post('/register/import', {
    config: { access: access.analysts },
    schema: {
      tags: ['register'],
      summary: 'Load the resource register (地域の医療・介護資源) for a period, all or nothing',
      description:
        'Body: text/csv, or multipart/form-data with a `file` part; UTF-8 or Shift_JIS. Columns: municipality_code, name, type (病院, 診療所, 在宅療養支援診療所・病院, 訪問看護ステーション, 定期巡回・随時対応型訪問介護看護, 小規模多機能型居宅介護, 看護小規模多機能型居宅介護, 居宅介護支援事業所, 介護保険施設, その他 — or their ids), optional code, address and the role flags active_role (在宅医療において積極的役割を担う医療機関), hub (在宅医療に必要な連携を担う拠点), house_call (往診可能), round_the_clock (24時間対応), end_of_life (看取り対応) as 1/0, ○/blank or はい/いいえ; Japanese headers accepted. ' +
        'The file replaces, for the period, the entries of every municipality it lists; its counts by type and flag become the register.* measures of that period and the prefecture’s indicators are recomputed. 422 problem+json with row, column, value and reason for every error — nothing is stored. The same content again (SHA-256) answers the live import that holds it and changes nothing. Each file is a version of the (period, municipality) slices it lists (docs/imports.md): `GET /register/imports` is the history, `DELETE /register/imports/{id}` retracts one and brings back the previous version.',
      operationId: 'importRegister',
      querystring: RegisterImportQuery,
      consumes: ['text/csv', 'multipart/form-data'],
      response: { 200: RegisterImportResult },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const prefecture = defaultPrefecture(p, req.query.prefecture);
      const { buf, fileName } = await csvFileOf(req);
      const result = await register.importCsv({
        prefecture,
        period: req.query.period,
        asOf: req.query.as_of,
        buf,
        fileName,
        principal: p,
      });
      req.log.info({ importId: result.importId, rows: result.rows, unchanged: result.unchanged }, 'register imported');
      return result;
    },
  });

  r.get('/register', {
    config: { access: access.readers },
    schema: {
      tags: ['register'],
      summary: 'Institutions and offices of the register, filtered by municipality, type and role flag',
      operationId: 'listRegister',
      querystring: RegisterQuery,
      response: { 200: z.array(RegisterEntry) },
    },
    handler: async (req) => {
      const q = req.query;
      const prefecture = defaultPrefecture(principalOf(req), q.prefecture ?? q.municipality?.slice(0, 2));
      return register.list({ prefecture, period: q.period, municipality: q.municipality, type: q.type, flag: q.flag });
    },
  });

  r.get('/register/counts', {
    config: { access: access.readers },
    schema: {
      tags: ['register'],
      summary: 'Counts by municipality, type and role flag (the register.* measures)',
      operationId: 'getRegisterCounts',
      querystring: RegisterQuery.pick({ prefecture: true, period: true }),
      response: { 200: RegisterCounts },
    },
    handler: async (req) => register.counts(defaultPrefecture(principalOf(req), req.query.prefecture), req.query.period),
  });

  r.get('/register/imports', {
    config: { access: access.analysts },
    schema: {
      tags: ['register'],
      summary: 'Every register file loaded, oldest first: who, when, file, hash, status (the history)',
      operationId: 'listRegisterImports',
      querystring: RegisterImportsQuery,
      response: { 200: z.array(RegisterImport) },
    },
    handler: async (req) => register.imports(defaultPrefecture(principalOf(req), req.query.prefecture), req.query.period),
  });

  r.get('/register/imports/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['register'],
      summary: 'One register import: who, when, file, hash, status and the municipalities it holds in force',
      operationId: 'getRegisterImport',
      params: RegisterImportParams,
      response: { 200: RegisterImport },
    },
    handler: async (req) => register.getImport(req.params.id, principalOf(req)),
  });

  r.delete('/register/imports/:id', {
    config: { access: access.analysts },
    schema: {
      tags: ['register'],
      summary: 'Retract a register import: the previous version of each municipality it held becomes current again',
      description:
        'The entries of the import leave the register; for each (period, municipality) it held in force, the newest earlier import of a live file is in force again (or none). The register.* measures and the prefecture’s indicators follow. Retracting a retracted import changes nothing. Another prefecture’s import is 404.',
      operationId: 'retractRegisterImport',
      params: RegisterImportParams,
      response: { 200: RegisterRetraction },
    },
    handler: async (req) => {
      const body = await register.retract(req.params.id, principalOf(req));
      req.log.info({ importId: body.id, warnings: body.warnings }, 'register import retracted');
      return body;
    },
  });
}
