import { describe, expect, it } from 'vitest';
import {
  allCodebooks,
  findCodebook,
  getCodebook,
  partsOf,
  surveyKinds,
  UnknownCodebookError,
} from '../../../src/modules/surveys/codebooks/index.js';
import { normalizeHeader } from '../../../src/modules/surveys/parse/normalize.js';

// The column ids of docs/domain.md §2, in order, per kind and part.
const DOMAIN_COLUMNS: Record<string, string[]> = {
  'needs/main': [
    'respondent_id', 'municipality_code', 'daily_area', 'sex', 'age', 'certification', 'weight',
    'motor_stairs', 'motor_chair_stand', 'motor_walk15', 'fall_past_year', 'fall_anxiety', 'outing_weekly',
    'height_cm', 'weight_kg', 'oral_hard_food', 'oral_choke', 'oral_dry_mouth', 'weight_loss',
    'cognition_forgetful', 'iadl_bus_train', 'iadl_shopping', 'iadl_meal_prep', 'iadl_bills', 'iadl_bank',
    'part_volunteer', 'part_sports', 'part_hobby', 'part_learning', 'part_kayoi', 'part_senior_club',
    'part_neighborhood', 'part_paid_work', 'health_subjective', 'happiness', 'depression_mood',
    'depression_anhedonia',
  ],
  'homecare/offices': [
    'office_id', 'municipality_code', 'clients_total', 'moved_total', 'moved_to_family_home',
    'moved_to_residential', 'moved_to_facility', 'moved_to_other',
  ],
  'homecare/clients': [
    'client_id', 'office_id', 'municipality_code', 'care_level', 'household', 'residence',
    'r_support_increase', 'r_physical_care', 'r_dementia', 'r_medical_care', 'r_other_condition',
    'r_self_refuses_service', 'r_self_anxiety', 'r_carer_burden', 'r_carer_skill', 'r_carer_work', 'r_cost',
    'r_other', 'better_service',
  ],
  'residence/main': [
    'facility_id', 'municipality_code', 'facility_type', 'capacity', 'residents', 'admissions',
    'discharges_to_home', 'discharges_to_residential', 'discharges_to_facility', 'discharges_to_hospital',
    'discharges_to_other', 'deaths_in_facility', 'deaths_after_transfer', 'suction', 'tube_feeding',
  ],
  'workforce/establishments': [
    'establishment_id', 'municipality_code', 'service_group', 'staff_regular', 'staff_nonregular',
    'hires_regular', 'hires_nonregular', 'separations_regular', 'separations_nonregular',
  ],
  // staff_id and municipality_code are optional additions to docs/domain.md's list.
  'workforce/staff': [
    'staff_id', 'establishment_id', 'municipality_code', 'sex', 'age_band', 'employment', 'tenure_under_1y',
    'qualification',
  ],
};

describe('survey codebooks', () => {
  it('lists the four kinds and their parts', () => {
    expect(surveyKinds).toEqual(['needs', 'homecare', 'residence', 'workforce']);
    expect(partsOf('needs')).toEqual(['main']);
    expect(partsOf('homecare')).toEqual(['offices', 'clients']);
    expect(partsOf('residence')).toEqual(['main']);
    expect(partsOf('workforce')).toEqual(['establishments', 'staff']);
  });

  it('has exactly the columns of docs/domain.md §2', () => {
    const actual = Object.fromEntries(allCodebooks().map((c) => [`${c.kind}/${c.part}`, c.columns.map((x) => x.id)]));
    expect(actual).toEqual(DOMAIN_COLUMNS);
  });

  it('resolves single-part kinds without a part and refuses ambiguous or unknown ones', () => {
    expect(getCodebook('needs').part).toBe('main');
    expect(getCodebook('homecare', 'clients').key).toEqual(['client_id']);
    expect(findCodebook('homecare')).toBeUndefined();
    expect(findCodebook('needs', 'toString')).toBeUndefined();
    expect(findCodebook('census')).toBeUndefined();
    expect(() => getCodebook('homecare')).toThrow(UnknownCodebookError);
    expect(() => getCodebook('workforce', 'main')).toThrow(UnknownCodebookError);
  });

  it.each(allCodebooks().map((c) => [`${c.kind}/${c.part}`, c] as const))('%s is consistent', (_, codebook) => {
    const ids = new Set(codebook.columns.map((c) => c.id));
    for (const k of codebook.key) expect(ids.has(k)).toBe(true);
    for (const s of codebook.sums) for (const id of [s.total, ...s.parts]) expect(ids.has(id)).toBe(true);
    expect(ids.has('municipality_code')).toBe(true);
    // No header text (id, label or alias) may name two columns.
    const names = codebook.columns.flatMap((c) => [c.id, c.label_ja, ...(c.aliases ?? [])].map(normalizeHeader));
    const perColumn = codebook.columns.map((c) => new Set([c.id, c.label_ja, ...(c.aliases ?? [])].map(normalizeHeader)).size);
    expect(new Set(names).size).toBe(perColumn.reduce((a, b) => a + b, 0));
    for (const col of codebook.columns) {
      expect(col.label_ja).toMatch(/[^\x00-\x7f]/);
      if (col.type === 'code') expect(Object.keys(col.codes ?? {}).length).toBeGreaterThan(1);
      else expect(col.codes).toBeUndefined();
    }
  });

  it('keeps the 問 number in every needs question label', () => {
    const needs = getCodebook('needs');
    const questions = needs.columns.slice(needs.columns.findIndex((c) => c.id === 'motor_stairs'));
    for (const col of questions) expect(col.label_ja).toMatch(/^問\d\(\d\)/);
  });

  it('requires ids, municipality, sex and age but leaves answers optional', () => {
    const required = (kind: string, part?: string) =>
      getCodebook(kind, part).columns.filter((c) => c.required).map((c) => c.id);
    expect(required('needs')).toEqual(['respondent_id', 'municipality_code', 'sex', 'age']);
    expect(required('homecare', 'offices')).toEqual(['office_id', 'municipality_code']);
    expect(required('homecare', 'clients')).toEqual(['client_id', 'office_id', 'municipality_code']);
    expect(required('residence')).toEqual(['facility_id', 'municipality_code', 'facility_type']);
    expect(required('workforce', 'establishments')).toEqual(['establishment_id', 'municipality_code', 'service_group']);
    expect(required('workforce', 'staff')).toEqual(['establishment_id']);
    expect(getCodebook('workforce', 'staff').municipality).toEqual({
      from: 'via',
      part: 'establishments',
      column: 'establishment_id',
    });
  });
});
