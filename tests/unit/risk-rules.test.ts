import { describe, expect, it } from 'vitest';
import {
  computeBmi,
  computeNeedsFlags,
  NEEDS_FLAG_LABELS_JA,
  NEEDS_FLAGS,
  type NeedsAnswers,
} from '../../src/modules/surveys/needs/risk-rules.js';
import {
  DEFAULT_NEEDS_THRESHOLDS,
  needsThresholdsSchema,
  type NeedsThresholdsInput,
} from '../../src/modules/surveys/needs/risk-thresholds.js';

/** A respondent who answered everything and is negative on every risk. */
const healthy = {
  motor_stairs: 1,
  motor_chair_stand: 1,
  motor_walk15: 1,
  fall_past_year: 3,
  fall_anxiety: 4,
  outing_weekly: 4,
  height_cm: 160,
  weight_kg: 60,
  oral_hard_food: 2,
  oral_choke: 2,
  oral_dry_mouth: 2,
  weight_loss: 2,
  cognition_forgetful: 2,
  iadl_bus_train: 1,
  iadl_shopping: 1,
  iadl_meal_prep: 1,
  iadl_bills: 1,
  iadl_bank: 1,
  part_volunteer: 6,
  part_sports: 6,
  part_hobby: 6,
  part_learning: 6,
  part_kayoi: 6,
  part_senior_club: 6,
  part_neighborhood: 6,
  part_paid_work: 6,
  health_subjective: 3,
  happiness: 7,
  depression_mood: 2,
  depression_anhedonia: 2,
} satisfies NeedsAnswers;

const flags = (patch: NeedsAnswers, thresholds?: NeedsThresholdsInput) =>
  computeNeedsFlags({ ...healthy, ...patch }, thresholds && needsThresholdsSchema.parse(thresholds));

describe('computeNeedsFlags — baseline', () => {
  it('gives every flag of a complete, healthy respondent', () => {
    const f = computeNeedsFlags(healthy);
    expect(Object.keys(f)).toEqual([...NEEDS_FLAGS]);
    for (const flag of NEEDS_FLAGS) expect(f[flag], flag).toBe('negative');
  });

  it('treats absent keys, null and NaN as blanks, and ignores other columns', () => {
    expect(computeNeedsFlags({}).fall).toBe('undecidable');
    expect(flags({ fall_past_year: null }).fall).toBe('undecidable');
    expect(flags({ fall_past_year: Number.NaN }).fall).toBe('undecidable');
    const row = { ...healthy, respondent_id: 'x', sex: 1 };
    expect(computeNeedsFlags(row).fall).toBe('negative');
  });

  it('labels every flag in Japanese', () => {
    expect(Object.keys(NEEDS_FLAG_LABELS_JA).sort()).toEqual([...NEEDS_FLAGS].sort());
    expect(NEEDS_FLAG_LABELS_JA.iadl_low).toBe('IADLの低下');
    expect(NEEDS_FLAG_LABELS_JA.happy).toBe('幸福感が高い');
  });
});

