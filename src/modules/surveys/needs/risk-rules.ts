import {
  DEFAULT_NEEDS_THRESHOLDS,
  PARTICIPATION_COLUMNS,
  type NeedsThresholds,
} from './risk-thresholds.js';

/** The per-respondent flags derived from the needs survey, in reporting order. */
export const NEEDS_FLAGS = [
  'motor',
  'fall',
  'withdrawal',
  'nutrition',
  'oral',
  'cognition',
  'depression',
  'iadl_low',
  'participation',
  'kayoi',
  'health_good',
  'happy',
] as const;

/** One needs-survey flag id. */
export type NeedsFlag = (typeof NEEDS_FLAGS)[number];

/** Japanese labels of the flags, as analysts read them. */
export const NEEDS_FLAG_LABELS_JA: Readonly<Record<NeedsFlag, string>> = Object.freeze({
  motor: '運動器機能の低下',
  fall: '転倒リスク',
  withdrawal: '閉じこもり傾向',
  nutrition: '低栄養の傾向',
  oral: '口腔機能の低下',
  cognition: '認知機能の低下',
  depression: 'うつ傾向',
  iadl_low: 'IADLの低下',
  participation: '社会参加',
  kayoi: '通いの場参加',
  health_good: '主観的健康感が高い',
  happy: '幸福感が高い',
});

/** A flag's value: decided either way by the answers given, or not decidable for lack of them. */
export type FlagValue = 'positive' | 'negative' | 'undecidable';

/** The value of every flag for one respondent. */
export type NeedsFlags = Record<NeedsFlag, FlagValue>;

const MOTOR_ITEMS = ['motor_stairs', 'motor_chair_stand', 'motor_walk15'] as const;
const ORAL_ITEMS = ['oral_hard_food', 'oral_choke', 'oral_dry_mouth'] as const;
const DEPRESSION_ITEMS = ['depression_mood', 'depression_anhedonia'] as const;
const IADL_ITEMS = ['iadl_bus_train', 'iadl_shopping', 'iadl_meal_prep', 'iadl_bills', 'iadl_bank'] as const;

/** The needs-survey columns (docs/domain.md §2.1) each flag reads. */
export const NEEDS_FLAG_ITEMS = Object.freeze({
  motor: [...MOTOR_ITEMS, 'fall_past_year', 'fall_anxiety'],
  fall: ['fall_past_year'],
  withdrawal: ['outing_weekly'],
  nutrition: ['height_cm', 'weight_kg', 'weight_loss'],
  oral: [...ORAL_ITEMS],
  cognition: ['cognition_forgetful'],
  depression: [...DEPRESSION_ITEMS],
  iadl_low: [...IADL_ITEMS],
  participation: [...PARTICIPATION_COLUMNS],
  kayoi: ['part_kayoi'],
  health_good: ['health_subjective'],
  happy: ['happiness'],
} as const satisfies Record<NeedsFlag, readonly string[]>);

/** A needs-survey column read by the risk rules. */
export type NeedsRuleItem = (typeof NEEDS_FLAG_ITEMS)[NeedsFlag][number];

/**
 * One respondent's answers keyed by column id; `null` or an absent key is a blank cell
 * (無回答). Other columns of the row may be present and are ignored.
 */
export type NeedsAnswers = Readonly<Partial<Record<NeedsRuleItem, number | null>>>;

/** Tolerance for comparing a computed BMI with its cut: a BMI of 18.5 up to rounding error is 18.5. */
const BMI_EPSILON = 1e-9;

const blank = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || Number.isNaN(v);

const decide = (value: boolean): FlagValue => (value ? 'positive' : 'negative');

/** Positive when at least `k` items hit; negative when `k` stays out of reach even if every blank were a hit. */
function atLeast(
  answers: NeedsAnswers,
  items: readonly NeedsRuleItem[],
  isHit: (v: number, item: NeedsRuleItem) => boolean,
  k: number,
): FlagValue {
  let hits = 0;
  let blanks = 0;
  for (const item of items) {
    const v = answers[item];
    if (blank(v)) blanks += 1;
    else if (isHit(v, item)) hits += 1;
  }
  if (hits >= k) return 'positive';
  if (hits + blanks < k) return 'negative';
  return 'undecidable';
}

