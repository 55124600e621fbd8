/**
 * zod schemas of the three YAML files in logic-models/ (measures.yaml, indicators.yaml and one
 * file per logic model) and the types inferred from them. These describe one entry's structure
 * only; the cross-reference rules (unknown measure, cycle, …) live in the *.validate.ts files.
 */
import { z } from 'zod';

const measureId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'dotted lower-case id such as ref.deaths.home');
const indicatorId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case id such as home_death_ratio');
const nodeId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'lower-case id such as field.moderate_home');
const labelJa = z.string().min(1);

// ── measures.yaml ────────────────────────────────────────────────────────────
export const MeasureSourceSchema = z.enum(['needs', 'homecare', 'residence', 'workforce', 'reference', 'register']);
export const MeasureUnitSchema = z.enum([
  'persons',
  'cases',
  'establishments',
  'yen',
  'years',
  'weight',
  'weight_sq',
]);

export const MeasureDefSchema = z.strictObject({
  id: measureId,
  label_ja: labelJa,
  source: MeasureSourceSchema,
  unit: MeasureUnitSchema,
  stratified: z.boolean().default(false),
});

export const MeasuresFileSchema = z.strictObject({
  version: z.string().min(1),
  measures: z.array(MeasureDefSchema),
});

// ── indicators.yaml ──────────────────────────────────────────────────────────
export const IndicatorUnitSchema = z.enum(['percent', 'per_10k', 'yen_per_month', 'years', 'count']);
export const IndicatorKindSchema = z.enum(['proportion', 'rate', 'dsr', 'ratio', 'count']);
export const DirectionSchema = z.enum(['higher_is_better', 'lower_is_better', 'none']);
export const CiMethodSchema = z.enum(['wilson', 'wilson_weighted', 'byar', 'dsr_dobson', 'none']);
export const OverdispersionSchema = z.enum(['none', 'random_effects']);
export const IndicatorStatusSchema = z.enum(['active', 'planned']);
export const StratumSchema = z.enum(['sex', 'age_band']);

/** A term of a sum: a bare measure id is shorthand for `{ measure, sign: 1 }`. */
export const TermSchema = z
  .union([
    measureId,
    z.strictObject({ measure: measureId, sign: z.union([z.literal(1), z.literal(-1)]) }),
  ], { error: 'expected a measure id or { measure: <id>, sign: 1 | -1 }' })
  .transform((t) => (typeof t === 'string' ? { measure: t, sign: 1 as const } : t));
export const TermsSchema = z.array(TermSchema).min(1);

export const DisclosureRuleSchema = z
  .strictObject({
    min_denominator: z.number().int().min(0),
    small_count_min: z.number().int().min(0).optional(),
    small_count_max: z.number().int().min(0).optional(),
  })
  .refine((r) => (r.small_count_min === undefined) === (r.small_count_max === undefined), {
    message: 'small_count_min and small_count_max go together',
  })
  .refine((r) => r.small_count_min === undefined || r.small_count_min <= (r.small_count_max ?? Infinity), {
    message: 'small_count_min must not exceed small_count_max',
  });
export const DisclosureSchema = z.union([z.enum(['default', 'none']), DisclosureRuleSchema], {
  error: 'expected default, none or { min_denominator, small_count_min, small_count_max }',
});

export const IndicatorDefSchema = z.strictObject({
  id: indicatorId,
  label_ja: labelJa,
  status: IndicatorStatusSchema,
  kind: IndicatorKindSchema.optional(),
  unit: IndicatorUnitSchema.optional(),
  numerator: TermsSchema.optional(),
  denominator: TermsSchema.optional(),
  factor: z.number().positive().default(1),
  divisor: z.number().positive().default(1),
  direction: DirectionSchema.optional(),
  ci: CiMethodSchema.optional(),
  overdispersion: OverdispersionSchema.optional(),
  disclosure: DisclosureSchema.optional(),
  disclosure_counts: z.strictObject({ numerator: TermsSchema, denominator: TermsSchema }).optional(),
  weights: z.strictObject({ sumsq: measureId }).optional(),
  undecidable: measureId.optional(),
  standard: measureId.optional(),
  strata: z.array(StratumSchema).min(1).optional(),
  source: z.string().min(1).optional(),
  note: z.string().optional(),
  rule_version: z.string().min(1),
});

export const CatalogueDefaultsSchema = z.strictObject({ disclosure: DisclosureRuleSchema });

export const IndicatorsFileSchema = z.strictObject({
  version: z.string().min(1),
  defaults: CatalogueDefaultsSchema,
  indicators: z.array(IndicatorDefSchema),
});

// ── <model>.yaml ─────────────────────────────────────────────────────────────
export const NodeLevelSchema = z.enum(['final', 'field', 'intermediate', 'initial', 'activity']);

export const ModelNodeSchema = z.strictObject({
  id: nodeId,
  level: NodeLevelSchema,
  title: labelJa,
  short_title: z.string().min(1).optional(),
  parent: nodeId.nullable().default(null),
  // A supporting node is carried by the model but not drawn on the official chart.
  supporting: z.boolean().default(false),
  scenes: z.array(z.string().min(1)).default([]),
  indicators: z.array(indicatorId).default([]),
  supporting_indicators: z.array(indicatorId).default([]),
  note: z.string().optional(),
});

export const LogicModelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id such as okinawa-2026'),
  prefecture_code: z.string().regex(/^\d{2}$/, 'two-digit prefecture code as a string'),
  title: labelJa,
  version: z.string().min(1),
  scenes: z.array(z.string().min(1)).default([]),
  nodes: z.array(ModelNodeSchema),
});

export type MeasureSource = z.infer<typeof MeasureSourceSchema>;
export type MeasureDef = z.output<typeof MeasureDefSchema>;
export type MeasureCatalogue = z.output<typeof MeasuresFileSchema>;
export type IndicatorUnit = z.infer<typeof IndicatorUnitSchema>;
export type IndicatorKind = z.infer<typeof IndicatorKindSchema>;
export type Direction = z.infer<typeof DirectionSchema>;
export type CiMethod = z.infer<typeof CiMethodSchema>;
export type Term = z.output<typeof TermSchema>;
export type DisclosureRule = z.output<typeof DisclosureRuleSchema>;
export type Disclosure = z.output<typeof DisclosureSchema>;
export type IndicatorDef = z.output<typeof IndicatorDefSchema>;
export type IndicatorCatalogue = z.output<typeof IndicatorsFileSchema>;
export type NodeLevel = z.infer<typeof NodeLevelSchema>;
export type ModelNode = z.output<typeof ModelNodeSchema>;
export type LogicModel = z.output<typeof LogicModelSchema>;

/** An active indicator: the validator guarantees these fields are present. */
export type ActiveIndicator = IndicatorDef &
  Required<Pick<IndicatorDef, 'kind' | 'unit' | 'numerator' | 'direction' | 'ci' | 'disclosure' | 'source'>> & {
    status: 'active';
  };

/** Every catalogue, measure list and model loaded from one logic-models/ folder. */
export interface LoadedLogicModels {
  measures: MeasureCatalogue;
  catalogue: IndicatorCatalogue;
  models: LogicModel[];
}
