/**
 * CSV beside JSON for every list an analyst loads into Excel: indicator values, the three gap views,
 * priorities, survey and reference uploads, targets. The CSV carries the same rows as the JSON the
 * same key reads — so the same visibility and disclosure control — with a BOM, CRLF and Japanese labels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';

const WAVE = 2024;
let t: TestApp;
let analyst: { authorization: string };
let naha: { authorization: string };

/** CSV text → rows of cells (the fixtures hold no quoted line breaks). */
function parse(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  return text
    .slice(1, -2)
    .split('\r\n')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
        .map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'))
        .slice(0, -1),
    );
}
const csv = async (url: string, auth = analyst, accept = false) => {
  const res = await t.app.inject({
    url: accept ? url : `${url}${url.includes('?') ? '&' : '?'}format=csv`,
    headers: accept ? { ...auth, accept: 'text/csv' } : auth,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
  return parse(res.body);
};
const json = async (url: string, auth = analyst) => (await t.app.inject({ url, headers: auth })).json();

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  naha = await t.keyFor('municipality', { municipality: '472018' });
  await loadGapFixtures(t.services, { wave: WAVE, scale: 0.1 });
  const targets = await gapTargetFile(t.services, WAVE);
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/targets/import?prefecture=47',
    headers: { ...analyst, 'content-type': 'text/csv' },
    payload: `${targets}\nhome_death_ratio,municipality,472051,2030,50,,,"=HYPERLINK(""http://x"",""y"")"`,
  });
  expect(res.statusCode, res.body).toBe(200);
}, 600_000);
afterAll(async () => t?.close());

describe('CSV for every list endpoint', () => {
  it('indicator values: the same units, numbers and suppression as the JSON', async () => {
    const url = `/v1/indicators/motor_risk_rate/values?period=${WAVE}`;
    const body = await json(url);
    const rows = await csv(url);
    const [header, ...data] = rows;
    expect(header.slice(0, 8)).toEqual(['指標ID', '指標名', '単位', '期間', '区分', 'コード', '名称', '状態']);
    expect(data).toHaveLength(body.values.length);
    const col = (name: string) => header.indexOf(name);
    for (const [i, v] of body.values.entries()) {
      const r = data[i];
      expect(r[col('コード')]).toBe(v.code);
      expect(r[col('値')]).toBe(v.value === null ? '' : String(v.value));
      if (v.suppressed) {
        expect(r[col('状態')]).toBe('秘匿');
        for (const c of ['分子', '分母', '値', '95%信頼区間下限', '95%信頼区間上限']) expect(r[col(c)]).toBe('');
      }
    }
    expect(data.some((r) => r[col('状態')] === '秘匿')).toBe(true);
    // Accept: text/csv answers the same file.
    expect(await csv(url, analyst, true)).toEqual(rows);
  });

  it('a municipality key gets its own municipality only, as in JSON', async () => {
    const rows = await csv(`/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality`, naha);
    expect(rows.slice(1).map((r) => r[5])).toEqual(['472018']);
    const gaps = await csv(`/v1/indicators/motor_risk_rate/gaps?period=${WAVE}`, naha);
    expect(gaps.slice(1).map((r) => r[0])).toEqual(['472018']);
    const pri = await csv(`/v1/gaps/priorities?period=${WAVE}`, naha);
    expect(new Set(pri.slice(1).map((r) => r[1]))).toEqual(new Set(pri.length > 1 ? ['472018'] : []));
  });

  it('the three gap views and the priorities', async () => {
    const m = await csv(`/v1/municipalities/472018/gaps?period=${WAVE}`);
    const mj = await json(`/v1/municipalities/472018/gaps?period=${WAVE}`);
    expect(m[0].slice(0, 5)).toEqual(['市町村コード', '市町村名', '圏域', '指標ID', '指標名']);
    expect(m).toHaveLength(mj.indicators.length + 1);
    const gapCol = m[0].indexOf('ギャップ（正＝不足）');
    for (const [i, g] of mj.indicators.entries()) expect(m[i + 1][gapCol]).toBe(g.gap === null ? '' : String(g.gap));

    const ind = await csv(`/v1/indicators/home_death_ratio/gaps?period=${WAVE}`);
    expect(ind).toHaveLength(42);
    const agg = await csv(`/v1/prefectures/47/gaps?period=${WAVE}`);
    const aj = await json(`/v1/prefectures/47/gaps?period=${WAVE}`);
    expect(agg).toHaveLength(
      1 + aj.units.reduce((n: number, u: { indicators: unknown[] }) => n + u.indicators.length, 0),
    );
    expect(agg[1][0]).toBe('都道府県');
    const pri = await csv(`/v1/gaps/priorities?period=${WAVE}&limit=5`);
    expect(pri[0][0]).toBe('順位');
    expect(pri.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('uploads and targets; text that looks like a formula stays text', async () => {
    const up = await csv('/v1/surveys/needs/uploads');
    expect(up[0][0]).toBe('アップロードID');
    expect(up[1][up[0].indexOf('ファイル名')]).toBe('needs.csv');
    const ref = await csv('/v1/reference-statistics/uploads');
    expect(ref[1][ref[0].indexOf('ファイル名')]).toBe('reference.csv');
    const res = await t.app.inject({ url: '/v1/targets?format=csv&indicator=home_death_ratio', headers: analyst });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const tg = parse(res.body);
    expect(tg[0]).toContain('目標値');
  });

  it('JSON stays the default; errors stay problem+json; OpenAPI documents text/csv and format', async () => {
    const res = await t.app.inject({
      url: '/v1/targets',
      headers: { ...analyst, accept: 'application/json, text/csv;q=0.5' },
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const bad = await t.app.inject({ url: '/v1/indicators/nope/values?period=2024&format=csv', headers: analyst });
    expect(bad.statusCode).toBe(404);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const path of [
      '/v1/indicators/{id}/values',
      '/v1/municipalities/{code}/gaps',
      '/v1/indicators/{id}/gaps',
      '/v1/prefectures/{pref}/gaps',
      '/v1/gaps/priorities',
      '/v1/surveys/{kind}/uploads',
      '/v1/reference-statistics/uploads',
      '/v1/targets',
    ]) {
      const op = spec.paths[path].get;
      expect(Object.keys(op.responses['200'].content), path).toEqual(['application/json', 'text/csv']);
      expect(
        op.parameters.some((p: { name: string }) => p.name === 'format'),
        path,
      ).toBe(true);
    }
  });
});
