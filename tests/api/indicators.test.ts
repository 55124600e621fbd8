/**
 * End to end: Okinawa's fixtures in (four surveys through the upload service, reference
 * statistics through the reference service), every active indicator of okinawa-2026 out for
 * all 41 municipalities, 5 areas and the prefecture, with area values equal to the formula over
 * their summed parts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { directlyStandardisedRate, weightedProportion, wilson } from '../../src/modules/indicators/stats/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loadOkinawa } from './indicators-okinawa.js';

const WAVE = 2024;
let t: TestApp;
let uploads: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  uploads = await loadOkinawa(t.services, { seed: 11, wave: WAVE, scale: 0.2 });
}, 300_000);
afterAll(async () => t?.close());

type Unit = {
  level: string; code: string; status: string; suppressed: boolean; reason: string | null;
  numerator: number | null; denominator: number | null; value: number | null;
  ci95: { lower: number; upper: number } | null; ci998: unknown; undecidable: number | null;
  coverage: { contributing: number; members: number }; provenance: { uploads: string[]; ruleVersion: string };
};
const get = (url: string, auth = t.admin) => t.app.inject({ url, headers: auth });
const valuesOf = async (id: string, query = '') => {
  const res = await get(`/v1/indicators/${id}/values?period=${WAVE}&prefecture=47${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: string; values: Unit[]; computedAt: string | null };
};
const at = (values: Unit[], level: string, code: string) => values.find((v) => v.level === level && v.code === code)!;

/** Σ of a measure over the municipalities of an area, per stratum key `sex:band`. */
async function areaSums(measures: string[], area: string) {
  const rows = await queryRows<{ measure: string; sex: number; age_band: number; value: number }>(t.database.db, sql`
    SELECT me.measure, me.sex, me.age_band, sum(me.value)::float8 AS value FROM measures me
    JOIN municipalities mu ON mu.code = me.municipality_code
    WHERE mu.medical_area = ${area} AND me.period = ${WAVE} AND me.measure = ANY(${`{${measures.join(',')}}`}::text[])
    GROUP BY me.measure, me.sex, me.age_band`);
  const total = (m: string) => rows.filter((r) => r.measure === m).reduce((s, r) => s + r.value, 0);
  const stratum = (m: string, key: string) => rows.find((r) => r.measure === m && `${r.sex}:${r.age_band}` === key)?.value ?? 0;
  return { total, stratum };
}

describe('logic models', () => {
  it('lists okinawa-2026 and serves it as a tree with each node’s indicators', async () => {
    const list = await get('/v1/logic-models');
    expect(list.json()).toEqual([expect.objectContaining({ id: 'okinawa-2026', prefecture: '47' })]);
    const tree = (await get('/v1/logic-models/okinawa-2026')).json();
    expect(tree.root).toMatchObject({ id: 'final', level: 'final' });
    expect(tree.root.indicators.map((i: { id: string }) => i.id)).toEqual(['health_good_rate', 'happy_rate']);
    const dementia = tree.root.children.find((c: { id: string }) => c.id === 'field.dementia');
    expect(dementia.indicators.every((i: { status: string }) => i.status === 'planned')).toBe(true);
  });

  it('answers 404 problems for unknown models and indicators', async () => {
    for (const url of ['/v1/logic-models/nope', '/v1/indicators?model=nope', '/v1/indicators/nope', `/v1/indicators/nope/values?period=${WAVE}&prefecture=47`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ status: 404, type: '/problems/not-found' });
    }
  });

  it('lists the model’s indicator definitions with formula, CI and disclosure', async () => {
    const defs = (await get('/v1/indicators?model=okinawa-2026')).json() as Record<string, unknown>[];
    const turnover = defs.find((d) => d.id === 'care_worker_turnover_rate');
    expect(turnover).toMatchObject({
      status: 'active', unit: 'percent', factor: 100, ci: 'wilson', sources: ['workforce'],
      disclosure: { minDenominator: 10, smallCountMin: 1, smallCountMax: 2 },
    });
    expect((turnover!.denominator as { sign: number }[]).filter((t) => t.sign === -1)).toHaveLength(2);
    expect(defs.find((d) => d.id === 'calls_7119')).toMatchObject({ disclosure: null, kind: 'count' });
    expect(defs.filter((d) => d.status === 'planned')).toHaveLength(4);
  });
});

