/**
 * Charts on the Okinawa fixtures, through GET /v1/charts/{kind}: every kind validates against the
 * Vega-Lite schema and compiles without warnings (including a suppressed municipality and one
 * without a target); suppressed values never reach a spec; viewers get aggregates only; SVG and
 * PNG carry the Japanese text.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { checkSpec } from '../helpers/vega-lite-schema.js';
import { MAX_PNG_PIXELS } from '../../src/modules/charts/charts.service.js';

const WAVE = 2024;
let t: TestApp;
let analyst: { authorization: string };
let viewer: { authorization: string };
/** A proportion with a suppressed municipality; that municipality; an indicator × municipality without target. */
let ind: string;
let hidden: { code: string; name: string };
let noTarget: { indicator: string; code: string };
const get = (url: string, auth = analyst) => t.app.inject({ url, headers: auth });

type GapRow = { municipality: { code: string; name: string }; status: string; value: { value: number } | null };

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  viewer = await t.keyFor('viewer');
  await loadGapFixtures(t.services, { wave: WAVE, scale: 0.2 });
  const imported = await t.app.inject({
    method: 'POST',
    url: '/v1/targets/import?prefecture=47',
    headers: { ...analyst, 'content-type': 'text/csv' },
    payload: await gapTargetFile(t.services, WAVE),
  });
  expect(imported.statusCode).toBe(200);
  for (const d of await t.services.indicators.definitions('okinawa-2026', '47')) {
    if (d.status !== 'active' || d.kind !== 'proportion' || !d.direction || d.direction === 'none') continue;
    const g = (await get(`/v1/indicators/${d.id}/gaps?period=${WAVE}`)).json();
    const s = (g.municipalities as GapRow[]).find((m) => m.status === 'suppressed');
    if (s && g.funnel) {
      ind = d.id;
      hidden = s.municipality;
      break;
    }
  }
  const report = (await get(`/v1/municipalities/472018/gaps?model=okinawa-2026&period=${WAVE}`)).json();
  const nt = (report.indicators as { indicator: string; status: string }[]).find((r) => r.status === 'no_target')!;
  noTarget = { indicator: nt.indicator, code: '472018' };
}, 600_000);
afterAll(async () => t?.close());

const KINDS: [kind: string, query: () => string][] = [
  ['comparison', () => `indicator=${ind}`],
  ['funnel', () => `indicator=${ind}`],
  ['trend', () => `indicator=${ind}&municipality=${hidden.code}&from=${WAVE - 3}`],
  ['profile', () => `municipality=${hidden.code}`],
  ['logic-model', () => `municipality=${hidden.code}`],
];

describe('every kind: a valid Vega-Lite spec that compiles without warnings', () => {
  it.each(KINDS)('%s', async (kind, query) => {
    const res = await get(`/v1/charts/${kind}?period=${WAVE}&${query()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const spec = res.json();
    expect(checkSpec(spec)).toEqual({ errors: [], warnings: [] });
    expect(JSON.stringify(spec)).toContain(kind === 'comparison' || kind === 'funnel' ? '秘匿' : '');
  });

  it('a municipality without a target: trend and comparison still valid, judged 目標なし', async () => {
    for (const kind of ['trend', 'comparison']) {
      const res = await get(
        `/v1/charts/${kind}?period=${WAVE}&indicator=${noTarget.indicator}&municipality=${noTarget.code}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(checkSpec(res.json())).toEqual({ errors: [], warnings: [] });
      expect(res.body).toContain('目標なし');
    }
  });
});

describe('disclosure control and visibility', () => {
  it('a suppressed municipality has a 秘匿 mark and no number in the comparison', async () => {
    const spec = (await get(`/v1/charts/comparison?period=${WAVE}&indicator=${ind}`)).json();
    const row = spec.data.values.find((v: { name: string }) => v.name === hidden.name);
    expect(row).toMatchObject({ status: '秘匿', value: null, lower: null, upper: null, ci: '', mark: '秘匿' });
  });

  it('the suppressed municipality is not a point of the funnel, only named as 秘匿', async () => {
    const spec = (await get(`/v1/charts/funnel?period=${WAVE}&indicator=${ind}`)).json();
    const points = spec.layer.at(-1).data.values as { name: string }[];
    expect(points.map((p) => p.name)).not.toContain(hidden.name);
    expect(spec.title.subtitle.join('')).toContain(hidden.name);
  });

  it('viewer keys read areas only', async () => {
    expect((await get(`/v1/charts/comparison?period=${WAVE}&indicator=${ind}`, viewer)).statusCode).toBe(403);
    expect((await get(`/v1/charts/trend?period=${WAVE}&indicator=${ind}&municipality=472018`, viewer)).statusCode).toBe(
      403,
    );
    for (const [kind, q] of [
      ['comparison', `indicator=${ind}&level=area`],
      ['funnel', `indicator=${ind}&level=area`],
      ['trend', `indicator=${ind}&area=南部`],
      ['profile', 'area=南部'],
      ['logic-model', ''],
    ]) {
      const res = await get(`/v1/charts/${kind}?period=${WAVE}&${q}`, viewer);
      expect(res.statusCode, `${kind} ${res.body}`).toBe(200);
      expect(checkSpec(res.json())).toEqual({ errors: [], warnings: [] });
      expect(res.body).not.toContain('那覇市');
    }
  });
});

describe('rendered on the server with the Japanese font', () => {
  it('SVG holds 那覇市 as text', async () => {
    const res = await get(`/v1/charts/comparison?period=${WAVE}&indicator=${ind}&format=svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/<text[^>]*>那覇市<\/text>/);
  });

  it('PNG of the requested size, with ink in the label column', async () => {
    const res = await get(
      `/v1/charts/comparison?period=${WAVE}&indicator=${ind}&format=png&width=800&height=900&scale=2`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(res.rawPayload);
    expect([png.width, png.height]).toEqual([1600, 1800]);
    // The municipality names sit in the left eighth, below the title: count dark pixels there.
    let dark = 0;
    for (let y = 200; y < 1700; y++)
      for (let x = 0; x < 200; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i] < 128 && png.data[i + 1] < 128 && png.data[i + 2] < 128) dark++;
      }
    expect(dark).toBeGreaterThan(2000);
  });

  it('refuses a PNG beyond 40 million pixels before drawing it, and draws one just within', async () => {
    // 4000 × 6000 at scale 4 would be 16,000 × 24,000 pixels: 1.5 GB while drawn.
    const big = await get(`/v1/charts/comparison?period=${WAVE}&indicator=${ind}&format=png&width=4000&height=6000&scale=4`);
    expect(big.statusCode, big.body).toBe(400);
    expect(big.json().errors).toEqual([expect.objectContaining({ path: 'scale', code: 'too_big' })]);
    expect(big.json().detail).toContain('16,000 × 24,000');
    // The default size of every kind at the largest scale stays within it.
    for (const kind of ['comparison', 'funnel', 'trend', 'profile', 'logic-model']) {
      const spec = (await get(`/v1/charts/${kind}?period=${WAVE}&indicator=${ind}&municipality=472018`)).json();
      expect(spec.width * spec.height * 16, kind).toBeLessThanOrEqual(MAX_PNG_PIXELS);
    }
  });
});
