import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { logicModelsDir } from '../../src/paths.js';
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
});
afterAll(async () => t?.close());

const REGISTER = [
  '市町村コード,名称,種別,往診可能,24時間対応,看取り対応,在宅医療において積極的役割を担う医療機関,連携拠点',
  `${NAHA},那覇在宅クリニック,在宅療養支援診療所・病院,○,○,○,○,`,
  `${NAHA},首里診療所,診療所,○,,,,`,
  `${NAHA},泊診療所,診療所,,,,,`,
  `${NAHA},那覇訪問看護ステーション,訪問看護ステーション,,○,○,,`,
  `${NAHA},那覇市医師会在宅医療支援センター,その他,,,,,○`,
  `${NAHA},那覇総合病院,在宅療養支援診療所・病院,○,○,,○,`,
  `${GINOWAN},宜野湾訪問看護,訪問看護ステーション,,,,,`,
].join('\r\n');

const load = (body: string | Buffer, headers: Auth = analyst, period = 2024) =>
  t.app.inject({ method: 'POST', url: `/v1/register/import?prefecture=47&period=${period}&as_of=2024-04-01`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body });
const get = (url: string, headers: Auth = analyst) => t.app.inject({ method: 'GET', url, headers });

describe('the resource register', () => {
  it('loads a Shift_JIS file with Japanese headers, idempotently, and answers filters and counts', async () => {
    const first = await load(iconv.encode(REGISTER, 'cp932'));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ rows: 7, municipalities: 2, unchanged: false, warnings: [] });
    const again = await load(iconv.encode(REGISTER, 'cp932'));
    expect(again.json()).toMatchObject({ unchanged: true, importId: first.json().importId });
    expect((await get('/v1/register/imports')).json()).toHaveLength(1);

    const zaishi = (await get(`/v1/register?municipality=${NAHA}&type=home_care_support`, viewer)).json();
    expect(zaishi.map((e: Doc) => e.name)).toEqual(['那覇在宅クリニック', '那覇総合病院']);
    expect(zaishi[0]).toMatchObject({ typeLabel: '在宅療養支援診療所・病院', flags: { house_call: true, round_the_clock: true, end_of_life: true, active_role: true, hub: false } });
    expect((await get('/v1/register?flag=hub')).json().map((e: Doc) => e.name)).toEqual(['那覇市医師会在宅医療支援センター']);

    const counts = (await get('/v1/register/counts')).json();
    expect(counts.period).toBe(2024);
    const nahaCounts = counts.municipalities.find((m: Doc) => m.municipality === NAHA).counts;
    expect(nahaCounts).toMatchObject({
      'register.home_care_support': 2,
      'register.clinic': 2,
      'register.visiting_nursing': 1,
      'register.other': 1,
      'register.hospital': 0,
      'register.flag.house_call': 3,
      'register.flag.round_the_clock': 3,
      'register.flag.end_of_life': 2,
      'register.flag.hub': 1,
      'register.clinics_house_call': 3,
    });
    // The counts are measures of the period.
    const m = (await get(`/v1/measures?measure=register.home_care_support&municipality=${NAHA}&wave=2024`)).json();
    expect(m).toEqual([expect.objectContaining({ value: 2, source: 'register' })]);
  });

  it('rejects a file with any bad row as a whole', async () => {
    const before = (await get('/v1/register/counts')).json();
    const bad = [
      'municipality_code,name,type,house_call',
      `${NAHA},A,clinic,1`,
      `999999,B,clinic,1`,
      `${NAHA},C,歯科,1`,
      `${NAHA},D,clinic,たぶん`,
      `${NAHA},,clinic,1`,
    ].join('\n');
    const res = await load(bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: Doc) => [e.row, e.column, e.code])).toEqual([
      [3, 'municipality_code', 'unknown_municipality'],
      [4, 'type', 'invalid_type'],
      [5, 'house_call', 'invalid_flag'],
      [6, 'name', 'required'],
    ]);
    expect((await get('/v1/register/counts')).json()).toEqual(before);
  });

  it('feeds a prefecture indicator computed from the register counts', async () => {
    const doc = parse(readFileSync(join(logicModelsDir, 'okinawa-2026.yaml'), 'utf8'));
    doc.custom_indicators = [
      {
        id: 'register_zaishi_per_10k',
        label_ja: '在宅療養支援診療所・病院数（第1号被保険者1万人当たり、県の資源台帳）',
        status: 'active',
        kind: 'rate',
        unit: 'per_10k',
        numerator: ['register.home_care_support'],
        denominator: ['ref.insured.first'],
        factor: 10000,
        direction: 'higher_is_better',
        ci: 'none',
        disclosure: 'none',
        source: '沖縄県 地域の医療・介護資源台帳',
        rule_version: 'okinawa-1',
      },
    ];
    doc.nodes.find((n: Doc) => n.id === 'initial.home_medical').indicators.push('register_zaishi_per_10k');
    const up = await t.app.inject({ method: 'POST', url: '/v1/logic-models?activate=true', headers: analyst, payload: doc });
    expect(up.statusCode).toBe(201);
    const value = async () =>
      (await get(`/v1/indicators/register_zaishi_per_10k/values?period=2024&level=municipality`)).json().values.find((v: Doc) => v.code === NAHA);
    const insured = (await get(`/v1/indicators/home_visit_medical_per_10k/values?period=2024&level=municipality`)).json().values.find((v: Doc) => v.code === NAHA).denominator;
    const v = await value();
    expect(v).toMatchObject({ numerator: 2, denominator: insured });
    expect(v.value).toBeCloseTo((2 / insured) * 10000, 9);
    // A new register for the period replaces 那覇市's entries and the indicator follows.
    const more = `${REGISTER}\r\n${NAHA},新都心在宅クリニック,在宅療養支援診療所・病院,○,,,,`;
    expect((await load(iconv.encode(more, 'cp932'))).json()).toMatchObject({ unchanged: false, warnings: [] });
    expect((await value()).numerator).toBe(3);
    expect((await get('/v1/register/imports')).json()).toHaveLength(2);
  });

  it('enforces the role matrix on every route', async () => {
    for (const k of [naha, viewer, tokyo]) expect((await load(REGISTER, k)).statusCode).toBe(403);
    for (const k of [analyst, naha, viewer]) {
      expect((await get('/v1/register', k)).statusCode).toBe(200);
      expect((await get('/v1/register/counts', k)).statusCode).toBe(200);
    }
    expect((await get('/v1/register?prefecture=47', tokyo)).statusCode).toBe(403);
    expect((await get('/v1/register/counts?prefecture=47', tokyo)).statusCode).toBe(403);
    for (const k of [naha, viewer]) expect((await get('/v1/register/imports', k)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/register' })).statusCode).toBe(401);
  });
});
