import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultPrefecture, principalOf } from '../../plugins/auth.js';
import { ForbiddenError } from '../../shared/errors.js';
import { access, type Principal } from '../auth/auth.types.js';
import { LEVELS, type Level } from './engine/types.js';
import {
  IndicatorDefinition,
  IndicatorParams,
  IndicatorsQuery,
  IndicatorValues,
  ValuesQuery,
} from './indicators.schemas.js';
import type { IndicatorsService } from './indicators.service.js';
import { indicatorValuesCsv } from './indicators.csv.js';
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

/** Indicator definitions and values; values honour the key's prefecture and role. */
export async function indicatorsRoutes(app: FastifyInstance, opts: { indicators: IndicatorsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { indicators } = opts;

  r.get('/indicators', {
    config: { access: access.readers },
    schema: {
      tags: ['indicators'],
      summary: 'Indicator definitions, of the whole catalogue or of one logic model',
      querystring: IndicatorsQuery,
      response: { 200: z.array(IndicatorDefinition) },
    },
    handler: async (req) => indicators.definitions(req.query.model),
  });

  r.get('/indicators/:id', {
    config: { access: access.readers },
    schema: {
      tags: ['indicators'],
      summary: 'One indicator definition',
      params: IndicatorParams,
      response: { 200: IndicatorDefinition },
    },
    handler: async (req) => indicators.definition(req.params.id),
  });

  r.get('/indicators/:id/values', {
    config: { access: access.readers, csv: indicatorValuesCsv },
    schema: {
      tags: ['indicators'],
      summary: 'Values of one indicator for a period, per municipality, area, insurer and the prefecture',
      description:
        'Disclosure control is applied: a suppressed unit carries no numerator, denominator, value or interval. ' +
        'Aggregates are computed from summed numerators and denominators; coverage says how many members contributed. ' +
        'Viewer keys read aggregates only; municipality keys the aggregates and their own municipality. A planned indicator answers status planned with no values.',
      params: IndicatorParams,
      querystring: ValuesQuery,
      response: { 200: IndicatorValues },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const levels = levelsFor(p, req.query.level);
      const prefecture = defaultPrefecture(p, req.query.prefecture);
      const result = await indicators.values({
        indicator: req.params.id,
        prefecture,
        period: req.query.period,
        levels,
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
