import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDisclosure } from '../../../src/modules/logic-models/indicator-rules.js';
import type { LoadedLogicModels } from '../../../src/modules/logic-models/logic-models.definitions.js';
import { loadLogicModels } from '../../../src/modules/logic-models/logic-models.loader.js';
import { unplacedIndicators } from '../../../src/modules/logic-models/logic-models.tree.js';

const dir = fileURLToPath(new URL('../../../logic-models/', import.meta.url));

// The indicator ids of docs/domain.md §4.
const DOMAIN_IDS = [
  'health_good_rate', 'happy_rate',
  'motor_risk_rate', 'fall_risk_rate', 'withdrawal_rate', 'nutrition_risk_rate', 'oral_risk_rate',
  'cognition_risk_rate', 'depression_rate', 'iadl_low_rate', 'participation_rate', 'kayoi_rate',
  'adjusted_light_certification_rate', 'new_certified_mean_age', 'home_to_facility_move_rate',
  'home_death_ratio', 'home_or_nursing_home_death_ratio', 'facility_relocation_rate',
  'facility_death_discharge_ratio', 'community_benefit_per_insured_month', 'home_visit_medical_per_10k',
  'house_call_per_10k', 'home_life_difficult_rate', 'carer_burden_reason_rate',
  'community_3services_offices', 'home_care_support_clinics', 'house_call_capable_clinics',
  'suction_always_facilities', 'calls_7119', 'care_worker_turnover_rate', 'care_worker_hiring_rate',
  'care_worker_60plus_rate', 'certified_care_worker_rate',
];

let loaded: LoadedLogicModels;
beforeAll(async () => {
  loaded = await loadLogicModels(dir);
});
const indicator = (id: string) => loaded.catalogue.indicators.find((i) => i.id === id)!;
const okinawa = () => loaded.models.find((m) => m.id === 'okinawa-2026')!;

describe('the shipped logic-models folder', () => {
  it('validates and holds the Okinawa model', () => {
    expect(loaded.models.map((m) => m.id)).toEqual(['okinawa-2026']);
    expect(okinawa()).toMatchObject({ prefecture_code: '47', title: '地域包括ケアシステムの深化に向けた沖縄県版ロジックモデル' });
  });

  it('defines every indicator of docs/domain.md §4, and four planned dementia indicators without a formula', () => {
    const ids = loaded.catalogue.indicators.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(DOMAIN_IDS));
    const planned = loaded.catalogue.indicators.filter((i) => i.status === 'planned');
    expect(planned.map((i) => i.id).sort()).toEqual(
      ['dementia_care_pathway', 'dementia_carer_support', 'dementia_early_support', 'dementia_supporters'],
    );
    for (const p of planned) expect(p.numerator).toBeUndefined();
  });

  it('places every active indicator on a node of the Okinawa model', () => {
    expect(unplacedIndicators(okinawa(), loaded.catalogue)).toEqual([]);
  });

  it('has one final node, the four fields plus the supporting workforce field, and six activities without indicators', () => {
    const nodes = okinawa().nodes;
    expect(nodes.filter((n) => n.level === 'final')).toHaveLength(1);
    const fields = nodes.filter((n) => n.level === 'field');
    expect(fields.map((n) => [n.short_title, n.supporting])).toEqual([
      ['軽度者支援', false],
      ['中重度者支援・在宅', false],
      ['中重度者支援・施設', false],
      ['認知症施策', false],
      ['介護人材の確保', true],
    ]);
    const activities = nodes.filter((n) => n.level === 'activity');
    expect(activities).toHaveLength(6);
    for (const a of activities) expect([...a.indicators, ...a.supporting_indicators]).toEqual([]);
  });

  it('lists the measures of docs/domain.md with three stratified ones', () => {
    const ids = new Set(loaded.measures.measures.map((m) => m.id));
    for (const id of ['needs.respondents', 'needs.happy.w2_decidable', 'homecare.difficult.carer_work',
      'residence.deaths.after_transfer', 'workforce.staff_certified', 'ref.deaths.midwife', 'ref.offices.kantaki']) {
      expect(ids).toContain(id);
    }
    const stratified = loaded.measures.measures.filter((m) => m.stratified).map((m) => m.id);
    expect(stratified.sort()).toEqual(['ref.certified.light', 'ref.insured.first', 'std.insured.first']);
  });
});

