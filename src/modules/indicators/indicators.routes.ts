import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertPrefecture, defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { ForbiddenError } from '../../shared/errors.js';
import { access, type Principal } from '../auth/auth.types.js';
import { audienceOf } from '../publication/audience.js';
import { LEVELS, type Level } from './engine/types.js';
import {
  IndicatorDefinition,
  DefinitionQuery,
  IndicatorParams,
  IndicatorsQuery,
  IndicatorValues,
  ValuesQuery,
} from './indicators.schemas.js';
import { indicatorValuesCsv } from './indicators.csv.js';
import { notModified, readerParts, type Freshness } from '../freshness/freshness.js';
import type { PrefectureIndicators } from './indicators.per-prefecture.js';
import { problemDetails } from '../../shared/messages.js';

const AGGREGATES: readonly Level[] = ['prefecture', 'area', 'insurer'];

/**
 * Viewer keys read aggregates only; municipality keys aggregates and their own municipality;
 * analysts and admins every level.
 */
function levelsFor(p: Principal, level?: Level): readonly Level[] {
  if (p.role === 'municipality') return level ? [level] : LEVELS;
  if (p.role !== 'viewer') return level ? [level] : LEVELS;
  if (level === 'municipality') {
    throw new ForbiddenError(problemDetails.aggregatesOnly(p.role));
  }
  return level ? [level] : AGGREGATES;
}

/** Whose catalogue to show: the requested prefecture's, else the key's, else the standard one. */
function catalogueOf(p: Principal, requested?: string): string | null {
  if (requested) assertPrefecture(p, requested);
  return requested ?? p.prefectureCode;
}

/** Indicator definitions and values; values honour the key's prefecture and role. */
export async function indicatorsRoutes(
  app: FastifyInstance,
  opts: { indicators: PrefectureIndicators; freshness: Freshness },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { indicators, freshness } = opts;

  r.get('/indicators', {
    config: { access: access.readers },
    schema: {
      tags: ['indicators'],
      summary: 'Indicator definitions, of the whole catalogue or of one logic model',
      querystring: IndicatorsQuery,
      response: { 200: z.array(IndicatorDefinition) },
    },
    handler: async (req) => indicators.definitions(req.query.model, catalogueOf(principalOf(req), req.query.prefecture)),
  });

  r.get('/indicators/:id', {
    config: { access: access.readers },
    schema: {
      tags: ['indicators'],
      summary: 'One indicator definition',
      params: IndicatorParams,
      querystring: DefinitionQuery,
      response: { 200: IndicatorDefinition },
    },
    handler: async (req) => indicators.definition(req.params.id, catalogueOf(principalOf(req), req.query.prefecture)),
  });

  r.get('/indicators/:id/values', {
    config: { access: access.readers, csv: indicatorValuesCsv, errors: [304] },
    schema: {
      tags: ['indicators'],
      summary: 'Values of one indicator for a period, per municipality, area, insurer and the prefecture',
      description:
        'Disclosure control is applied: a suppressed unit carries no numerator, denominator, value or interval. ' +
        'Aggregates are computed from summed numerators and denominators; coverage says how many members contributed. ' +
        'Viewer keys read aggregates only; municipality keys the aggregates and their own municipality, and neither reads an aggregate of fewer than two contributing municipalities (e.g. a single-municipality insurer): it is suppressed for them. ' +
        'Every suppressed unit says only `suppressed`, whatever hid it. A planned indicator answers status planned with no values. ' +
        'The answer carries an ETag derived from the prefecture’s data version: sent back in If-None-Match, it is answered 304 Not Modified (no body) until a write changes the data.',
      params: IndicatorParams,
      querystring: ValuesQuery,
      response: { 200: IndicatorValues },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const levels = levelsFor(p, req.query.level);
      const prefecture = defaultPrefecture(p, req.query.prefecture);
      const version = await freshness.version(req, prefecture);
      const etag = freshness.etag(version, readerParts(req, prefecture, p));
      if (notModified(req, reply, etag)) return reply;
      const result = await indicators.values({
        indicator: req.params.id,
        prefecture,
        period: req.query.period,
        levels,
        version,
        audience: audienceOf(p.role),
      });
      if (p.role !== 'municipality') return result;
      // A municipality key sees its own municipality's row, never its neighbours'.
      return {
        ...result,
        values: result.values.filter((v) => v.level !== 'municipality' || v.code === p.municipalityCode),
      };
    },
  });
}