describe('motor (≥ 3 of 5)', () => {
  it.each([
    ['3 hits', { motor_stairs: 3, motor_chair_stand: 3, fall_past_year: 2 }, 'positive'],
    ['5 hits', { motor_stairs: 3, motor_chair_stand: 3, motor_walk15: 3, fall_past_year: 1, fall_anxiety: 2 }, 'positive'],
    ['2 hits, no blanks', { motor_walk15: 3, fall_anxiety: 1 }, 'negative'],
    ['answer 2 is no hit', { motor_stairs: 2, motor_chair_stand: 2, motor_walk15: 2, fall_anxiety: 3 }, 'negative'],
    ['2 hits, 2 blanks', { motor_stairs: 3, fall_past_year: 1, motor_chair_stand: null, fall_anxiety: null }, 'undecidable'],
    ['2 hits, 1 blank', { motor_stairs: 3, fall_past_year: 1, fall_anxiety: null }, 'undecidable'],
    ['3 hits, 2 blanks', { motor_stairs: 3, motor_chair_stand: 3, fall_anxiety: 2, motor_walk15: null, fall_past_year: null }, 'positive'],
    ['1 hit, 2 blanks', { motor_stairs: 3, motor_walk15: null, fall_past_year: null }, 'undecidable'],
    ['0 hits, 2 blanks', { motor_stairs: null, fall_anxiety: null }, 'negative'],
    ['all blank', { motor_stairs: null, motor_chair_stand: null, motor_walk15: null, fall_past_year: null, fall_anxiety: null }, 'undecidable'],
  ] as const)('%s → %s', (_, patch, expected) => {
    expect(flags(patch).motor).toBe(expected);
  });

  it('honours a configured number of hits', () => {
    expect(flags({ motor_stairs: 3, fall_past_year: 1 }, { motor: { minHits: 2 } }).motor).toBe('positive');
  });
});

describe('single-item flags', () => {
  it.each([
    ['fall', 'fall_past_year', [[1, 'positive'], [2, 'positive'], [3, 'negative']]],
    ['withdrawal', 'outing_weekly', [[1, 'positive'], [2, 'positive'], [3, 'negative'], [4, 'negative']]],
    ['cognition', 'cognition_forgetful', [[1, 'positive'], [2, 'negative']]],
    ['kayoi', 'part_kayoi', [[1, 'positive'], [4, 'positive'], [5, 'negative'], [6, 'negative']]],
    ['health_good', 'health_subjective', [[1, 'positive'], [2, 'positive'], [3, 'negative'], [4, 'negative']]],
    ['happy', 'happiness', [[0, 'negative'], [7, 'negative'], [8, 'positive'], [10, 'positive']]],
  ] as const)('%s from %s', (flag, item, cases) => {
    for (const [answer, expected] of cases) expect(flags({ [item]: answer })[flag], `${item}=${answer}`).toBe(expected);
    expect(flags({ [item]: null })[flag]).toBe('undecidable');
  });

  it('happiness threshold is configurable (7 becomes high at minScore 7)', () => {
    expect(flags({ happiness: 7 }, { happy: { minScore: 7 } }).happy).toBe('positive');
    expect(flags({ happiness: 6 }, { happy: { minScore: 7 } }).happy).toBe('negative');
  });
});

describe('nutrition (BMI ≤ 18.5 AND weight loss)', () => {
  const low = { height_cm: 150, weight_kg: 41.625 }; // BMI exactly 18.5
  it('computes BMI as kg / m²', () => {
    expect(computeBmi(170, 65)).toBeCloseTo(22.491, 3);
    expect(computeBmi(150, 41.625)).toBe(18.5);
    expect(computeBmi(null, 60)).toBeNull();
    expect(computeBmi(160, undefined)).toBeNull();
    expect(computeBmi(0, 60)).toBeNull();
  });

  it.each([
    ['BMI exactly 18.5 and loss', { ...low, weight_loss: 1 }, 'positive'],
    ['BMI 18.5 reached through floating point (160 cm, 47.36 kg)', { height_cm: 160, weight_kg: 47.36, weight_loss: 1 }, 'positive'],
    ['BMI 18.67 and loss', { height_cm: 150, weight_kg: 42, weight_loss: 1 }, 'negative'],
    ['low BMI, no loss', { ...low, weight_loss: 2 }, 'negative'],
    ['low BMI, loss blank', { ...low, weight_loss: null }, 'undecidable'],
    ['normal BMI, loss blank', { weight_loss: null }, 'negative'],
    ['height blank, no loss', { height_cm: null, weight_loss: 2 }, 'negative'],
    ['weight blank, loss', { weight_kg: null, weight_loss: 1 }, 'undecidable'],
  ] as const)('%s → %s', (_, patch, expected) => {
    expect(flags(patch).nutrition).toBe(expected);
  });

  it("'lt' excludes the cut itself", () => {
    expect(flags({ ...low, weight_loss: 1 }, { nutrition: { operator: 'lt' } }).nutrition).toBe('negative');
    expect(flags({ height_cm: 150, weight_kg: 41.5, weight_loss: 1 }, { nutrition: { operator: 'lt' } }).nutrition).toBe('positive');
  });

  it("'or' is positive on either condition", () => {
    const or = { nutrition: { combine: 'or' } } as const;
    expect(flags({ ...low, weight_loss: 2 }, or).nutrition).toBe('positive');
    expect(flags({ weight_loss: 1 }, or).nutrition).toBe('positive');
    expect(flags({ height_cm: null, weight_loss: 1 }, or).nutrition).toBe('positive');
    expect(flags({}, or).nutrition).toBe('negative');
    expect(flags({ height_cm: null }, or).nutrition).toBe('undecidable');
    expect(flags({ weight_loss: null }, or).nutrition).toBe('undecidable');
  });

  it('the BMI cut is configurable', () => {
    const patch = { height_cm: 160, weight_kg: 50, weight_loss: 1 }; // BMI 19.53
    expect(flags(patch).nutrition).toBe('negative');
    expect(flags(patch, { nutrition: { bmiCut: 20 } }).nutrition).toBe('positive');
  });
});

