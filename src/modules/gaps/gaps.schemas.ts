import { z } from 'zod';
import { municipalityCode, prefectureCode } from '../regions/regions.schemas.js';
import { GAP_STATUSES } from './gaps.types.js';

const period = z.coerce
  .number()
  .int()
  .min(1900)
  .max(2200)
  .describe('Period: survey wave (fiscal year) or statistics year');
const targetYear = z.coerce
  .number()
  .int()
  .min(2000)
  .max(2100)
  .optional()
  .describe(
    'Judge against the targets of this year (default: each indicator’s next target year at or after the period)',
  );
const num = (d: string) => z.number().nullable().describe(d);

export const GapStatusSchema = z
  .enum(GAP_STATUSES as [string, ...string[]])
  .describe(
    'achieved | not_achieved_significant (the whole 95 % CI on the wrong side of the target) | not_achieved_not_significant (the CI contains the target) | not_achieved (no CI: counts and ratios of sums, significance not judged) | suppressed (disclosure control) | not_shown (withheld for a statistical reason, see `reason`) | no_data | no_target | not_yet_measurable (planned indicator). The same words as the values endpoint uses for suppressed / not_shown / no_data.',
  );
const Comparison = z
  .enum(['better', 'similar', 'worse', 'higher', 'lower'])
  .nullable()
  .describe(
    'Fingertips: comparator outside / inside the 95 % CI (null: not compared — no CI, or a value missing or suppressed)',
  );

const ComparisonLabel = z.string().nullable().describe('The result in Japanese (良い, 差なし, 悪い, 高い, 低い); null when not compared');

export const GapValue = z
  .object({
    value: z
      .number()
      .describe('Value on the indicator’s scale: full precision, at most 15 significant digits (no binary-float noise)'),
    lower: num('95 % lower limit'),
    upper: num('95 % upper limit'),
    sampleSize: num(
      'n behind the value (effective n for weighted survey rates, to one decimal; population for rates)',
    ),
    display: z
      .object({
        value: z.string().describe('The value rounded half up (四捨五入) to the unit’s decimals: percent, per 10,000 and years 1, yen and counts 0, ratios 2'),
        ci95: z.string().nullable().describe('The 95 % CI as “lower–upper”, rounded alike'),
      })
      .describe('The value as a label or table shows it (docs/numbers.md)'),
  })
  .meta({ id: 'GapValue' });

export type GapValueDto = z.infer<typeof GapValue>;

export const AppliedTarget = z
  .object({
    id: z.string().uuid().describe('Target id'),
    value: z.number().describe('Target value'),
    source: z
      .enum(['municipality', 'area', 'prefecture'])
      .describe('Where it came from: own, its area’s, or the prefecture’s'),
    targetYear: z.number().int().describe('Target year'),
    baselineYear: z.number().int().nullable().describe('Baseline year (null for an inherited target: a baseline belongs to the unit it was set for)'),
    baselineValue: num('Baseline value (null for an inherited target, so progress is never measured from another unit’s start)'),
  })
  .meta({ id: 'AppliedTarget' });

export const GapTrend = z
  .object({
    previousPeriod: z.number().int().nullable().describe('The period compared with'),
    change: z.number().describe('Current − previous, on the indicator’s scale'),
    assessment: z.enum(['better', 'worse', 'higher', 'lower', 'same']).describe('By the indicator’s direction'),
    assessmentLabel: z.string().describe('The assessment in Japanese (改善, 悪化, 上昇, 低下, 変化なし)'),
    z: num('Test statistic'),
    significant: z.boolean().nullable().describe('Two-sided 5 %; null when no test applies (counts, ratios)'),
    test: z.enum(['two_proportion_z', 'poisson_rate_z', 'ci_normal', 'none']).describe('Which test'),
  })
  .meta({ id: 'GapTrend' });

export const UpstreamNode = z
  .object({
    node: z.string().describe('Logic-model node id (its level and title are in the report’s `nodes`)'),
    indicators: z
      .array(
        z.object({
          id: z.string().describe('Indicator id'),
          role: z.enum(['main', 'supporting']).describe('The node’s own or a supporting indicator'),
          status: GapStatusSchema,
          gap: num('Its gap in the same municipality'),
        }),
      )
      .describe('Its indicators with their own standing (none for activities)'),
  })
  .meta({ id: 'UpstreamNode' });