describe('values of okinawa-2026', () => {
  let active: string[];
  beforeAll(async () => {
    const defs = (await get('/v1/indicators?model=okinawa-2026')).json() as { id: string; status: string }[];
    active = defs.filter((d) => d.status === 'active').map((d) => d.id);
  });

  it('gives every active indicator a value row for all 41 municipalities, 5 areas and the prefecture', async () => {
    expect(active).toHaveLength(33);
    for (const id of active) {
      const { values } = await valuesOf(id);
      const level = (l: string) => values.filter((v) => v.level === l);
      expect(level('municipality'), id).toHaveLength(41);
      expect(level('area').map((a) => a.code).sort(), id).toEqual(['中部', '八重山', '北部', '南部', '宮古']);
      expect(level('prefecture'), id).toHaveLength(1);
      expect(level('insurer').length, id).toBeGreaterThan(1);
      // Present: every municipality and area has data (values may be suppressed).
      for (const v of [...level('municipality'), ...level('area'), ...level('prefecture')]) {
        expect(v.status, `${id} ${v.level} ${v.code}`).not.toBe('no_data');
      }
      expect(at(values, 'prefecture', '47').coverage).toEqual({ contributing: 41, members: 41 });
      expect(at(values, 'area', '南部').coverage).toEqual({ contributing: 16, members: 16 });
      for (const v of values.filter((x) => x.suppressed)) {
        expect(v, `${id} ${v.code}`).toMatchObject({ numerator: null, denominator: null, value: null, ci95: null, ci998: null });
      }
    }
  });

  it('computes an area proportion from its summed numerator and denominator (home_death_ratio)', async () => {
    const { values } = await valuesOf('home_death_ratio', '&level=area');
    const s = await areaSums(['ref.deaths.home', 'ref.deaths.total'], '南部');
    const south = at(values, 'area', '南部');
    expect(south).toMatchObject({ status: 'shown', numerator: s.total('ref.deaths.home'), denominator: s.total('ref.deaths.total') });
    expect(south.value).toBeCloseTo((s.total('ref.deaths.home') / s.total('ref.deaths.total')) * 100, 10);
    const ci = wilson(s.total('ref.deaths.home'), s.total('ref.deaths.total'))!;
    expect(south.ci95!.lower).toBeCloseTo(ci.lower * 100, 10);
    expect(south.ci95!.upper).toBeCloseTo(ci.upper * 100, 10);
  });

  it('computes a weighted needs rate and its 判定不能 count from the area’s summed sums (motor_risk_rate)', async () => {
    const { values } = await valuesOf('motor_risk_rate', '&level=area');
    const m = ['needs.motor.w_positive', 'needs.motor.w_decidable', 'needs.motor.w2_decidable', 'needs.motor.undecidable'];
    const s = await areaSums(m, '中部');
    const mid = at(values, 'area', '中部');
    const expected = weightedProportion({ sumWPos: s.total(m[0]), sumW: s.total(m[1]), sumW2: s.total(m[2]) })!;
    expect(mid.value).toBeCloseTo(expected.value * 100, 10);
    expect(mid.ci95!.lower).toBeCloseTo(expected.ci.lower * 100, 10);
    expect(mid.undecidable).toBe(s.total(m[3]));
    expect(mid.provenance).toEqual({ uploads: [uploads.needs], ruleVersion: '2026.1' });
  });

  it('standardises an area on its summed strata (adjusted_light_certification_rate)', async () => {
    const { values } = await valuesOf('adjusted_light_certification_rate', '&level=area');
    const s = await areaSums(['ref.certified.light', 'ref.insured.first'], '南部');
    const std = await queryRows<{ sex: number; age_band: number; value: number }>(t.database.db, sql`
      SELECT sex, age_band, value FROM measures WHERE measure = 'std.insured.first' AND period = ${WAVE} AND municipality_code = '000000'`);
    const expected = directlyStandardisedRate(
      std.map((r) => ({
        count: s.stratum('ref.certified.light', `${r.sex}:${r.age_band}`),
        population: s.stratum('ref.insured.first', `${r.sex}:${r.age_band}`),
        standardPopulation: r.value,
      })),
      { factor: 100 },
    );
    expect(expected.status).toBe('shown');
    const south = at(values, 'area', '南部');
    expect(south.value).toBeCloseTo((expected as { value: number }).value, 10);
    expect(south.provenance.uploads).toEqual([uploads.reference]);
  });

  it('answers a planned indicator with status planned and no values', async () => {
    expect(await valuesOf('dementia_supporters')).toMatchObject({ status: 'planned', values: [], computedAt: null });
  });
});

describe('access', () => {
  it('lets viewer keys read aggregates only, and municipality keys their own municipality besides', async () => {
    const viewer = await t.keyFor('viewer');
    const denied = await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality`, viewer);
    expect(denied.statusCode).toBe(403);
    const res = await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}`, viewer);
    expect(res.statusCode).toBe(200);
    expect(new Set(res.json().values.map((v: Unit) => v.level))).toEqual(new Set(['prefecture', 'area', 'insurer']));
    const muni = await t.keyFor('municipality', { municipality: '472018' });
    expect((await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=area`, muni)).statusCode).toBe(200);
    const own = await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality`, muni);
    expect(own.statusCode).toBe(200);
    expect(own.json().values.map((v: Unit) => v.code)).toEqual(['472018']);
    const all = (await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}`, muni)).json().values as Unit[];
    expect(all.filter((v) => v.level === 'municipality').map((v) => v.code)).toEqual(['472018']);
    expect(all.some((v) => v.level === 'prefecture')).toBe(true);
  });

  it('keeps prefecture-bound keys to their prefecture', async () => {
    const other = await t.keyFor('analyst', { prefecture: '13' });
    const res = await get(`/v1/indicators/motor_risk_rate/values?period=${WAVE}&prefecture=47`, other);
    expect(res.statusCode).toBe(403);
  });
});
