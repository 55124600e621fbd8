import { z } from 'zod';
import { prefectureCode } from '../regions/regions.schemas.js';

/** The chart kinds. */
export const CHART_KINDS = ['comparison', 'funnel', 'trend', 'profile', 'logic-model'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export const ChartKindParam = z.object({
  kind: z
    .enum(CHART_KINDS)
    .describe(
      'comparison: one indicator, every municipality (or area) as bars with 95 % CI; funnel: value against denominator with 95 %/99.8 % limits; trend: one indicator for one unit over the periods; profile: every indicator of the model for one unit (spine chart); logic-model: the model tree coloured by status',
    ),
});

/** What a chart shows: stored as they are in an embed link. */
export const ChartParams = z
  .object({
    period: z.coerce
      .number()
      .int()
      .min(1900)
      .max(2200)
      .describe('Period: survey wave (fiscal year) or statistics year'),
    prefecture: prefectureCode.optional().describe('Prefecture (default: the key’s own)'),
    indicator: z.string().min(1).optional().describe('Indicator id (comparison, funnel, trend)'),
    level: z
      .enum(['municipality', 'area'])
      .default('municipality')
      .describe(
        'comparison, funnel: compare municipalities or areas (圏域); viewer keys and embed links read areas only',
      ),
    area: z
      .string()
      .min(1)
      .optional()
      .describe(
        'comparison: only this area’s municipalities; trend, profile, logic-model: draw this area (二次医療圏)',
      ),
    municipality: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('trend, profile, logic-model: draw this municipality (default: the area, else the prefecture)'),
    model: z.string().min(1).optional().describe('Logic model id (profile, logic-model; default: the prefecture’s)'),
    targetYear: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .describe('Judge against the targets of this year'),
    around: z
      .enum(['prefecture', 'target'])
      .default('prefecture')
      .describe('funnel: centre on the prefecture value or the prefecture’s target'),
    from: z.coerce
      .number()
      .int()
      .min(1900)
      .max(2200)
      .optional()
      .describe('trend: first period to look at (default: 9 before `period`; periods without data are left out)'),
  })
  .meta({ id: 'ChartParams' });
export type ChartParamsDto = z.infer<typeof ChartParams>;

/** Picture size: the whole chart in CSS pixels; scale multiplies a PNG's pixels. */
export const RenderSizeQuery = z.object({
  width: z.coerce
    .number()
    .int()
    .min(200)
    .max(4000)
    .optional()
    .describe('Width of the whole chart in pixels (default per kind)'),
  height: z.coerce
    .number()
    .int()
    .min(150)
    .max(6000)
    .optional()
    .describe('Height of the whole chart in pixels (default per kind)'),
  scale: z.coerce
    .number()
    .min(0.5)
    .max(4)
    .optional()
    .describe('PNG pixel ratio (default 1; 2 for sharp print). A PNG of more than 40 million pixels (width × height × scale²) is refused with 400'),
});

export const CHART_FORMATS = ['json', 'svg', 'png', 'html'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export const ChartQuery = ChartParams.extend(RenderSizeQuery.shape).extend({
  format: z
    .enum(CHART_FORMATS)
    .default('json')
    .describe(
      'json: the Vega-Lite spec (default); svg, png: rendered by the server; html: a page drawing the spec with vega-embed',
    ),
});
