import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { GINOWAN, NAHA, okinawa, referenceClient } from '../helpers/reference.js';

type Doc = Record<string, any>;
type Auth = { authorization: string };
let t: TestApp;
let analyst: Auth;
let naha: Auth;
let viewer: Auth;
let tokyo: Auth;
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  naha = await t.keyFor('municipality', { prefecture: '47', municipality: NAHA });
  viewer = await t.keyFor('viewer');
  tokyo = await t.keyFor('analyst', { prefecture: '13' });
  expect((await referenceClient(t).post(toCsv(okinawa))).statusCode).toBe(201);
  // 那覇市 far short of its own 自宅等での死亡割合 target: 中重度者支援・在宅 is off target.
  const target = await t.app.inject({
    method: 'PUT',
    url: '/v1/targets',
    headers: analyst,
    payload: { indicator: 'home_death_ratio', scope: 'municipality', code: NAHA, targetYear: 2026, value: 95 },
  });
  expect(target.statusCode).toBe(201);
});
afterAll(async () => t?.close());

const measure = (payload: Doc, headers = analyst) => t.app.inject({ method: 'POST', url: '/v1/pdca/measures', headers, payload });
const note = (payload: Doc, headers = analyst) => t.app.inject({ method: 'POST', url: '/v1/pdca/notes', headers, payload });
const get = (url: string, headers = analyst) => t.app.inject({ method: 'GET', url, headers });
const base = { municipality: NAHA, status: 'ongoing', fromYear: 2024, toYear: 2026 };

