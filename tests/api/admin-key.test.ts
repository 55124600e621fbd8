import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const OLD = 'operator-chosen-secret-ONE-0001';
const NEW = 'operator-chosen-secret-TWO-0002';
const status = async (key: string) =>
  (await t.app.inject({ url: '/v1/api-keys', headers: { authorization: `Bearer ${key}` } })).statusCode;

describe('ADMIN_API_KEY', () => {
  it('rotating it revokes the key it replaced; rotating back reactivates it', async () => {
    await t.services.auth.ensureAdmin(OLD);
    expect(await status(OLD)).toBe(200);
    const { revoked } = await t.services.auth.ensureAdmin(NEW);
    expect(revoked).toBeGreaterThanOrEqual(1);
    expect(await status(OLD)).toBe(401);
    expect(await status(NEW)).toBe(200);
    // A restart with the same value changes nothing.
    expect((await t.services.auth.ensureAdmin(NEW)).revoked).toBe(0);
    expect(await status(NEW)).toBe(200);
    await t.services.auth.ensureAdmin(OLD);
    expect(await status(OLD)).toBe(200);
    expect(await status(NEW)).toBe(401);
  });

  it('the key list never shows part of a secret the operator chose', async () => {
    await t.services.auth.ensureAdmin(NEW);
    const res = await t.app.inject({ url: '/v1/api-keys', headers: { authorization: `Bearer ${NEW}` } });
    const configured = res.json().filter((k: { name: string }) => k.name === 'ADMIN_API_KEY');
    expect(configured.length).toBeGreaterThanOrEqual(2);
    for (const k of configured) {
      expect(k.prefix).toMatch(/^env:[0-9a-f]{8}$/);
      for (const secret of [OLD, NEW]) expect(secret).not.toContain(k.prefix.slice(4));
    }
    expect(res.body).not.toContain('operator');
  });

  it('generated keys start with cl_ and show only that and a few random characters', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { authorization: `Bearer ${NEW}` },
      payload: { role: 'analyst', name: 'a', prefecture: '47' },
    });
    const { key, prefix } = res.json();
    expect(key).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 8));
  });

  it('the name ADMIN_API_KEY is reserved', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { authorization: `Bearer ${NEW}` },
      payload: { role: 'admin', name: 'ADMIN_API_KEY' },
    });
    expect(res.statusCode).toBe(400);
  });
});