const single = (answers: NeedsAnswers, item: NeedsRuleItem, isHit: (v: number) => boolean) =>
  atLeast(answers, [item], isHit, 1);

const oneOf = (codes: readonly number[]) => (v: number) => codes.includes(v);

/** Three-valued (Kleene) AND / OR. */
function combine(a: FlagValue, b: FlagValue, how: 'and' | 'or'): FlagValue {
  const strong: FlagValue = how === 'and' ? 'negative' : 'positive';
  if (a === strong || b === strong) return strong;
  if (a === 'undecidable' || b === 'undecidable') return 'undecidable';
  return a;
}

/** BMI = kg / m², or null when height or weight is blank or not positive. */
export function computeBmi(heightCm: number | null | undefined, weightKg: number | null | undefined): number | null {
  if (blank(heightCm) || blank(weightKg) || heightCm <= 0 || weightKg <= 0) return null;
  return (weightKg * 10_000) / (heightCm * heightCm);
}

function nutrition(answers: NeedsAnswers, t: NeedsThresholds['nutrition']): FlagValue {
  const bmi = computeBmi(answers.height_cm, answers.weight_kg);
  const lowBmi: FlagValue =
    bmi === null
      ? 'undecidable'
      : decide(t.operator === 'le' ? bmi <= t.bmiCut + BMI_EPSILON : bmi < t.bmiCut - BMI_EPSILON);
  const loss = single(answers, 'weight_loss', (v) => v === 1);
  return combine(lowBmi, loss, t.combine);
}

/** IADL score = items answered 1 or 2; low when the score is at most `lowMaxScore`. */
function iadlLow(answers: NeedsAnswers, lowMaxScore: number): FlagValue {
  let score = 0;
  let blanks = 0;
  for (const item of IADL_ITEMS) {
    const v = answers[item];
    if (blank(v)) blanks += 1;
    else if (v === 1 || v === 2) score += 1;
  }
  if (score + blanks <= lowMaxScore) return 'positive';
  if (score > lowMaxScore) return 'negative';
  return 'undecidable';
}

/**
 * Derives the twelve needs-survey flags of one respondent (docs/domain.md §2.1). A flag is
 * 'positive' when the answered items already decide it, 'negative' when they already rule it
 * out whatever the blanks would have been, and 'undecidable' otherwise.
 */
export function computeNeedsFlags(
  answers: NeedsAnswers,
  thresholds: NeedsThresholds = DEFAULT_NEEDS_THRESHOLDS,
): NeedsFlags {
  const t = thresholds;
  // 問2(1)-(3) hit on できない (3); 問2(4)(5) on the two "yes / anxious" answers (1, 2).
  const motorHit = (v: number, item: NeedsRuleItem) =>
    item === 'fall_past_year' || item === 'fall_anxiety' ? v === 1 || v === 2 : v === 3;
  const monthly = oneOf(t.participation.monthlyCodes);
  return {
    motor: atLeast(answers, NEEDS_FLAG_ITEMS.motor, motorHit, t.motor.minHits),
    fall: single(answers, 'fall_past_year', oneOf([1, 2])),
    withdrawal: single(answers, 'outing_weekly', oneOf([1, 2])),
    nutrition: nutrition(answers, t.nutrition),
    oral: atLeast(answers, ORAL_ITEMS, (v) => v === 1, t.oral.minHits),
    cognition: single(answers, 'cognition_forgetful', (v) => v === 1),
    depression: atLeast(answers, DEPRESSION_ITEMS, (v) => v === 1, t.depression.minHits),
    iadl_low: iadlLow(answers, t.iadl.lowMaxScore),
    participation: atLeast(answers, t.participation.groups, monthly, 1),
    kayoi: single(answers, 'part_kayoi', monthly),
    health_good: single(answers, 'health_subjective', oneOf([1, 2])),
    happy: single(answers, 'happiness', (v) => v >= t.happy.minScore),
  };
}

