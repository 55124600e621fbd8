import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('authentication', () => {
  it('401 without a key, with a malformed header and with an unknown key', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer nope' }]) {
      const res = await t.app.inject({ url: '/v1/prefectures', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    }
  });

  it('403 for a role the route does not allow', async () => {
    const viewer = await t.keyFor('viewer');
    const res = await t.app.inject({ url: '/v1/api-keys', headers: viewer });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });
  });

  it('binds analysts and viewers to their prefecture', async () => {
    const analyst = await t.keyFor('analyst', { prefecture: '13' });
    expect((await t.app.inject({ url: '/v1/prefectures/47/areas', headers: analyst })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/v1/municipalities/472018', headers: analyst })).statusCode).toBe(403);
    const all = await t.keyFor('analyst', { prefecture: null });
    expect((await t.app.inject({ url: '/v1/prefectures/47/areas', headers: all })).statusCode).toBe(200);
  });

  it('a municipality key reads its prefecture’s master', async () => {
    const naha = await t.keyFor('municipality', { municipality: '472018' });
    const res = await t.app.inject({ url: '/v1/municipalities', headers: naha });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(41);
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without secrets, revokes it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'municipality', municipality: '472018', name: '那覇市 介護保険課' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^cl_[\w-]{43}$/);
    expect(created.json()).toMatchObject({
      role: 'municipality',
      municipality: '472018',
      prefecture: null,
      revokedAt: null,
    });

    const list = await t.app.inject({ url: '/v1/api-keys', headers: t.admin });
    const listed = list.json().find((k: { id: string }) => k.id === id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(list.json())).not.toContain(key);
    expect(listed).not.toHaveProperty('key');

    const ok = await t.app.inject({ url: '/v1/municipalities/472018', headers: { authorization: `Bearer ${key}` } });
    expect(ok.statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: t.admin });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ url: '/v1/municipalities/472018', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
  });

  it('stores keys hashed', async () => {
    const { key } = await t.services.auth.create({ role: 'viewer', name: 'x', prefectureCode: '47' });
    const rows = await t.services.auth.list();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.keyHash))).toBe(true);
  });

  it('rejects inconsistent bindings with 400 problem+json', async () => {
    const bad = [
      { role: 'municipality', name: 'x' },
      { role: 'municipality', name: 'x', municipality: '472019' },
      { role: 'viewer', name: 'x', municipality: '472018' },
      { role: 'admin', name: 'x', prefecture: '47' },
      { role: 'chief', name: 'x' },
      { role: 'analyst', name: 'x' }, // must name its prefecture, or null for all
      { role: 'viewer', name: 'x' },
      // Prefecture codes are JIS X 0401's 01–47.
      { role: 'analyst', name: 'x', prefecture: '99' },
      { role: 'viewer', name: 'x', prefecture: '00' },
      { role: 'analyst', name: 'x', prefecture: '48' },
    ];
    for (const payload of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: t.admin, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('binds an analyst key to a prefecture, or to all when created so', async () => {
    const bound = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'analyst', name: 'a', prefecture: '47' },
    });
    expect(bound.json()).toMatchObject({ role: 'analyst', prefecture: '47' });
    const all = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'viewer', name: 'v', prefecture: null },
    });
    expect(all.statusCode).toBe(201);
    expect(all.json()).toMatchObject({ role: 'viewer', prefecture: null });
  });

  it('404 when revoking an unknown key', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/v1/api-keys/00000000-0000-4000-8000-000000000000',
      headers: t.admin,
    });
    expect(res.statusCode).toBe(404);
  });
});
