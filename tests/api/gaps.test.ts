/**
 * End to end on the Okinawa fixtures: the four surveys and two years of reference statistics in,
 * a bulk target file (prefecture, area and municipality targets) through the import API, then
 * every municipality's gap report, one indicator across the prefecture with its funnel, and the
 * priorities — each status occurs, and suppressed values never show numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gapTargetFile, loadGapFixtures, NO_FACILITY } from '../helpers/okinawa-gaps.js';

const WAVE = 2024;
type Row = {
  indicator: string;
  status: string;
  value: { value: number; lower: number | null; upper: number | null } | null;
  gap: number | null;
  achievementRatio: number | null;
  progressRatio: number | null;
  target: { source: string; value: number } | null;
  comparison: {
    area: { value: number | null; result: string | null };
    prefecture: { value: number | null; result: string | null };
  };
  trend: { change: number; significant: boolean | null; previousPeriod: number | null } | null;
  upstream: unknown[] | null;
};
type Unit = {
  level: string;
  code: string;
  status: string;
  value: number | null;
  ci95: { lower: number; upper: number } | null;
};

let t: TestApp;
let analyst: { authorization: string };
const reports = new Map<string, Row[]>();
const suppressed = new Map<string, string>(); // `indicator|municipality` → suppressed | not_shown, as the indicators API says
const get = (url: string, auth = analyst) => t.app.inject({ url, headers: auth });

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  await loadGapFixtures(t.services, { wave: WAVE, scale: 0.2 });
  const imported = await t.app.inject({
    method: 'POST',
    url: '/v1/targets/import?prefecture=47',
    headers: { ...analyst, 'content-type': 'text/csv' },
    payload: await gapTargetFile(t.services, WAVE),
  });
  expect(imported.statusCode).toBe(200);
  for (const d of (await t.services.indicators.definitions('okinawa-2026', '47')).filter((x) => x.status === 'active')) {
    const { values } = await t.services.indicators.values({
      indicator: d.id,
      prefecture: '47',
      period: WAVE,
      levels: ['municipality'],
    });
    for (const v of values as Unit[])
      if (v.status === 'suppressed' || v.status === 'not_shown') suppressed.set(`${d.id}|${v.code}`, v.status);
  }
  const ms = (await get('/v1/municipalities?prefecture=47')).json() as { code: string }[];
  for (const m of ms) {
    const res = await get(`/v1/municipalities/${m.code}/gaps?model=okinawa-2026&period=${WAVE}`);
    expect(res.statusCode).toBe(200);
    reports.set(m.code, res.json().indicators);
  }
}, 600_000);
afterAll(async () => t?.close());

describe('municipality gap reports on the Okinawa fixtures', () => {
  it('every municipality has a report with every indicator of the model', () => {
    expect(reports.size).toBe(41);
    const counts = new Set([...reports.values()].map((r) => r.length));
    expect(counts.size).toBe(1);
    expect([...counts][0]).toBeGreaterThan(30);
  });

  it('a municipality without the survey’s data has no data', () => {
    const row = reports.get(NO_FACILITY)!.find((r) => r.indicator === 'facility_relocation_rate')!;
    expect(row).toMatchObject({ status: 'no_data', value: null, gap: null });
  });

  it('each status occurs', () => {
    const seen = new Set([...reports.values()].flat().map((r) => r.status));
    for (const s of [
      'achieved',
      'not_achieved_significant',
      'not_achieved_not_significant',
      'suppressed',
      'no_data',
      'no_target',
      'not_yet_measurable',
    ]) {
      expect(seen, s).toContain(s);
    }
  });

  it('suppressed and withheld values never show numbers, and say so in the values’ own words', () => {
    let n = 0;
    for (const [code, rows] of reports) {
      for (const r of rows) {
        if (!suppressed.has(`${r.indicator}|${code}`)) continue;
        n++;
        // One vocabulary: a value suppressed (or not_shown) in the values endpoint is so in the gaps.
        expect(r.status).toBe(suppressed.get(`${r.indicator}|${code}`));
        expect(r).toMatchObject({ value: null, gap: null, achievementRatio: null, progressRatio: null, trend: null });
        expect(r.comparison.area.result).toBeNull();
        expect(r.comparison.prefecture.result).toBeNull();
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('a shortfall carries its gap, target source and upstream path; inheritance shows', () => {
    const rows = [...reports.values()].flat();
    const short = rows.filter((r) => r.status.startsWith('not_achieved'));
    expect(short.every((r) => r.gap! > 0 && r.upstream !== null)).toBe(true);
    expect(rows.filter((r) => r.status === 'achieved').every((r) => r.gap! <= 0)).toBe(true);
    const sources = new Set(rows.map((r) => r.target?.source).filter(Boolean));
    expect(sources).toEqual(new Set(['municipality', 'area', 'prefecture']));
    const miyako = reports.get('472140')!.find((r) => r.target?.source === 'area');
    expect(miyako).toBeDefined();
    expect(rows.some((r) => r.trend && r.trend.previousPeriod === WAVE - 1)).toBe(true);
  });

  it('shows each indicator at its latest period with data, and says which', async () => {
    // Nothing was loaded for WAVE + 1: every value comes from WAVE, and says so.
    const later = (await get(`/v1/municipalities/472018/gaps?model=okinawa-2026&period=${WAVE + 1}`)).json();
    const now = (await get(`/v1/municipalities/472018/gaps?model=okinawa-2026&period=${WAVE}`)).json();
    const byId = (b: { indicators: { indicator: string; period: number | null; value: unknown }[] }) =>
      new Map(b.indicators.map((r) => [r.indicator, r]));
    const a = byId(later);
    const b = byId(now);
    const withData = [...b.values()].filter((r) => r.value !== null);
    expect(withData.length).toBeGreaterThan(0);
    for (const r of withData) {
      expect(r.period).toBe(WAVE);
      expect(a.get(r.indicator)).toMatchObject({ period: WAVE, value: r.value });
    }
  });

  it('names every node of the upstream paths once, with its level and title', async () => {
    const body = (await get(`/v1/municipalities/472051/gaps?period=${WAVE}`)).json();
    const named = body.indicators.flatMap((r: { upstream: { node: string }[] | null }) =>
      (r.upstream ?? []).map((u) => u.node),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const id of named)
      expect(body.nodes[id]).toMatchObject({ level: expect.any(String), title: expect.any(String) });
  });
});

describe('one indicator across the prefecture, priorities and access', () => {
  it('lists every municipality with funnel data that leaves suppressed ones out', async () => {
    const res = await get(`/v1/indicators/motor_risk_rate/gaps?period=${WAVE}&prefecture=47`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.municipalities).toHaveLength(41);
    expect(body.funnel).toMatchObject({ around: 'prefecture', method: 'score_wilson' });
    const hidden = body.municipalities
      .filter((m: Row) => m.status === 'suppressed' || m.value === null)
      .map((m: { municipality: { code: string } }) => m.municipality.code);
    expect(body.funnel.points).toHaveLength(41 - hidden.length);
    for (const p of body.funnel.points) expect(hidden).not.toContain(p.municipality);
    expect(body.funnel.limits.length).toBeGreaterThan(10);
  });

  it('allows for overdispersion where the catalogue asks for it (visit counts), and says so', async () => {
    const body = (await get(`/v1/indicators/house_call_per_10k/gaps?period=${WAVE}&prefecture=47`)).json();
    expect(body.funnel.overdispersion).toMatchObject({ phi: expect.any(Number), tau2: expect.any(Number) });
    expect(body.funnel.method).toBe(body.funnel.overdispersion.tau2 > 0 ? 'random_effects' : 'byar');
    const plain = (await get(`/v1/indicators/motor_risk_rate/gaps?period=${WAVE}&prefecture=47`)).json();
    expect(plain.funnel.overdispersion).toBeNull();
  });

  it('ranks significant shortfalls first and never lists a suppressed value', async () => {
    const res = await get(`/v1/gaps/priorities?model=okinawa-2026&period=${WAVE}&prefecture=47`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      status: string;
      rank: number;
      municipality: { code: string };
      indicator: string;
    }[];
    expect(items.length).toBeGreaterThan(0);
    // Significant first, then not significant, then values without a CI (never called significant).
    const group = { not_achieved_significant: 0, not_achieved_not_significant: 1, not_achieved: 2 } as Record<string, number>;
    const groups = items.map((i) => group[i.status]);
    expect(groups.every((g) => g !== undefined)).toBe(true);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    for (const i of items) expect(suppressed.has(`${i.indicator}|${i.municipality.code}`)).toBe(false);
    const area = (await get(`/v1/gaps/priorities?period=${WAVE}&area=宮古`)).json();
    expect(new Set(area.items.map((i: { municipality: { area: string } }) => i.municipality.area))).toEqual(
      new Set(['宮古']),
    );
  });

  it('a municipality key reads its own gaps only; a viewer reads none', async () => {
    const naha = await t.keyFor('municipality', { municipality: '472018' });
    expect((await get(`/v1/municipalities/472018/gaps?period=${WAVE}`, naha)).statusCode).toBe(200);
    expect((await get(`/v1/municipalities/472051/gaps?period=${WAVE}`, naha)).statusCode).toBe(403);
    const one = (await get(`/v1/indicators/motor_risk_rate/gaps?period=${WAVE}`, naha)).json();
    expect(one.municipalities.map((m: { municipality: { code: string } }) => m.municipality.code)).toEqual(['472018']);
    expect(one.funnel.points.map((p: { municipality: string }) => p.municipality)).toEqual(['472018']);
    // Its funnel is drawn around its own denominator only: no other municipality's size shows.
    const n = one.funnel.points[0].denominator;
    for (const l of one.funnel.limits)
      expect(l.denominator >= n / 2 - 1e-9 && l.denominator <= n * 1.5 + 1e-9).toBe(true);
    const pr = (await get(`/v1/gaps/priorities?period=${WAVE}`, naha)).json();
    expect(pr.items.every((i: { municipality: { code: string } }) => i.municipality.code === '472018')).toBe(true);
    const viewer = await t.keyFor('viewer');
    expect((await get(`/v1/municipalities/472018/gaps?period=${WAVE}`, viewer)).statusCode).toBe(403);
  });

  it('answers problems for an unknown model, municipality or indicator, and a missing period', async () => {
    const admin = t.admin;
    const cases: [string, number][] = [
      [`/v1/municipalities/472018/gaps?period=${WAVE}&model=nope`, 404],
      [`/v1/municipalities/131016/gaps?period=${WAVE}`, 404],
      [`/v1/indicators/nope/gaps?period=${WAVE}&prefecture=47`, 404],
      ['/v1/municipalities/472018/gaps', 400],
      [`/v1/gaps/priorities?period=${WAVE}`, 400], // an unbound key must name the prefecture
    ];
    for (const [url, status] of cases) {
      const res = await get(url, admin);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('a viewer reads the aggregate gaps: the prefecture and each area against their own targets', async () => {
    const viewer = await t.keyFor('viewer');
    const res = await get(`/v1/prefectures/47/gaps?period=${WAVE}`, viewer);
    expect(res.statusCode).toBe(200);
    const units = res.json().units as { level: string; code: string; indicators: Row[] }[];
    expect(units.map((u) => u.code)).toEqual(['47', '北部', '中部', '南部', '宮古', '八重山']);
    const pref = units[0].indicators.find((r) => r.indicator === 'motor_risk_rate')!;
    // The prefecture's target is its own value 5 % better: a shortfall of exactly 5 % of the value.
    expect(pref.target).toMatchObject({ source: 'prefecture' });
    expect(pref.gap).toBeCloseTo(pref.value!.value * 0.05, 8);
    const miyako = units.find((u) => u.code === '宮古')!.indicators.find((r) => r.indicator === 'motor_risk_rate')!;
    expect(miyako.target).toMatchObject({ source: 'area' });
    const hokubu = units.find((u) => u.code === '北部')!.indicators.find((r) => r.indicator === 'motor_risk_rate')!;
    expect(hokubu.target).toMatchObject({ source: 'prefecture' });
    expect((await get(`/v1/prefectures/13/gaps?period=${WAVE}`, viewer)).statusCode).toBe(403);
  });
});
