import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../src/openapi-doc.js';
import { openapiFile } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    extend: (app) => {
      app.get('/boom', { config: { access: 'public' } }, async () => {
        throw new Error('secret internals: password=hunter2 at /srv/db.ts:42');
      });
    },
  });
});
afterAll(async () => t?.close());

describe('health', () => {
  it('/healthz answers ok', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz says ready and nothing about the database', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });
});

describe('problem+json', () => {
  it('hides 500 internals and gives the request id', async () => {
    const res = await t.app.inject({ url: '/boom', headers: { 'x-request-id': 'req-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('req-42');
    const body = res.json();
    expect(body).toMatchObject({ type: '/problems/internal', title: 'サーバー内部のエラーです', status: 500, requestId: 'req-42' });
    expect(res.body).not.toMatch(/hunter2|secret|db\.ts/);
  });

  it('answers unknown routes and schema violations as problems', async () => {
    const nf = await t.app.inject({ url: '/v1/nothing-here' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ type: '/problems/not-found', status: 404, title: '見つかりません' });
    const bad = await t.app.inject({ url: '/v1/municipalities?prefecture=沖縄', headers: t.admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: '/problems/validation', status: 400 });
    expect(bad.json().errors[0]).toMatchObject({ location: 'querystring', path: 'prefecture' });
  });

  it('every problem has type, title, status, detail and requestId', async () => {
    const res = await t.app.inject({ url: '/v1/prefectures' });
    expect(Object.keys(res.json()).sort()).toEqual(['detail', 'instance', 'requestId', 'status', 'title', 'type']);
  });
});

describe('OpenAPI', () => {
  it('/openapi.json and /docs are served', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/municipalities/{code}']).toBeDefined();
    expect(doc.components.schemas.Municipality).toBeDefined();
    const docs = await t.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('the committed openapi/openapi.json is current (npm run openapi)', async () => {
    expect(readFileSync(openapiFile, 'utf8')).toBe(await generateOpenApi());
  });
});
