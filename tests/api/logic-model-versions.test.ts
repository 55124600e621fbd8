import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { logicModelsDir } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { NAHA, okinawa, referenceClient } from '../helpers/reference.js';

type Doc = Record<string, any>;
const okinawaDoc = (): Doc => parse(readFileSync(join(logicModelsDir, 'okinawa-2026.yaml'), 'utf8'));

/** A prefecture indicator: home visits plus house calls per 10,000 insured, from catalogue measures. */
const VISITS = {
  id: 'home_medical_visits_per_10k',
  label_ja: '訪問診療・往診の合計件数（被保険者1万人当たり）',
  status: 'active',
  kind: 'rate',
  unit: 'per_10k',
  numerator: ['ref.home_visit_medical', 'ref.house_call'],
  denominator: ['ref.insured.first'],
  factor: 10000,
  direction: 'higher_is_better',
  ci: 'byar',
  disclosure: 'default',
  source: '在宅医療にかかる地域別データ集（県の独自集計）',
  rule_version: 'okinawa-1',
};

/** The Okinawa model with the prefecture's own indicator on the intermediate home-medical node. */
function withVisits(): Doc {
  const doc = okinawaDoc();
  doc.version = '2026-04';
  doc.custom_indicators = [VISITS];
  doc.nodes.find((n: Doc) => n.id === 'intermediate.home_medical_community').indicators.push(VISITS.id);
  return doc;
}

let t: TestApp;
let analyst: { authorization: string };
let viewer: { authorization: string };
let naha: { authorization: string };
let tokyo: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  viewer = await t.keyFor('viewer');
  naha = await t.keyFor('municipality', { prefecture: '47', municipality: NAHA });
  tokyo = await t.keyFor('analyst', { prefecture: '13' });
  expect((await referenceClient(t).post(toCsv(okinawa))).statusCode).toBe(201);
});
afterAll(async () => t?.close());

const upload = (doc: Doc | string, headers = analyst, query = '') =>
  typeof doc === 'string'
    ? t.app.inject({ method: 'POST', url: `/v1/logic-models${query}`, headers: { ...headers, 'content-type': 'application/yaml' }, payload: doc })
    : t.app.inject({ method: 'POST', url: `/v1/logic-models${query}`, headers, payload: doc });
const get = (url: string, headers = analyst) => t.app.inject({ method: 'GET', url, headers });
const activate = (v: number, headers = analyst) =>
  t.app.inject({ method: 'POST', url: `/v1/logic-model-versions/47/${v}/activate`, headers });

/** The problems of a rejected upload as [subject, id, code]. */
async function problems(doc: Doc | string) {
  const res = await upload(doc);
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.json().type).toBe('/problems/invalid-logic-model');
  return res.json().problems.map((p: Doc) => [p.subject, p.id, p.code]);
}