describe('formulas of the shipped catalogue', () => {
  const terms = (id: string, part: 'numerator' | 'denominator') =>
    (indicator(id)[part] ?? []).map((t) => (t.sign === 1 ? t.measure : `-${t.measure}`));

  it('turnover: separations ÷ (staff − hires + separations)', () => {
    expect(terms('care_worker_turnover_rate', 'numerator')).toEqual(['workforce.separations_regular', 'workforce.separations_nonregular']);
    expect(terms('care_worker_turnover_rate', 'denominator')).toEqual([
      'workforce.staff_regular', 'workforce.staff_nonregular',
      '-workforce.hires_regular', '-workforce.hires_nonregular',
      'workforce.separations_regular', 'workforce.separations_nonregular',
    ]);
    expect(terms('care_worker_hiring_rate', 'denominator')).toEqual(terms('care_worker_turnover_rate', 'denominator'));
  });

  it('home → facility moves and facility leavers', () => {
    expect(terms('home_to_facility_move_rate', 'numerator').sort()).toEqual(['homecare.moved_to_facility', 'homecare.moved_to_residential']);
    expect(terms('home_to_facility_move_rate', 'denominator').sort()).toEqual(['homecare.clients_total', 'homecare.moved_total']);
    expect(terms('facility_relocation_rate', 'denominator')).toHaveLength(7);
    expect(terms('facility_death_discharge_ratio', 'denominator')).toEqual(terms('facility_relocation_rate', 'denominator'));
    expect(terms('home_or_nursing_home_death_ratio', 'numerator').sort()).toEqual(['ref.deaths.home', 'ref.deaths.nursing_home']);
  });

  it('weighted needs rates carry unweighted disclosure counts, Kish weights and the undecidable count', () => {
    expect(indicator('motor_risk_rate')).toMatchObject({
      ci: 'wilson_weighted',
      factor: 100,
      weights: { sumsq: 'needs.motor.w2_decidable' },
      undecidable: 'needs.motor.undecidable',
      disclosure_counts: {
        numerator: [{ measure: 'needs.motor.positive', sign: 1 }],
        denominator: [{ measure: 'needs.motor.decidable', sign: 1 }],
      },
    });
  });

  it('standardised, per-10k, per-month, mean-age and count indicators', () => {
    expect(indicator('adjusted_light_certification_rate')).toMatchObject({
      kind: 'dsr', ci: 'dsr_dobson', standard: 'std.insured.first', strata: ['sex', 'age_band'],
    });
    expect(indicator('house_call_per_10k')).toMatchObject({ kind: 'rate', factor: 10000, ci: 'byar', unit: 'per_10k' });
    expect(indicator('community_benefit_per_insured_month')).toMatchObject({ factor: 1, divisor: 12, unit: 'yen_per_month' });
    expect(indicator('new_certified_mean_age')).toMatchObject({ kind: 'ratio', unit: 'years', ci: 'none' });
    expect(indicator('community_3services_offices')).toMatchObject({ kind: 'count', ci: 'none', disclosure: 'none' });
    expect(terms('community_3services_offices', 'numerator')).toHaveLength(3);
  });

  it('resolves the disclosure rule from the catalogue default', () => {
    expect(resolveDisclosure(indicator('home_death_ratio'), loaded.catalogue)).toEqual({
      min_denominator: 10, small_count_min: 1, small_count_max: 2,
    });
    expect(resolveDisclosure(indicator('calls_7119'), loaded.catalogue)).toBeNull();
    expect(resolveDisclosure(indicator('new_certified_mean_age'), loaded.catalogue)).toEqual({ min_denominator: 10 });
  });
});
