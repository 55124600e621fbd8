import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../src/plugins/auth.js';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

/**
 * Every route × every kind of caller, generated from the routes' own access declarations (the
 * auth plugin records each route as it is added): a route added later is in the matrix without
 * anyone listing it, and a /v1 route that declares no access stops the app from starting.
 */
const A = '472018'; // 那覇市
const B = '473561'; // 渡名喜村
const WAVE = 2025;

type Caller = 'none' | 'bad key' | 'viewer' | 'municipality A' | 'municipality B' | 'analyst' | 'analyst 13' | 'admin';
const ROLE_OF: Record<Caller, string | null> = {
  none: null,
  'bad key': null,
  viewer: 'viewer',
  'municipality A': 'municipality',
  'municipality B': 'municipality',
  analyst: 'analyst',
  'analyst 13': 'analyst',
  admin: 'admin',
};

let t: TestApp;
const headers = {} as Record<Caller, Record<string, string>>;
let uploadA = '';

beforeAll(async () => {
  t = await createTestApp();
  headers.none = {};
  headers['bad key'] = { authorization: 'Bearer cl_not-a-key-of-this-service' };
  headers.viewer = await t.keyFor('viewer');
  headers['municipality A'] = await t.keyFor('municipality', { municipality: A });
  headers['municipality B'] = await t.keyFor('municipality', { municipality: B });
  headers.analyst = await t.keyFor('analyst');
  headers['analyst 13'] = await t.keyFor('analyst', { prefecture: '13' });
  headers.admin = t.admin;
  const m = multipart(toCsv(generateNeeds({ seed: 4, wave: WAVE, municipalities: [A] })), { wave: String(WAVE) });
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/surveys/needs/uploads',
    headers: { ...headers['municipality A'], ...m.headers },
    payload: m.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  uploadA = res.json().id;
});
afterAll(async () => t?.close());

/** A value for each path parameter, by its name. */
const PARAM: Record<string, () => string> = {
  id: () => randomUUID(),
  code: () => A,
  pref: () => '47',
  kind: () => 'needs',
};
// A parameter not listed gets a plain word: the route is still called, if only to answer 404.
const fill = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => (PARAM[name] ?? (() => 'unknown'))());

/** A harmless body for a write: invalid, so nothing is stored whoever sends it. */
function bodyFor(r: RouteAccess): { payload?: string | Buffer; headers: Record<string, string> } {
  if (r.method === 'GET' || r.method === 'DELETE' || r.method === 'HEAD') return { headers: {} };
  if (/uploads$|reference-statistics$/.test(r.url)) {
    const m = multipart(Buffer.from('x'), {}, 'empty.csv');
    return { payload: m.payload, headers: m.headers };
  }
  if (/import$/.test(r.url)) return { payload: 'nothing', headers: { 'content-type': 'text/csv' } };
  return { payload: '{}', headers: { 'content-type': 'application/json' } };
}

const routes = () => (t.app.routeAccess as RouteAccess[]).filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/docs'));

describe('access matrix', () => {
  it('every /v1 route declares its access, and the matrix covers them all', () => {
    const v1 = routes().filter((r) => r.url.startsWith('/v1'));
    expect(v1.length).toBeGreaterThan(30);
    for (const r of v1) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('a /v1 route without an access declaration stops the app from starting', async () => {
    await expect(
      createTestApp({
        extend: (app) => {
          app.get('/v1/forgotten', async () => ({ open: true }));
        },
      }),
    ).rejects.toThrow(/declares no access/);
  });

  const callers = Object.keys(ROLE_OF) as Caller[];
  it('every route × every caller: 401 without a valid key, 403 for a role not declared, never 5xx', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const r of routes()) {
      for (const caller of callers) {
        const body = bodyFor(r);
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: fill(r.url),
          headers: { ...headers[caller], ...body.headers },
          payload: body.payload,
        });
        cells++;
        const where = `${r.method} ${r.url} as ${caller}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        const role = ROLE_OF[caller];
        const open = r.access === undefined || r.access === 'public';
        const allowed = open || (role !== null && typeof r.access === 'object' && r.access.roles.includes(role as never));
        const roleRefusal = res.statusCode === 403 && res.json().code === 'role_not_allowed';
        if (res.statusCode >= 500) failures.push(`5xx: ${where}`);
        else if (!open && role === null && res.statusCode !== 401) failures.push(`expected 401: ${where}`);
        else if (!allowed && role !== null && !roleRefusal) failures.push(`expected role 403: ${where}`);
        else if (allowed && (res.statusCode === 401 || roleRefusal)) failures.push(`refused an allowed role: ${where}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBe(routes().length * callers.length);
  }, 300_000);
});