describe('a prefecture’s own logic model through the API', () => {
  it('starts with the shipped Okinawa model as version 1, in force', async () => {
    const versions = (await get('/v1/logic-model-versions/47')).json();
    expect(versions).toEqual([expect.objectContaining({ prefecture: '47', version: 1, id: 'okinawa-2026', format: 'file', active: true })]);
    expect((await get('/v1/logic-models')).json()).toEqual([expect.objectContaining({ id: 'okinawa-2026', modelVersion: 1 })]);
  });

  it('rejects each class of error with 422 naming the node or indicator, and stores nothing', async () => {
    expect(await problems('id: x\nnodes: [\n')).toEqual([[null, null, 'yaml_syntax']]);
    const edit = (f: (d: Doc) => void) => {
      const d = okinawaDoc();
      f(d);
      return d;
    };
    const node = (d: Doc, id: string) => d.nodes.find((n: Doc) => n.id === id);
    expect(await problems(edit((d) => (node(d, 'field.light').colour = 'red')))).toEqual([['node', 'field.light', 'unknown_key']]);
    expect(await problems(edit((d) => (node(d, 'field.light').level = 'middle')))).toEqual([['node', 'field.light', 'bad_enum']]);
    expect(await problems(edit((d) => (node(d, 'field.light').parent = 'nowhere')))).toEqual([['node', 'field.light', 'unknown_parent']]);
    expect(await problems(edit((d) => node(d, 'field.light').indicators.push('no_such_indicator')))).toEqual([
      ['node', 'field.light', 'unknown_indicator'],
    ]);
    expect(await problems(edit((d) => node(d, 'field.light').scenes.push('夜間')))).toEqual([['node', 'field.light', 'unknown_scene']]);
    expect(await problems(edit((d) => (node(d, 'intermediate.home_medical_community').parent = 'initial.community_services')))).toEqual(
      expect.arrayContaining([['node', 'intermediate.home_medical_community', 'level_order']]),
    );
    expect(
      await problems(
        edit((d) => {
          node(d, 'field.light').level = 'intermediate';
          node(d, 'field.light').parent = 'intermediate.carer_support';
          node(d, 'intermediate.carer_support').parent = 'field.light';
        }),
      ),
    ).toEqual(expect.arrayContaining([['node', 'field.light', 'cycle']]));
    expect(await problems(edit((d) => d.nodes.push({ id: 'final2', level: 'final', title: '二つ目' })))).toEqual([
      ['model', 'okinawa-2026', 'multiple_final'],
    ]);
    // The prefecture's own indicators are checked as the catalogue is at start.
    const custom = (c: Doc) => {
      const d = withVisits();
      d.custom_indicators = [{ ...VISITS, ...c }];
      return d;
    };
    expect(await problems(custom({ numerator: ['ref.no_such_measure'] }))).toEqual([
      ['indicator', VISITS.id, 'unknown_measure'],
    ]);
    expect(await problems(custom({ factor: 100 }))).toEqual([['indicator', VISITS.id, 'unit_mismatch']]);
    expect(await problems(custom({ ci: 'wilson' }))).toEqual([['indicator', VISITS.id, 'ci_kind_mismatch']]);
    expect(await problems(custom({ direction: undefined }))).toEqual([['indicator', VISITS.id, 'missing_field']]);
    const dup = withVisits();
    dup.custom_indicators = [{ ...VISITS, id: 'home_death_ratio' }];
    expect(await problems(dup)).toEqual(expect.arrayContaining([['indicator', 'home_death_ratio', 'duplicate_id']]));

    expect((await get('/v1/logic-model-versions/47')).json()).toHaveLength(1);
  });

  it('stores versions, activates explicitly, computes the prefecture’s own indicator end to end, and goes back', async () => {
    const stored = await upload(stringify(withVisits()));
    expect(stored.statusCode).toBe(201);
    expect(stored.json()).toMatchObject({ prefecture: '47', version: 2, label: '2026-04', format: 'yaml', active: false });

    // Not in force yet: the gap report still names version 1 and the indicator is unknown.
    const before = (await get(`/v1/municipalities/${NAHA}/gaps?period=2024`)).json();
    expect(before.modelVersion).toBe(1);
    expect(before.indicators.some((i: Doc) => i.indicator === VISITS.id)).toBe(false);
    expect((await get(`/v1/indicators/${VISITS.id}`)).statusCode).toBe(404);

    const act = await activate(2);
    expect(act.statusCode).toBe(200);
    expect(act.json()).toMatchObject({ prefecture: '47', version: 2, warnings: [] });
    expect(act.json().recomputed.map((r: Doc) => r.period)).toEqual(expect.arrayContaining([2023, 2024]));

    // Computed from summed measures: (visits + calls) ÷ insured × 10,000, by hand from the two standard indicators.
    const unit = async (id: string) =>
      (await get(`/v1/indicators/${id}/values?period=2024&level=municipality`)).json().values.find((v: Doc) => v.code === NAHA);
    const [visits, calls, mine] = [await unit('home_visit_medical_per_10k'), await unit('house_call_per_10k'), await unit(VISITS.id)];
    expect(mine.denominator).toBe(visits.denominator);
    expect(mine.numerator).toBe(visits.numerator + calls.numerator);
    expect(mine.value).toBeCloseTo(((visits.numerator + calls.numerator) / visits.denominator) * 10000, 9);
    expect(mine.ci95.lower).toBeLessThan(mine.value);
    expect(mine.ci95.upper).toBeGreaterThan(mine.value);

    const report = (await get(`/v1/municipalities/${NAHA}/gaps?period=2024`)).json();
    expect(report.modelVersion).toBe(2);
    expect(report.indicators.find((i: Doc) => i.indicator === VISITS.id)).toMatchObject({
      nodes: [{ node: 'intermediate.home_medical_community', role: 'main' }],
    });
    expect((await get(`/v1/indicators/${VISITS.id}`)).json()).toMatchObject({ id: VISITS.id, kind: 'rate', factor: 10000 });

    // Every version stays readable; going back to 1 drops the indicator again.
    const v2 = (await get('/v1/logic-model-versions/47/2', viewer)).json();
    expect(v2.customIndicators.map((i: Doc) => i.id)).toEqual([VISITS.id]);
    expect(v2.stored).toMatchObject({ version: 2, active: true });
    expect(v2.source).toContain('custom_indicators');
    expect((await activate(1)).statusCode).toBe(200);
    expect((await get(`/v1/logic-model-versions/47`)).json().map((v: Doc) => [v.version, v.active])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await get(`/v1/municipalities/${NAHA}/gaps?period=2024`)).json().modelVersion).toBe(1);
    expect((await get(`/v1/logic-model-versions/47/1`)).json().customIndicators).toEqual([]);
    // Two activations each recompute every period of the prefecture in full (slow on PGlite).
  }, 240_000);

  it('enforces the role matrix on every route', async () => {
    const doc = withVisits();
    // Upload: analysts of the prefecture and admins; not municipality or viewer keys, nor another prefecture's analyst.
    expect((await upload(doc, naha)).statusCode).toBe(403);
    expect((await upload(doc, viewer)).statusCode).toBe(403);
    expect((await upload(doc, tokyo)).statusCode).toBe(403);
    expect((await upload(doc, t.admin)).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/v1/logic-models', payload: doc })).statusCode).toBe(401);
    // Activate: the same.
    expect((await activate(1, naha)).statusCode).toBe(403);
    expect((await activate(1, viewer)).statusCode).toBe(403);
    expect((await activate(1, tokyo)).statusCode).toBe(403);
    expect((await activate(9, analyst)).statusCode).toBe(404);
    // Reading versions: every reader.
    for (const k of [analyst, naha, viewer, tokyo]) {
      expect((await get('/v1/logic-model-versions/47', k)).statusCode).toBe(200);
      expect((await get('/v1/logic-model-versions/47/1', k)).statusCode).toBe(200);
    }
    expect((await get('/v1/logic-model-versions/47/99')).statusCode).toBe(404);
  });
});