describe('oral (≥ 2 of 3) and depression (≥ 1 of 2)', () => {
  it.each([
    [{ oral_hard_food: 1, oral_choke: 1 }, 'positive'],
    [{ oral_dry_mouth: 1 }, 'negative'],
    [{ oral_dry_mouth: 1, oral_choke: null }, 'undecidable'],
    [{ oral_dry_mouth: null }, 'negative'],
    [{ oral_dry_mouth: null, oral_choke: null }, 'undecidable'],
    [{ oral_hard_food: 1, oral_choke: 1, oral_dry_mouth: null }, 'positive'],
  ] as const)('oral %o → %s', (patch, expected) => {
    expect(flags(patch).oral).toBe(expected);
  });

  it.each([
    [{ depression_mood: 1 }, 'positive'],
    [{ depression_anhedonia: 1, depression_mood: null }, 'positive'],
    [{ depression_mood: null }, 'undecidable'],
    [{}, 'negative'],
  ] as const)('depression %o → %s', (patch, expected) => {
    expect(flags(patch).depression).toBe(expected);
  });

  it('hit counts are configurable', () => {
    expect(flags({ oral_dry_mouth: 1 }, { oral: { minHits: 1 } }).oral).toBe('positive');
    expect(flags({ depression_mood: 1 }, { depression: { minHits: 2 } }).depression).toBe('negative');
    expect(flags({ depression_mood: 1, depression_anhedonia: null }, { depression: { minHits: 2 } }).depression).toBe(
      'undecidable',
    );
  });
});

describe('iadl_low (score = items answered 1 or 2)', () => {
  const four = { iadl_bank: 3 }; // score 4
  const three = { iadl_bank: 3, iadl_bills: 3 }; // score 3
  const at4 = { iadl: { lowMaxScore: 4 } } as const;
  it('score 3 is low and score 4 is not by default', () => {
    expect(flags(three).iadl_low).toBe('positive');
    expect(flags(four).iadl_low).toBe('negative');
    expect(flags({}).iadl_low).toBe('negative');
  });
  it('answer 2 (できるけどしていない) counts towards the score', () => {
    expect(flags({ iadl_bank: 2, iadl_bills: 2, iadl_shopping: 2 }).iadl_low).toBe('negative');
  });
  it('with lowMaxScore 4, score 4 is low and score 5 is not', () => {
    expect(flags(four, at4).iadl_low).toBe('positive');
    expect(flags(three, at4).iadl_low).toBe('positive');
    expect(flags({}, at4).iadl_low).toBe('negative');
  });
  it.each([
    ['score 2 + 1 blank (max 3)', { iadl_bank: 3, iadl_bills: 3, iadl_meal_prep: null }, undefined, 'positive'],
    ['score 3 + 1 blank (3..4)', { iadl_bank: 3, iadl_meal_prep: null }, undefined, 'undecidable'],
    ['score 4 + 1 blank (4..5)', { iadl_bank: null }, undefined, 'negative'],
    ['score 4 + 1 blank at ≤ 4', { iadl_bank: null }, at4, 'undecidable'],
    ['score 0 + 1 blank', { iadl_bus_train: 3, iadl_shopping: 3, iadl_meal_prep: 3, iadl_bills: 3, iadl_bank: null }, undefined, 'positive'],
    ['all blank', { iadl_bus_train: null, iadl_shopping: null, iadl_meal_prep: null, iadl_bills: null, iadl_bank: null }, undefined, 'undecidable'],
  ] as const)('%s → %s', (_, patch, thresholds, expected) => {
    expect(flags(patch, thresholds).iadl_low).toBe(expected);
  });
});

