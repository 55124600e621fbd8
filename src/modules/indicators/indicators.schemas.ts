import { z } from 'zod';
import { LEVELS } from './engine/types.js';

const prefectureCode = z.string().regex(/^\d{2}$/);

export const Interval = z
  .object({
    lower: z.number().describe('Lower limit, on the value’s scale'),
    upper: z.number().describe('Upper limit, on the value’s scale'),
  })
  .meta({ id: 'Interval' });

export const IndicatorUnitValue = z
  .object({
    level: z.enum(LEVELS).describe('municipality, area (圏域), insurer (保険者) or prefecture'),
    code: z.string().describe('Municipality or prefecture code; area or insurer name'),
    name: z.string().describe('Name of the unit'),
    status: z
      .enum(['shown', 'suppressed', 'not_shown', 'no_data'])
      .describe('shown; suppressed by disclosure control; not_shown for statistical reasons (reason); no_data'),
    statusLabel: z.string().describe('Status in Japanese (表示, 秘匿, 非表示, データなし)'),
    levelLabel: z.string().describe('Level in Japanese (市町村, 圏域, 保険者, 都道府県)'),
    suppressed: z.boolean().describe('True when disclosure control hides the value: no numbers are given then'),
    reason: z
      .string()
      .nullable()
      .describe(
        'Why there is no value: suppressed (disclosure control, whatever the cause: a finer reason would disclose more than the rule); dsr_count_below_minimum, zero_denominator, no_standard_population, inconsistent_strata; not_standardisable (a directly standardised rate whose population or events are given as totals only, without sex × age strata, here or in a member municipality)',
      ),
    reasonLabel: z.string().nullable().describe('The reason in Japanese; null without a reason'),
    numerator: z.number().nullable().describe('Σ numerator terms (weighted for needs-survey rates; events for a DSR)'),
    denominator: z.number().nullable().describe('Σ denominator terms (population for a DSR); null for counts'),
    value: z
      .number()
      .nullable()
      .describe(
        'numerator ÷ denominator × factor ÷ divisor (a DSR: the standardised rate); full precision for computing with it, at most 15 significant digits (no binary-float noise). For a label use `display`.',
      ),
    ci95: Interval.nullable().describe('95 % confidence interval, when the indicator has one'),
    ci998: Interval.nullable().describe('99.8 % confidence interval, when the indicator has one'),
    display: z
      .object({
        value: z.string().describe('The value rounded half up (四捨五入) to the unit’s decimals: percent, per 10,000 and years 1, yen and counts 0, ratios 2'),
        ci95: z.string().nullable().describe('The 95 % CI as “lower–upper”, rounded alike'),
      })
      .nullable()
      .describe('The value as a label or table shows it (docs/numbers.md); null without a value'),
    undecidable: z.number().nullable().describe('判定不能: respondents for whom the flag could not be decided'),
    coverage: z
      .object({
        contributing: z.number().int().describe('Member municipalities with data'),
        members: z.number().int().describe('Member municipalities'),
      })
      .describe('How many member municipalities contributed (a municipality is its own one member)'),
    provenance: z
      .object({
        uploads: z.array(z.string()).describe('Upload ids of the current input versions behind the value'),
        ruleVersion: z.string().describe('rule_version of the indicator definition that produced it'),
      })
      .describe('What produced the value'),
  })
  .meta({ id: 'IndicatorUnitValue' });

export const IndicatorValues = z
  .object({
    indicator: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    unit: z.string().nullable().describe('percent, per_10k, yen_per_month, years or count'),
    unitLabel: z.string().nullable().describe('The unit as printed: ％, 件/1万人, 円/月, 歳, 件'),
    status: z.enum(['active', 'planned']).describe('planned indicators have no values yet (未測定)'),
    prefecture: prefectureCode.describe('Prefecture code'),
    period: z.number().int().describe('Period: survey wave (fiscal year) or statistics year'),
    computedAt: z.string().nullable().describe('When the values were computed'),
    values: z.array(IndicatorUnitValue).describe('One entry per unit, in level order then master order'),
  })
  .meta({ id: 'IndicatorValues' });

const Term = z
  .object({
    measure: z.string().describe('Measure id'),
    sign: z.number().int().describe('1 added, -1 subtracted'),
  })
  .meta({ id: 'IndicatorTerm' });

export const IndicatorDefinition = z
  .object({
    id: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    status: z.enum(['active', 'planned']).describe('active, or planned (no data source yet)'),
    kind: z.string().nullable().describe('proportion, rate, dsr, ratio or count'),
    unit: z.string().nullable().describe('percent, per_10k, yen_per_month, years or count'),
    unitLabel: z.string().nullable().describe('The unit as printed: ％, 件/1万人, 円/月, 歳, 件'),
    numerator: z.array(Term).nullable().describe('Numerator terms, summed'),
    denominator: z.array(Term).nullable().describe('Denominator terms, summed (none for counts)'),
    factor: z.number().describe('Multiplier (100 for %, 10,000 per 10,000)'),
    divisor: z.number().describe('Divisor (12 turns a yearly sum into a monthly one)'),
    direction: z.string().nullable().describe('higher_is_better, lower_is_better or none'),
    directionLabel: z.string().nullable().describe('The direction in Japanese (高い方が良い, 低い方が良い, 方向なし)'),
    ci: z.string().nullable().describe('wilson, wilson_weighted, byar, dsr_dobson or none'),
    disclosure: z
      .object({
        minDenominator: z.number().describe('Suppressed below this denominator'),
        smallCountMin: z.number().nullable().describe('Suppressed when the numerator lies in [min, max]'),
        smallCountMax: z.number().nullable().describe('Upper end of the small-count range'),
      })
      .nullable()
      .describe('Disclosure rule in force; null = never suppressed (public registers)'),
    standard: z.string().nullable().describe('Standard population of a DSR'),
    undecidable: z.string().nullable().describe('Measure reported beside the value as 判定不能'),
    sources: z.array(z.string()).describe('Data sources feeding it: needs, homecare, residence, workforce, reference'),
    source: z.string().nullable().describe('Where the data come from (Japanese)'),
    note: z.string().nullable().describe('Notes on the definition'),
    ruleVersion: z.string().describe('Version of this definition'),
  })
  .meta({ id: 'IndicatorDefinition' });

export const IndicatorsQuery = z.object({
  model: z.string().optional().describe('Only the indicators placed on this logic model (e.g. okinawa-2026)'),
  prefecture: prefectureCode
    .optional()
    .describe('Whose catalogue: the standard indicators plus those its logic model defines (defaults to the key’s own)'),
});

export const DefinitionQuery = IndicatorsQuery.pick({ prefecture: true });

export const IndicatorParams = z.object({ id: z.string().describe('Indicator id') });

export const ValuesQuery = z.object({
  period: z.coerce.number().int().min(1900).max(2200).describe('Period: survey wave (fiscal year) or statistics year'),
  level: z.enum(LEVELS).optional().describe('One level only; default every level the key may read'),
  prefecture: prefectureCode.optional().describe('Prefecture (defaults to the key’s own)'),
});

export type IndicatorUnitValueDto = z.infer<typeof IndicatorUnitValue>;
export type IndicatorValuesDto = z.infer<typeof IndicatorValues>;
export type IndicatorDefinitionDto = z.infer<typeof IndicatorDefinition>;
