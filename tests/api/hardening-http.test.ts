import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ limits: { connectionTimeoutMs: 400, requestTimeoutMs: 5000 } });
});
afterAll(async () => t?.close());

const isProblem = (res: { headers: Record<string, unknown> }) =>
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);

describe('security headers', () => {
  it('API answers: nosniff, no-store, a CSP that allows nothing', async () => {
    for (const url of ['/v1/prefectures', '/v1/nothing', '/healthz']) {
      const res = await t.app.inject({ url, headers: t.admin });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('the answer carrying a new key is not stored by any cache', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'viewer', name: 'v', prefecture: '47' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().key).toMatch(/^cl_[\w-]{43}$/);
  });

  it('/docs has its own CSP: its own scripts only, usable over plain HTTP', async () => {
    const res = await t.app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('/readyz is public and says nothing about the database', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.json()).toEqual({ status: 'ready' });
    expect(res.body).not.toMatch(/postgres|pglite|127\.0\.0\.1|data/i);
  });
});

describe('body limits and media types', () => {
  it('a JSON body above 1 MiB is refused (413) before it is parsed', async () => {
    const payload = JSON.stringify({ indicator: 'x', note: 'a'.repeat(2 * 1024 * 1024) });
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: { ...t.admin, 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(413);
    isProblem(res);
    expect(res.json().type).toBe('/problems/payload-too-large');
  });

  it('a CSV import may be larger than a JSON body (2 MiB is read, not refused for its size)', async () => {
    const lines = ['code,name,medical_area,welfare_area,insurer,insurer_confirmed'];
    while (lines.join('\n').length < 2 * 1024 * 1024) lines.push(`999999,${'x'.repeat(20_000)},a,a,a,yes`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/regions/import?prefecture=47',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    });
    expect(res.statusCode).toBe(422);
    isProblem(res);
  });

  it('JSON sent to a text/csv import is 415 naming the accepted types, never parsed as CSV', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/regions/import?prefecture=47',
      headers: { ...t.admin, 'content-type': 'application/json' },
      payload: { code: '472018' },
    });
    expect(res.statusCode).toBe(415);
    isProblem(res);
    const body = res.json();
    expect(body.accepted).toEqual(['text/csv']);
    expect(body.detail).toContain('text/csv');
    expect(res.body).not.toContain('[object Object]');
  });

  it('a CSV body to a JSON route is 415 naming application/json', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: 'indicator,scope\nx,y\n',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().accepted).toEqual(['application/json']);
  });

  it('an unknown content type to an upload route is 415 naming multipart/form-data', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads?wave=2025',
      headers: { ...t.admin, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().accepted).toEqual(['multipart/form-data']);
  });

  it('a targets file sent as multipart is held to the import limit, not the upload limit', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x61);
    const m = multipart(big, {}, 'targets.csv');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/targets/import?prefecture=47',
      headers: { ...t.admin, ...m.headers },
      payload: m.payload,
    });
    expect(res.statusCode).toBe(413);
    isProblem(res);
  });
});

describe('bounded error answers', () => {
  it('20 rows with a 900 KB id: every value is echoed as a short prefix', async () => {
    const table = generateNeeds({ seed: 3, wave: 2025, municipalities: ['473561'] });
    const long = 'x'.repeat(900 * 1024);
    const rows = table.rows.slice(0, 20).map((r) => [long + r[0], ...r.slice(1)]);
    const m = multipart(toCsv({ header: table.header, rows }), { wave: '2025' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...t.admin, ...m.headers },
      payload: m.payload,
    });
    expect(res.statusCode).toBe(422);
    isProblem(res);
    expect(res.body.length).toBeLessThan(64 * 1024);
    const body = res.json();
    expect(body.errors.length).toBeGreaterThanOrEqual(20);
    expect(body.errors[0]).toMatchObject({ row: 2, column: 'respondent_id', code: 'too_long' });
    for (const e of body.errors) expect(e.value.length).toBeLessThanOrEqual(65);
  });
});

describe('rate limits', () => {
  it('per key: past the limit 429 with Retry-After; another key is unaffected', async () => {
    const limited = await createTestApp({ limits: { rateLimitPerMinute: 5 } });
    try {
      const viewer = await limited.keyFor('viewer');
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.app.inject({ url: '/v1/prefectures', headers: viewer })).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const res = await limited.app.inject({ url: '/v1/prefectures', headers: viewer });
      isProblem(res);
      expect(res.json().type).toBe('/problems/too-many-requests');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect((await limited.app.inject({ url: '/v1/prefectures', headers: limited.admin })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('per address on failed authentication: bad keys are cut off, the address is then blocked', async () => {
    const limited = await createTestApp({ limits: { authFailuresPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await limited.app.inject({ url: '/v1/prefectures', headers: { authorization: `Bearer cl_guess${i}` } });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
      const blocked = await limited.app.inject({ url: '/v1/prefectures', headers: limited.admin });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().detail).toMatch(/認証/);
      const other = await limited.app.inject({
        url: '/v1/prefectures',
        headers: limited.admin,
        remoteAddress: '10.0.0.9',
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('timeouts', () => {
  it('request and connection timeouts are set on the server', () => {
    expect(t.app.server.requestTimeout).toBe(5000);
    expect(t.app.server.timeout).toBe(400);
  });

  it('an idle connection is closed', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      setTimeout(() => reject(new Error('the idle connection stayed open')), 10_000);
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