describe('participation (any configured group at least monthly)', () => {
  it.each([
    [{ part_hobby: 4 }, 'positive'],
    [{ part_paid_work: 1 }, 'positive'],
    [{ part_hobby: 5 }, 'negative'],
    [{ part_hobby: null }, 'undecidable'],
    [{ part_hobby: null, part_sports: 2 }, 'positive'],
  ] as const)('%o → %s', (patch, expected) => {
    expect(flags(patch).participation).toBe(expected);
  });

  it('reads only the configured groups and codes', () => {
    const onlyKayoi: NeedsThresholdsInput = { participation: { groups: ['part_kayoi'] } };
    expect(flags({ part_hobby: 1 }, onlyKayoi).participation).toBe('negative');
    expect(flags({ part_hobby: null }, onlyKayoi).participation).toBe('negative');
    expect(flags({ part_kayoi: 3 }, onlyKayoi).participation).toBe('positive');
    const weekly = { participation: { monthlyCodes: [1, 2, 3] } };
    expect(flags({ part_hobby: 4 }, weekly).participation).toBe('negative');
    expect(flags({ part_kayoi: 4 }, weekly).kayoi).toBe('negative');
  });
});

describe('needsThresholdsSchema', () => {
  it('fills every default from an empty object', () => {
    expect(needsThresholdsSchema.parse({})).toEqual(DEFAULT_NEEDS_THRESHOLDS);
    expect(DEFAULT_NEEDS_THRESHOLDS).toMatchObject({
      motor: { minHits: 3 },
      oral: { minHits: 2 },
      depression: { minHits: 1 },
      nutrition: { bmiCut: 18.5, operator: 'le', combine: 'and' },
      iadl: { lowMaxScore: 3 },
      participation: { monthlyCodes: [1, 2, 3, 4] },
      happy: { minScore: 8 },
    });
    expect(DEFAULT_NEEDS_THRESHOLDS.participation.groups).toHaveLength(8);
    expect(Object.isFrozen(DEFAULT_NEEDS_THRESHOLDS.participation.groups)).toBe(true);
  });

  it('keeps defaults beside a partial override', () => {
    const t = needsThresholdsSchema.parse({ nutrition: { combine: 'or' } });
    expect(t.nutrition).toEqual({ bmiCut: 18.5, operator: 'le', combine: 'or' });
    expect(t.iadl.lowMaxScore).toBe(3);
  });

  it.each([
    { nutrition: { combine: 'xor' } },
    { nutrition: { operator: 'ge' } },
    { iadl: { lowMaxScore: 5 } },
    { motor: { minHits: 6 } },
    { participation: { groups: ['part_gardening'] } },
    { participation: { groups: [] } },
    { participation: { monthlyCodes: [1, 1] } },
    { happy: { minScore: 11 } },
  ])('rejects %o', (bad) => {
    expect(needsThresholdsSchema.safeParse(bad).success).toBe(false);
  });
});
