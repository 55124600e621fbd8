import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultPrefecture, principalOf } from '../../plugins/auth.js';
import type { Db } from '../../db/client.js';
import { access } from '../auth/auth.types.js';
import { measuresService } from './measures.service.js';

const MeasureQuery = z.object({
  measure: z.string().optional().describe('Measure id, or a prefix such as needs.motor'),
  wave: z.coerce.number().int().optional().describe('Period: survey wave or statistics year'),
  municipality: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Municipality code'),
  prefecture: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('Prefecture (defaults to the key’s own)'),
  source: z.string().optional().describe('needs | homecare | residence | workforce | reference'),
});

const Measure = z
  .object({
    measure: z.string().describe('Measure id'),
    municipality: z.string().describe('Municipality code'),
    prefecture: z.string().describe('Prefecture code'),
    period: z.number().int().describe('Wave or statistics year'),
    sex: z.number().int().describe('0 = all, 1 男, 2 女'),
    ageBand: z.number().int().describe('0 = all, else the age band code'),
    value: z.number().describe('Count or sum'),
    source: z.string().describe('Where it comes from'),
    computedAt: z.string().describe('When it was computed or loaded'),
  })
  .meta({ id: 'Measure' });

/** Measures are aggregates (counts and sums per municipality), never a respondent's row. */
export async function measuresRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/measures', {
    config: { access: access.analysts },
    schema: {
      tags: ['measures'],
      summary: 'Measures per municipality and period — UNSUPPRESSED, for the prefecture’s own analysts only',
      description:
        'Unsuppressed counts (no disclosure control) for the prefecture’s own analysts, who hold the microdata anyway: never publish them. ' +
        'Everything published — indicator values, gaps, charts, workbooks, CSV — goes through the indicators’ values, which apply disclosure control (docs/disclosure.md).',
      querystring: MeasureQuery,
      response: { 200: z.array(Measure) },
    },
    handler: async (req) => {
      const prefecture = defaultPrefecture(principalOf(req), req.query.prefecture ?? req.query.municipality?.slice(0, 2));
      const rows = await measuresService.find(opts.db, {
        prefecture,
        measure: req.query.measure,
        period: req.query.wave,
        municipality: req.query.municipality,
        source: req.query.source,
      });
      return rows.map((m) => ({
        measure: m.measure,
        municipality: m.municipality_code,
        prefecture: m.prefecture_code,
        period: m.period,
        sex: m.sex,
        ageBand: m.age_band,
        value: m.value,
        source: m.source,
        computedAt: new Date(m.computed_at).toISOString(),
      }));
    },
  });
}
