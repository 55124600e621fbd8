import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assertMunicipality, assertPrefecture, defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { access, type Access } from '../auth/auth.types.js';
import {
  CodeParams,
  IdParams,
  IndicatorGapsQuery,
  MunicipalityGapsQuery,
  PrioritiesQuery,
} from './gaps.schemas.js';
import { AggregateGaps, IndicatorGaps, Priorities } from './views.schemas.js';
import { PrefectureParams } from '../regions/regions.schemas.js';
import type { GapsService } from './gaps.service.js';
import { MunicipalityReport } from './pdca-section.js';
import type { Serialized } from './result-cache.js';
import { aggregateGapsCsv, indicatorGapsCsv, municipalityGapsCsv, prioritiesCsv } from './gaps.csv.js';
import { notModified, readerParts, type Freshness } from '../freshness/freshness.js';
import type { Principal } from '../auth/auth.types.js';

/**
 * Sends a body already checked against the route's schema and serialised once (result-cache.ts):
 * its UTF-8 bytes are sent as they are, so a repeated report costs neither re-validation nor encoding.
 */
const sendJson = (reply: FastifyReply, s: Serialized<unknown>) =>
  reply.type('application/json; charset=utf-8').send(s.json);

/** Said in every gap route's description. */
const CONDITIONAL =
  ' The answer carries an ETag derived from the prefecture’s data version: sent back in If-None-Match, it is answered 304 Not Modified (no body) until a write changes the data.';

/**
 * A gap is a municipality-level value: analysts read every municipality of their prefecture,
 * municipality keys their own (with the area and prefecture values it is compared with); viewer
 * keys read aggregates only, through the indicators API, and are refused here.
 */
const gapReaders: Access = { roles: ['admin', 'analyst', 'municipality'] };

/** A municipality key sees its own municipality only; every other reader sees all of its prefecture. */
const ownOnly = (p: { role: string; municipalityCode: string | null }) =>
  p.role === 'municipality' ? (p.municipalityCode ?? '') : undefined;

/** Gap routes: a municipality's report, one indicator across the prefecture, aggregates and priorities. */
export async function gapsRoutes(app: FastifyInstance, opts: { gaps: GapsService; freshness: Freshness }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { gaps, freshness } = opts;

  /**
   * Reads the prefecture's data version once for the request, answers 304 when the client holds
   * this version's answer, else sends the one computed (or cached) at that version.
   */
  async function serve(
    req: FastifyRequest,
    reply: FastifyReply,
    prefecture: string,
    p: Principal,
    compute: (version: number) => Promise<Serialized<unknown>>,
  ) {
    const version = await freshness.version(req, prefecture);
    const etag = freshness.etag(version, readerParts(req, prefecture, p));
    if (notModified(req, reply, etag)) return reply;
    return sendJson(reply, await compute(version));
  }

  r.get('/municipalities/:code/gaps', {
    config: { access: gapReaders, csv: municipalityGapsCsv, errors: [304] },
    schema: {
      tags: ['gaps'],
      summary: 'Where a municipality stands on every indicator of the model, and why',
      description:
        'For every indicator of the model: value and 95 % CI, the target and where it came from (own → area → prefecture), the signed gap (positive = shortfall), achievement, status, comparison with its area and the prefecture, change since the previous period with its significance, and for a shortfall the upstream path on the logic model (要因分析). Suppressed values carry no numbers. Municipality keys read their own municipality only.' +
        CONDITIONAL,
      params: CodeParams,
      querystring: MunicipalityGapsQuery,
      response: { 200: MunicipalityReport },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      assertMunicipality(p, req.params.code);
      return serve(req, reply, req.params.code.slice(0, 2), p, (version) =>
        gaps.municipalityGaps({ code: req.params.code, ...req.query, version }),
      );
    },
  });

  r.get('/indicators/:id/gaps', {
    config: { access: gapReaders, csv: indicatorGapsCsv, errors: [304] },
    schema: {
      tags: ['gaps'],
      summary: 'One indicator across the prefecture: every municipality’s gap, with funnel-plot data',
      description:
        'Funnel limits (95 % and 99.8 %) around the prefecture value or the prefecture’s target, by denominator: score (Wilson) limits for proportions, Byar’s limits for rates; none for DSRs, ratios and counts. A municipality key gets its own row and point only.' +
        CONDITIONAL,
      params: IdParams,
      querystring: IndicatorGapsQuery,
      response: { 200: IndicatorGaps },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const q = req.query;
      const prefecture = defaultPrefecture(p, q.prefecture);
      return serve(req, reply, prefecture, p, (version) =>
        gaps.indicatorGaps({
          indicator: req.params.id,
          prefecture,
          period: q.period,
          targetYear: q.targetYear,
          around: q.funnel,
          only: ownOnly(p),
          version,
        }),
      );
    },
  });

  r.get('/prefectures/:pref/gaps', {
    config: { access: access.readers, csv: aggregateGapsCsv, errors: [304] },
    schema: {
      tags: ['gaps'],
      summary: 'The prefecture and each area (圏域) against their own targets: the aggregate gaps every reader may see',
      description:
        'An area is judged against its own target, else the prefecture’s (a count against its own only), and compared with the prefecture. Suppressed aggregates carry no numbers.' +
        CONDITIONAL,
      params: PrefectureParams,
      querystring: MunicipalityGapsQuery,
      response: { 200: AggregateGaps },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      assertPrefecture(p, req.params.pref);
      return serve(req, reply, req.params.pref, p, (version) =>
        gaps.aggregateGaps({ prefecture: req.params.pref, ...req.query, version }),
      );
    },
  });

  r.get('/gaps/priorities', {
    config: { access: gapReaders, csv: prioritiesCsv, errors: [304] },
    schema: {
      tags: ['gaps'],
      summary:
        'Municipality × indicator shortfalls ranked for 課題抽出: significant first, then by standardised distance',
      description: 'Shortfalls only, of the key’s prefecture (a municipality key: its own).' + CONDITIONAL,
      querystring: PrioritiesQuery,
      response: { 200: Priorities },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const { prefecture: requested, ...q } = req.query;
      const prefecture = defaultPrefecture(p, requested);
      return serve(req, reply, prefecture, p, (version) =>
        gaps.priorities({ ...q, prefecture, only: ownOnly(p), version }),
      );
    },
  });
}