export const GapIndicator = z
  .object({
    indicator: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    unit: z.string().nullable().describe('percent, per_10k, …'),
    unitLabel: z.string().nullable().describe('The unit as printed: ％, 件/1万人, 円/月, 歳, 件'),
    direction: z.string().nullable().describe('higher_is_better, lower_is_better or none'),
    directionLabel: z.string().nullable().describe('The direction in Japanese'),
    nodes: z
      .array(
        z.object({ node: z.string().describe('Node id'), role: z.enum(['main', 'supporting']).describe('Role there') }),
      )
      .describe('Where it sits on the model'),
    status: GapStatusSchema,
    statusLabel: z.string().describe('Status in Japanese'),
    reason: z
      .string()
      .nullable()
      .describe('Why the value is withheld when status is not_shown (as in the values endpoint, e.g. dsr_count_below_minimum, not_standardisable); else null'),
    reasonLabel: z.string().nullable().describe('The reason in Japanese; null without a reason'),
    period: z
      .number()
      .int()
      .nullable()
      .describe(
        'Period of the value: the requested one or the latest of the 3 before with data (survey waves and statistics years differ); null without data',
      ),
    value: GapValue.nullable().describe('null when suppressed, missing or not yet measurable'),
    target: AppliedTarget.nullable(),
    gap: num('Signed so that a positive gap is a shortfall whatever the direction'),
    achievementRatio: num(
      '達成率: value ÷ target (higher is better) or target ÷ value (lower is better); ≥ 1 = achieved',
    ),
    progressRatio: num('(value − baseline) ÷ (target − baseline)'),
    comparison: z
      .object({
        area: z
          .object({ value: num('Area (圏域) value'), result: Comparison, resultLabel: ComparisonLabel })
          .describe('Against its area'),
        prefecture: z
          .object({ value: num('Prefecture value'), result: Comparison, resultLabel: ComparisonLabel })
          .describe('Against the prefecture'),
      })
      .describe('Comparisons'),
    trend: GapTrend.nullable().describe('Change since the previous period with data'),
    upstream: z
      .array(UpstreamNode)
      .nullable()
      .describe('For a shortfall: the branch below it on the logic model (要因分析)'),
  })
  .meta({ id: 'GapIndicator' });

export const MunicipalityRef = z
  .object({ code: municipalityCode, name: z.string().describe('Name'), area: z.string().describe('二次医療圏') })
  .meta({ id: 'MunicipalityRef' });

export const MunicipalityGaps = z
  .object({
    municipality: MunicipalityRef,
    model: z.string().describe('Logic model id'),
    period: z.number().int().describe('Period'),
    summary: z.record(z.string(), z.number().int()).describe('Indicators per status'),
    indicators: z.array(GapIndicator).describe('Every indicator of the model, in model order'),
    nodes: z
      .record(
        z.string(),
        z.object({
          level: z.string().describe('final, field, intermediate, initial or activity'),
          title: z.string().describe('Node title'),
        }),
      )
      .describe('Level and title of every model node the report names (once, not in every path)'),
  })
  .meta({ id: 'MunicipalityGaps' });

export const MunicipalityGapsQuery = z.object({
  model: z.string().optional().describe('Logic model id (default: the prefecture’s)'),
  period,
  targetYear,
});
export const IndicatorGapsQuery = z.object({
  period,
  targetYear,
  prefecture: prefectureCode.optional().describe('Prefecture (default: the key’s own)'),
  funnel: z
    .enum(['prefecture', 'target'])
    .default('prefecture')
    .describe('Centre the funnel on the prefecture value or the prefecture’s target'),
});
export const PrioritiesQuery = z.object({
  model: z.string().optional().describe('Logic model id (default: the prefecture’s)'),
  period,
  targetYear,
  prefecture: prefectureCode.optional().describe('Prefecture (default: the key’s own)'),
  area: z.string().optional().describe('Only this area (二次医療圏)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(100)
    .describe('At most this many items (default 100; `total` says how many there are)'),
});
export const CodeParams = z.object({ code: z.string().describe('Municipality code') });
export const IdParams = z.object({ id: z.string().describe('Indicator id') });

export type GapIndicatorDto = z.infer<typeof GapIndicator>;
export type MunicipalityGapsDto = z.infer<typeof MunicipalityGaps>;