describe('municipalities see only their own', () => {
  it("B cannot read, list or retract A's upload, and cannot tell it exists", async () => {
    const b = headers['municipality B'];
    const mine = await t.app.inject({ url: `/v1/uploads/${uploadA}`, headers: headers['municipality A'] });
    expect(mine.statusCode).toBe(200);
    const other = await t.app.inject({ url: `/v1/uploads/${uploadA}`, headers: b });
    const none = await t.app.inject({ url: `/v1/uploads/${randomUUID()}`, headers: b });
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    const shape = (res: typeof other) => {
      const { requestId: _r, instance: _i, detail: _d, ...rest } = res.json();
      return rest;
    };
    expect(shape(other)).toEqual(shape(none));
    expect(other.body).not.toContain(A);
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/uploads/${uploadA}`, headers: b });
    expect(del.statusCode).toBe(404);
    const list = await t.app.inject({ url: '/v1/surveys/needs/uploads', headers: b });
    expect(list.json()).toEqual([]);
    expect((await t.app.inject({ url: `/v1/uploads/${uploadA}`, headers: headers.admin })).json().status).toBe('current');
  });

  it("re-sending A's identical file as B says nothing about A's file", async () => {
    const file = toCsv(generateNeeds({ seed: 4, wave: WAVE, municipalities: [A] }));
    const m = multipart(file, { wave: String(WAVE) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...headers['municipality B'], ...m.headers },
      payload: m.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain(uploadA);
    expect(res.json().errors[0]).toMatchObject({ column: 'municipality_code', code: 'municipality_not_permitted' });
    // A re-sending its own file gets its upload back (identical, nothing new).
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...headers['municipality A'], ...m.headers },
      payload: m.payload,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: uploadA, identical: true });
  });

  it("B reads neither A's measures, gaps nor indicator values; writes nothing of A", async () => {
    const b = headers['municipality B'];
    for (const url of [`/v1/measures?municipality=${A}&wave=${WAVE}`, `/v1/municipalities/${A}/gaps?model=okinawa-2026&period=${WAVE}`]) {
      const res = await t.app.inject({ url, headers: b });
      expect([400, 403, 404], `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
    }
    // Indicator values: the aggregates and B's own row, never A's.
    const values = await t.app.inject({ url: `/v1/indicators/kayoi_rate/values?period=${WAVE}&prefecture=47`, headers: b });
    expect(values.statusCode).toBe(200);
    const rows = values.json().values as { level: string; code: string }[];
    expect(rows.filter((v) => v.level === 'municipality').every((v) => v.code === B)).toBe(true);
    const mine = await t.app.inject({ url: `/v1/indicators/kayoi_rate/values?period=${WAVE}&prefecture=47`, headers: headers['municipality A'] });
    expect((mine.json().values as { level: string; code: string }[]).some((v) => v.level === 'municipality' && v.code === A)).toBe(true);
    const m = multipart(toCsv(generateNeeds({ seed: 9, wave: WAVE, municipalities: [A] })), { wave: String(WAVE), municipality: A });
    const write = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...b, ...m.headers },
      payload: m.payload,
    });
    expect([403, 422]).toContain(write.statusCode);
  });

  it('an analyst of another prefecture reads nothing of Okinawa', async () => {
    const other = headers['analyst 13'];
    expect((await t.app.inject({ url: `/v1/uploads/${uploadA}`, headers: other })).statusCode).toBe(404);
    const res = await t.app.inject({ url: `/v1/measures?prefecture=47&wave=${WAVE}`, headers: other });
    expect(res.statusCode).toBe(403);
    const list = await t.app.inject({ url: '/v1/surveys/needs/uploads', headers: other });
    expect(list.json()).toEqual([]);
  });
});
