import { z } from 'zod';
import { prefectureCode, municipalityCode } from '../regions/regions.schemas.js';
import { AppliedTarget, GapIndicator, GapStatusSchema, GapValue, MunicipalityRef } from './gaps.schemas.js';

/** Schemas of the prefecture-wide views: one indicator with its funnel, and the priorities. */
const num = (d: string) => z.number().nullable().describe(d);

export const FunnelData = z
  .object({
    around: z.enum(['prefecture', 'target']).describe('What the limits are centred on'),
    comparator: z.number().describe('The centre value'),
    method: z
      .enum(['score_wilson', 'byar', 'random_effects'])
      .describe(
        'Proportions: score (Wilson) limits; rates: Byar’s limits on the expected count; random_effects: limits widened for overdispersion (Spiegelhalter), when the catalogue asks for it and the data are overdispersed',
      ),
    overdispersion: z
      .object({
        phi: z.number().describe('Dispersion ratio φ (Winsorised z², mean); > 1 means more spread than chance'),
        tau2: z.number().describe('Between-municipality variance τ² on the indicator’s scale (0: none found)'),
        units: z.number().int().describe('Municipalities it was estimated from (shown values only)'),
      })
      .nullable()
      .describe('null unless the indicator allows for overdispersion (catalogue `overdispersion: random_effects`)'),
    limits: z
      .array(
        z.object({
          denominator: z.number().describe('n'),
          lower95: z.number().describe('95 % lower limit'),
          upper95: z.number().describe('95 % upper limit'),
          lower998: z.number().describe('99.8 % lower limit'),
          upper998: z.number().describe('99.8 % upper limit'),
        }),
      )
      .describe('Control limits by denominator, to draw the funnel'),
    points: z
      .array(
        z.object({
          municipality: municipalityCode,
          denominator: z.number().describe('n'),
          value: z.number().describe('Value'),
          zone: z.enum(['within', 'above_95', 'below_95', 'above_998', 'below_998']).describe('Where it lies'),
        }),
      )
      .describe('Shown municipalities only (a suppressed one shows neither value nor n)'),
  })
  .meta({ id: 'FunnelData' });

export const IndicatorGaps = z
  .object({
    indicator: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    prefecture: prefectureCode,
    period: z.number().int().describe('Period'),
    prefectureValue: num('The prefecture’s value'),
    municipalities: z
      .array(GapIndicator.extend({ municipality: MunicipalityRef }))
      .describe('Every municipality the key may read'),
    funnel: FunnelData.nullable().describe('null for DSRs, ratios and counts, or without a centre value'),
  })
  .meta({ id: 'IndicatorGaps' });

export const PriorityItem = z
  .object({
    rank: z.number().int().describe('1 = first to discuss'),
    municipality: MunicipalityRef,
    indicator: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    status: GapStatusSchema,
    statusLabel: z.string().describe('Status in Japanese'),
    value: GapValue.nullable(),
    target: AppliedTarget.nullable(),
    gap: num('Shortfall, on the indicator’s scale'),
    standardError: num('SE on the side of the shortfall'),
    standardisedDistance: num('gap ÷ SE'),
    relativeGap: num('gap ÷ |target| (orders values without a CI)'),
  })
  .meta({ id: 'PriorityItem' });

export const Priorities = z
  .object({
    model: z.string().describe('Logic model id'),
    prefecture: prefectureCode,
    area: z.string().nullable().describe('Area filter'),
    period: z.number().int().describe('Period'),
    total: z.number().int().describe('Shortfalls in all, before the limit'),
    items: z.array(PriorityItem).describe('Shortfalls: significant first, then by standardised distance'),
  })
  .meta({ id: 'Priorities' });

export type IndicatorGapsDto = z.infer<typeof IndicatorGaps>;
export type PrioritiesDto = z.infer<typeof Priorities>;

export const AggregateGaps = z
  .object({
    prefecture: prefectureCode,
    model: z.string().describe('Logic model id'),
    period: z.number().int().describe('Period'),
    units: z
      .array(
        z.object({
          level: z.enum(['prefecture', 'area']).describe('The prefecture, or an area (二次医療圏)'),
          code: z.string().describe('Prefecture code or area name'),
          indicators: z
            .array(GapIndicator)
            .describe(
              'Every indicator of the model; `comparison.area` is empty, an area is compared with the prefecture',
            ),
        }),
      )
      .describe('The prefecture first, then each area'),
  })
  .meta({ id: 'AggregateGaps' });

export type AggregateGapsDto = z.infer<typeof AggregateGaps>;
