/**
 * Embed links end to end: created by an analyst for what a viewer may read, served without a key
 * as page, SVG, PNG and spec, listed, and refused at once once revoked or expired — on another
 * app over the same database (a second replica) too. Only the token's hash is stored.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loadChartFixtures, type ChartCases } from '../helpers/okinawa-charts.js';

let t: TestApp;
let replica: Awaited<ReturnType<typeof buildApp>>['app'];
let analyst: { authorization: string };
let cases: ChartCases;

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  cases = await loadChartFixtures(t.services, 0.1);
  replica = (
    await buildApp(
      { logLevel: 'silent', maxUploadBytes: 1024, embedOrigins: ['https://intra.pref.okinawa.lg.jp'] },
      { database: t.database },
    )
  ).app;
  await replica.ready();
}, 600_000);
afterAll(async () => {
  await replica?.close();
  await t?.close();
});

const create = (body: object, auth = analyst) =>
  t.app.inject({ method: 'POST', url: '/v1/embeds', headers: auth, payload: body });

describe('embed links', () => {
  it('refuses a chart of municipalities: a link shows what a viewer may read', async () => {
    const res = await create({ kind: 'comparison', params: cases.analyst.comparison });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/viewer/);
  });

  it('is created by analysts only', async () => {
    const viewer = await t.keyFor('viewer');
    expect((await create({ kind: 'comparison', params: cases.viewer.comparison }, viewer)).statusCode).toBe(403);
  });

  it('serves every format without a key, stores only the hash, and stops at once when revoked', async () => {
    const res = await create({ kind: 'comparison', params: cases.viewer.comparison, title: '県ホームページ' });
    expect(res.statusCode, res.body).toBe(201);
    const link = res.json();
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ kind: 'comparison', prefecture: '47', active: true, revokedAt: null });
    const stored = await t.database.db.execute(sql`select token_hash from embeds where id = ${link.id}`);
    const rows = (stored as unknown as { rows: { token_hash: string }[] }).rows;
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(link.token);

    const page = await replica.inject({ url: link.urls.html });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain('frame-ancestors https://intra.pref.okinawa.lg.jp');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await t.app.inject({ url: `/embed/${link.token}` })).headers['content-type']).toMatch(/^text\/html/);
    const svg = await replica.inject({ url: link.urls.svg });
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('南部圏域');
    expect(svg.body).not.toContain('那覇市');
    const png = await replica.inject({ url: `${link.urls.png}?width=640&height=400` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.readUInt32BE(16)).toBe(640);
    expect(png.rawPayload.readUInt32BE(20)).toBe(400);
    expect((await replica.inject({ url: link.urls.json })).json().$schema).toContain('vega-lite');

    const list = (await t.app.inject({ url: '/v1/embeds', headers: analyst })).json();
    expect(list.find((e: { id: string }) => e.id === link.id)).toMatchObject({ title: '県ホームページ', active: true });
    expect(JSON.stringify(list)).not.toContain(link.token);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/embeds/${link.id}`, headers: analyst });
    expect(revoked.json()).toMatchObject({ active: false });
    for (const url of Object.values(link.urls) as string[]) {
      expect((await replica.inject({ url })).statusCode, url).toBe(404);
      expect((await t.app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('stops at its expiry', async () => {
    const link = (
      await create({
        kind: 'trend',
        params: cases.viewer.trend,
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      })
    ).json();
    expect((await replica.inject({ url: link.urls.png })).statusCode).toBe(200);
    await t.database.db.execute(sql`update embeds set expires_at = now() - interval '1 second' where id = ${link.id}`);
    expect((await replica.inject({ url: link.urls.png })).statusCode).toBe(404);
    expect(
      (await create({ kind: 'trend', params: cases.viewer.trend, expiresAt: '2001-01-01T00:00:00Z' })).statusCode,
    ).toBe(400);
  });

  it('answers 404 for an unknown or malformed token', async () => {
    expect((await t.app.inject({ url: `/embed/${'A'.repeat(43)}.png` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/embed/short.svg' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/embed/x.y.z' })).statusCode).toBe(404);
  });
});
