import { z } from 'zod';

/** The eight 問5(1) participation columns of the needs survey (docs/domain.md §2.1). */
export const PARTICIPATION_COLUMNS = [
  'part_volunteer',
  'part_sports',
  'part_hobby',
  'part_learning',
  'part_kayoi',
  'part_senior_club',
  'part_neighborhood',
  'part_paid_work',
] as const;

/** One of the eight participation columns. */
export type ParticipationColumn = (typeof PARTICIPATION_COLUMNS)[number];

const hits = (max: number, dflt: number, what: string) =>
  z
    .object({
      minHits: z
        .number()
        .int()
        .min(1)
        .max(max)
        .default(dflt)
        .describe(`Number of ${what} hits (of ${max}) from which the flag is positive`),
    })
    .prefault({});

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

/**
 * Thresholds of the needs-survey risk rules. The defaults are those of docs/domain.md §2.1; rules
 * marked *(default)* there could not be confirmed against the official text, so they are data
 * a logic model may override. Every field has its default: `needsThresholdsSchema.parse({})`
 * yields {@link DEFAULT_NEEDS_THRESHOLDS}, and configuration only states what it changes,
 * e.g. `{ iadl: { lowMaxScore: 4 } }`.
 */
export const needsThresholdsSchema = z
  .object({
    motor: hits(5, 3, 'motor (問2(1)-(5))').describe('運動器機能の低下'),
    oral: hits(3, 2, 'oral (問3(2)-(4))').describe('口腔機能の低下'),
    depression: hits(2, 1, 'depression (問7(3)(4))').describe('うつ傾向'),
    nutrition: z
      .object({
        bmiCut: z
          .number()
          .positive()
          .max(40)
          .default(18.5)
          .describe('BMI cut point (kg/m²) for the low-BMI condition'),
        operator: z
          .enum(['le', 'lt'])
          .default('le')
          .describe("'le': BMI ≤ cut; 'lt': BMI < cut"),
        combine: z
          .enum(['and', 'or'])
          .default('and')
          .describe("'and': low BMI and weight loss; 'or': either"),
      })
      .prefault({})
      .describe('低栄養の傾向'),
    iadl: z
      .object({
        lowMaxScore: z
          .number()
          .int()
          .min(0)
          .max(4)
          .default(3)
          .describe('IADL is low when the score (0-5) is at most this'),
      })
      .prefault({})
      .describe('IADLの低下'),
    participation: z
      .object({
        groups: z
          .array(z.enum(PARTICIPATION_COLUMNS))
          .min(1)
          .refine(unique, 'groups must not repeat')
          .default(() => [...PARTICIPATION_COLUMNS])
          .describe('Participation columns that count towards 社会参加'),
        monthlyCodes: z
          .array(z.number().int().min(1).max(6))
          .min(1)
          .refine(unique, 'monthlyCodes must not repeat')
          .default(() => [1, 2, 3, 4])
          .describe('Answer codes meaning "at least monthly" (also used for 通いの場)'),
      })
      .prefault({})
      .describe('社会参加 and 通いの場参加'),
    happy: z
      .object({
        minScore: z
          .number()
          .min(0)
          .max(10)
          .default(8)
          .describe('幸福感 (0-10) from which happiness is high'),
      })
      .prefault({})
      .describe('幸福感が高い'),
  })
  .meta({ id: 'NeedsThresholds' })
  .describe('Configurable thresholds of the needs-survey risk rules (docs/domain.md §2.1)');

/** Fully resolved thresholds, as the rules read them. */
export type NeedsThresholds = z.output<typeof needsThresholdsSchema>;

/** Thresholds as written in configuration: every field optional. */
export type NeedsThresholdsInput = z.input<typeof needsThresholdsSchema>;

/** The defaults of docs/domain.md §2.1 (motor ≥ 3/5, BMI ≤ 18.5 AND weight loss, IADL ≤ 3, …). */
export const DEFAULT_NEEDS_THRESHOLDS: NeedsThresholds = deepFreeze(needsThresholdsSchema.parse({}));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
