import { NEEDS_FLAGS } from './needs/risk-rules.js';
import { flagColumn } from './surveys.tables.js';

/** A measure as one SQL aggregate over the current rows `r` of one microdata table. */
export interface MeasureSpec {
  measure: string;
  /** Aggregate SQL over alias r (trusted: written here, never from input). */
  expr: string;
}

const w = 'COALESCE(r.weight, 1)';
const sum = (col: string) => `COALESCE(sum(r.${col}), 0)`;
const countIf = (cond: string) => `count(*) FILTER (WHERE ${cond})`;

function needsSpecs(): MeasureSpec[] {
  const specs: MeasureSpec[] = [{ measure: 'needs.respondents', expr: 'count(*)' }];
  for (const f of NEEDS_FLAGS) {
    const c = `r.${flagColumn(f)}`;
    specs.push(
      { measure: `needs.${f}.positive`, expr: countIf(`${c} = 1`) },
      { measure: `needs.${f}.decidable`, expr: `count(${c})` },
      { measure: `needs.${f}.undecidable`, expr: countIf(`${c} IS NULL`) },
      { measure: `needs.${f}.w_positive`, expr: `COALESCE(sum(${w}) FILTER (WHERE ${c} = 1), 0)` },
      { measure: `needs.${f}.w_decidable`, expr: `COALESCE(sum(${w}) FILTER (WHERE ${c} IS NOT NULL), 0)` },
      { measure: `needs.${f}.w2_decidable`, expr: `COALESCE(sum(${w} * ${w}) FILTER (WHERE ${c} IS NOT NULL), 0)` },
    );
  }
  return specs;
}

const HOMECARE_REASONS = [
  'support_increase',
  'physical_care',
  'dementia',
  'medical_care',
  'other_condition',
  'self_refuses_service',
  'self_anxiety',
  'carer_burden',
  'carer_skill',
  'carer_work',
  'cost',
  'other',
] as const;

/** Measures of each (kind, part), docs/domain.md §2 "Measures"; names as in logic-models/measures.yaml. */
export const MEASURE_SPECS: Record<string, MeasureSpec[]> = {
  'needs/main': needsSpecs(),
  'homecare/offices': [
    { measure: 'homecare.offices', expr: 'count(DISTINCT r.office_id)' },
    { measure: 'homecare.clients_total', expr: sum('clients_total') },
    { measure: 'homecare.moved_total', expr: sum('moved_total') },
    { measure: 'homecare.moved_to_family_home', expr: sum('moved_to_family_home') },
    { measure: 'homecare.moved_to_residential', expr: sum('moved_to_residential') },
    { measure: 'homecare.moved_to_facility', expr: sum('moved_to_facility') },
    { measure: 'homecare.moved_to_other', expr: sum('moved_to_other') },
  ],
  'homecare/clients': [
    { measure: 'homecare.difficult', expr: 'count(*)' },
    ...HOMECARE_REASONS.map((r) => ({ measure: `homecare.difficult.${r}`, expr: countIf(`r.r_${r} = 1`) })),
  ],
  'residence/main': [
    { measure: 'residence.facilities', expr: 'count(*)' },
    { measure: 'residence.capacity', expr: sum('capacity') },
    { measure: 'residence.residents', expr: sum('residents') },
    { measure: 'residence.admissions', expr: sum('admissions') },
    ...(['home', 'residential', 'facility', 'hospital', 'other'] as const).map((d) => ({
      measure: `residence.discharges.${d}`,
      expr: sum(`discharges_to_${d}`),
    })),
    { measure: 'residence.deaths.in_facility', expr: sum('deaths_in_facility') },
    { measure: 'residence.deaths.after_transfer', expr: sum('deaths_after_transfer') },
    { measure: 'residence.suction_always', expr: countIf('r.suction = 2') },
    { measure: 'residence.tube_feeding_always', expr: countIf('r.tube_feeding = 2') },
  ],
  'workforce/establishments': [
    { measure: 'workforce.establishments', expr: 'count(*)' },
    ...[
      'staff_regular',
      'staff_nonregular',
      'hires_regular',
      'hires_nonregular',
      'separations_regular',
      'separations_nonregular',
    ].map((c) => ({ measure: `workforce.${c}`, expr: sum(c) })),
  ],
  'workforce/staff': [
    { measure: 'workforce.staff_rows', expr: 'count(*)' },
    { measure: 'workforce.staff_60plus', expr: countIf('r.age_band IN (6, 7)') },
    { measure: 'workforce.staff_certified', expr: countIf('r.qualification = 1') },
  ],
};

export const measureSpecsOf = (kind: string, part: string): MeasureSpec[] => MEASURE_SPECS[`${kind}/${part}`] ?? [];
