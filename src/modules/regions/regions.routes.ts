import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMunicipality, assertPrefecture, principalOf } from '../../plugins/auth.js';
import { access } from '../auth/auth.types.js';
import {
  Area,
  Municipality,
  MunicipalityParams,
  MunicipalityQuery,
  Prefecture,
  PrefectureParams,
  RegionImportQuery,
  RegionImportResult,
} from './regions.schemas.js';
import type { RegionsService } from './regions.service.js';

export async function regionsRoutes(app: FastifyInstance, opts: { regions: RegionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { regions } = opts;

  r.get('/prefectures', {
    config: { access: access.readers },
    schema: { tags: ['regions'], summary: 'List prefectures', response: { 200: z.array(Prefecture) } },
    handler: async () => regions.listPrefectures(),
  });

  r.get('/prefectures/:pref/areas', {
    config: { access: access.readers },
    schema: {
      tags: ['regions'],
      summary: 'List the areas (圏域) of a prefecture',
      params: PrefectureParams,
      response: { 200: z.array(Area) },
    },
    handler: async (req) => {
      assertPrefecture(principalOf(req), req.params.pref);
      return regions.listAreas(req.params.pref);
    },
  });

  r.get('/municipalities', {
    config: { access: access.readers },
    schema: {
      tags: ['regions'],
      summary: 'List municipalities, by prefecture and area',
      querystring: MunicipalityQuery,
      response: { 200: z.array(Municipality) },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const pref = req.query.prefecture ?? p.prefectureCode ?? undefined;
      if (pref) assertPrefecture(p, pref);
      return regions.listMunicipalities(pref, req.query.area);
    },
  });

  r.get('/municipalities/:code', {
    config: { access: access.readers },
    schema: {
      tags: ['regions'],
      summary: 'One municipality',
      params: MunicipalityParams,
      response: { 200: Municipality },
    },
    handler: async (req) => {
      const m = await regions.getMunicipality(req.params.code);
      assertPrefecture(principalOf(req), m.prefecture);
      return m;
    },
  });

  r.post('/regions/import', {
    config: { access: access.admin },
    schema: {
      tags: ['regions'],
      summary: "Load a prefecture's municipality master (CSV body), all or nothing",
      description:
        'Body: text/csv in the shape of okinawa-municipalities.csv (code,name,medical_area,welfare_area,insurer,insurer_confirmed), with a prefecture column or ?prefecture=. ' +
        'Answers 201 when stored, 200 when the same content was already loaded, 422 problem+json with row errors otherwise.',
      querystring: RegionImportQuery,
      consumes: ['text/csv'],
      response: { 200: RegionImportResult, 201: RegionImportResult },
    },
    handler: async (req, reply) => {
      const body = req.body as Buffer | undefined;
      const { created, result } = await regions.importMaster(
        Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? '')),
        req.query.prefecture,
        principalOf(req).keyId,
      );
      req.log.info({ prefecture: result.prefecture, rows: result.rows, created }, 'region master import');
      return reply.code(created ? 201 : 200).send(result);
    },
  });

  // A municipality key reads its own municipality only; used by later modules.
  void assertMunicipality;
}