describe('measures (個別施策) and review notes in the gap report', () => {
  it('lists under each off-target node the measures on it or on the nodes below it', async () => {
    const below = await measure({ ...base, node: 'activity.emergency_scheme', title: '急変時の対応ルールの共有', scenes: ['急変時の対応'], budgetNote: '地域支援事業 120万円' }, naha);
    expect(below.statusCode).toBe(201);
    const on = await measure({ ...base, node: 'field.moderate_home', title: '看取り研修', scenes: ['看取り'] });
    expect(on.statusCode).toBe(201);
    const elsewhere = await measure({ ...base, node: 'activity.rehab_joint_visits', title: 'リハ職同行訪問', scenes: ['日常の療養支援'] });
    expect(elsewhere.statusCode).toBe(201);
    const neighbour = await measure({ ...base, municipality: GINOWAN, node: 'activity.emergency_scheme', title: '宜野湾の施策', scenes: [] });
    expect(neighbour.statusCode).toBe(201);
    expect((await note({ municipality: NAHA, period: 2024, node: 'field.moderate_home', text: '在宅看取りの体制を次期計画で強化する' }, naha)).statusCode).toBe(201);
    expect((await note({ municipality: NAHA, period: 2023, indicator: 'home_death_ratio', text: '前年度の振り返り' })).statusCode).toBe(201);

    const report = (await get(`/v1/municipalities/${NAHA}/gaps?period=2024`, naha)).json();
    const moderate = report.actions.offTarget.find((o: Doc) => o.node === 'field.moderate_home');
    expect(moderate.indicators).toContain('home_death_ratio');
    expect(moderate.measures.map((m: Doc) => m.title).sort()).toEqual(['急変時の対応ルールの共有', '看取り研修']);
    expect(moderate.measures.find((m: Doc) => m.node === 'activity.emergency_scheme')).toMatchObject({
      scenes: ['急変時の対応'],
      status: 'ongoing',
      fromYear: 2024,
      toYear: 2026,
      budgetNote: '地域支援事業 120万円',
    });
    // field.light has no target, so it is not off target and its measure is listed nowhere.
    expect(report.actions.offTarget.some((o: Doc) => o.node === 'field.light')).toBe(false);
    expect(report.actions.notes).toEqual([
      expect.objectContaining({ period: 2024, node: 'field.moderate_home', author: 'test municipality', text: '在宅看取りの体制を次期計画で強化する' }),
    ]);

    // Notes are listed by period.
    const notes = (await get('/v1/pdca/notes?period=2023')).json();
    expect(notes.map((n: Doc) => [n.municipality, n.indicator])).toEqual([[NAHA, 'home_death_ratio']]);

    // The report is cached at the data version: a new note is in the very next report, and its
    // numbers carry no binary-float noise (at most 15 significant digits).
    const raw = (await get(`/v1/municipalities/${NAHA}/gaps?period=2024`, naha)).body;
    const noisy: number[] = [];
    JSON.parse(raw, (_k, v) => {
      if (typeof v === 'number' && v !== Number(v.toPrecision(15))) noisy.push(v);
      return v;
    });
    expect(noisy).toEqual([]);
    expect((await note({ municipality: NAHA, period: 2024, node: 'field.moderate_home', text: '二つ目の振り返り' }, naha)).statusCode).toBe(201);
    const again = (await get(`/v1/municipalities/${NAHA}/gaps?period=2024`, naha)).json();
    expect(again.actions.notes.map((n: Doc) => n.text)).toEqual(expect.arrayContaining(['在宅看取りの体制を次期計画で強化する', '二つ目の振り返り']));
  });

  it('checks node, scenes and years, and changes and deletes measures', async () => {
    const bad = await measure({ ...base, node: 'no.such_node', title: 'x', scenes: ['夜間対応'], fromYear: 2027, toYear: 2025 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: Doc) => [e.column, e.code])).toEqual([
      ['node', 'unknown_node'],
      ['scenes', 'unknown_scene'],
      ['toYear', 'period_order'],
    ]);
    expect((await note({ municipality: NAHA, period: 2024, text: 'どこにも紐づかない' })).statusCode).toBe(422);
    expect((await note({ municipality: NAHA, period: 2024, indicator: 'nope', text: 'x' })).statusCode).toBe(422);

    const created = (await measure({ ...base, node: 'activity.dialogue', title: '運営協議会', scenes: [] })).json();
    const put = await t.app.inject({ method: 'PUT', url: `/v1/pdca/measures/${created.id}`, headers: naha, payload: { ...base, node: 'activity.dialogue', title: '運営協議会', scenes: [], status: 'completed' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ status: 'completed', updatedBy: 'test municipality' });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/pdca/measures/${created.id}`, headers: naha })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/pdca/measures/${created.id}`, headers: naha })).statusCode).toBe(404);
  });

  it('enforces the role matrix on every route', async () => {
    const m = { ...base, node: 'activity.awareness', title: '普及啓発', scenes: [] };
    expect((await measure({ ...m, municipality: GINOWAN }, naha)).statusCode).toBe(403);
    expect((await measure(m, viewer)).statusCode).toBe(403);
    expect((await measure(m, tokyo)).statusCode).toBe(403);
    expect((await measure(m, t.admin)).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/v1/pdca/measures', payload: m })).statusCode).toBe(401);
    // A municipality key lists its own measures only, whatever it asks.
    const own = (await get('/v1/pdca/measures', naha)).json();
    expect(new Set(own.map((x: Doc) => x.municipality))).toEqual(new Set([NAHA]));
    expect((await get(`/v1/pdca/measures?municipality=${GINOWAN}`, naha)).statusCode).toBe(403);
    expect(new Set((await get('/v1/pdca/measures')).json().map((x: Doc) => x.municipality))).toEqual(new Set([NAHA, GINOWAN]));
    expect((await get('/v1/pdca/measures', viewer)).statusCode).toBe(403);
    expect((await get('/v1/pdca/measures?prefecture=47', tokyo)).statusCode).toBe(403);
    // Changing another municipality's measure.
    const theirs = (await get(`/v1/pdca/measures?municipality=${GINOWAN}`)).json()[0];
    const change = { ...base, municipality: GINOWAN, node: theirs.node, title: 'x', scenes: [] };
    expect((await t.app.inject({ method: 'PUT', url: `/v1/pdca/measures/${theirs.id}`, headers: naha, payload: change })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/pdca/measures/${theirs.id}`, headers: naha })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/pdca/measures/${theirs.id}`, headers: viewer })).statusCode).toBe(403);
    // Notes: the same.
    const n = { municipality: GINOWAN, period: 2024, node: 'final', text: 'x' };
    expect((await note(n, naha)).statusCode).toBe(403);
    expect((await note(n, viewer)).statusCode).toBe(403);
    expect((await note(n, tokyo)).statusCode).toBe(403);
    expect((await note(n)).statusCode).toBe(201);
    expect(new Set((await get('/v1/pdca/notes', naha)).json().map((x: Doc) => x.municipality))).toEqual(new Set([NAHA]));
    expect((await get('/v1/pdca/notes', viewer)).statusCode).toBe(403);
    expect((await get('/v1/pdca/notes?prefecture=47', tokyo)).statusCode).toBe(403);
    // The gap report with its actions: municipality keys their own only.
    expect((await get(`/v1/municipalities/${GINOWAN}/gaps?period=2024`, naha)).statusCode).toBe(403);
  });
});
