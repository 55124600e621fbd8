/**
 * Drawn charts kept in the database (chart_pictures): a picture drawn by one replica is served by
 * another, and by a new process, without drawing it again; the key covers the renderer's version;
 * the table keeps to its budget; a failing store never fails a picture.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import { createPictureStore, rendererVersion } from '../../src/modules/charts/render/picture-store.js';
import { RenderCache } from '../../src/modules/charts/render/render-cache.js';
import { createPeerApp, createTestApp, type TestApp } from '../helpers/app.js';

const WAVE = 2025;
const admin: Principal = { keyId: randomUUID(), name: 'fixtures', role: 'admin', prefectureCode: null, municipalityCode: null };

let a: TestApp;
let analyst: { authorization: string };
const count = async () => Number((await queryRows<{ n: string }>(a.database.db, sql`SELECT count(*) AS n FROM chart_pictures`))[0].n);

beforeAll(async () => {
  a = await createTestApp();
  analyst = await a.keyFor('analyst');
  const staged = await a.services.uploads.stage(
    Readable.from(toCsv(generateNeeds({ seed: 3, wave: WAVE, municipalities: ['472018', '472051', '472077', '472085'], scale: 0.1 }))),
  );
  await a.services.uploads.upload({ kind: 'needs', wave: WAVE, staged, principal: admin, fileName: 'needs.csv' });
}, 120_000);
afterAll(async () => a?.close());

describe('pictures shared through the database', () => {
  it('a PNG drawn by one replica is served by another byte for byte, from the stored row', async () => {
    const url = `/v1/charts/comparison?indicator=motor_risk_rate&period=${WAVE}&format=png&scale=1`;
    const before = await count();
    const first = await a.app.inject({ url, headers: analyst });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(await count()).toBe(before + 1);
    const peer = await createPeerApp(a);
    try {
      const again = await peer.app.inject({ url, headers: analyst });
      expect(again.statusCode).toBe(200);
      expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
      expect(await count()).toBe(before + 1);
    } finally {
      await peer.close();
    }
  });

  it('a new cache over the same store reads a stored picture instead of drawing it; SVG comes back as text', async () => {
    const store = createPictureStore(a.database.db);
    const spec = { title: '那覇市', n: randomUUID() };
    let draws = 0;
    const draw = (s: string) => async () => (draws++, s);
    const one = new RenderCache(8, 2 ** 20, store, rendererVersion());
    expect(await one.get(spec, 'svg', draw('<svg>那覇</svg>'), true)).toBe('<svg>那覇</svg>');
    const two = new RenderCache(8, 2 ** 20, store, rendererVersion());
    const back = await two.get(spec, 'svg', draw('drawn again'), true);
    expect(back).toBe('<svg>那覇</svg>');
    expect(typeof back).toBe('string');
    expect(draws).toBe(1);
    // Another renderer version (an upgraded vega or resvg) draws anew.
    const upgraded = new RenderCache(8, 2 ** 20, store, `${rendererVersion()} next`);
    expect(await upgraded.get(spec, 'svg', draw('new drawing'), true)).toBe('new drawing');
    expect(draws).toBe(2);
    // So does another variant of the same spec.
    const png = await two.get(spec, 'png@2', async () => (draws++, Buffer.from([1, 2, 3])));
    expect([...png]).toEqual([1, 2, 3]);
    expect(draws).toBe(3);
  });

  it('the renderer version names vega, vega-lite, resvg and the font with their versions', () => {
    expect(rendererVersion()).toMatch(/^r\d+ vega@\d+\.\d+\.\d+ vega-lite@\d+\.\d+\.\d+ @resvg\/resvg-js@\d+\.\d+\.\d+ @expo-google-fonts\/noto-sans-jp@\d+\.\d+\.\d+$/);
  });

  it('pruning keeps the newest pictures within the budget', async () => {
    await a.database.db.execute(sql`DELETE FROM chart_pictures`);
    const store = createPictureStore(a.database.db, 10);
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      await store.put(key.repeat(64), 'png@1', Buffer.alloc(4, i));
      await a.database.db.execute(sql`UPDATE chart_pictures SET created_at = now() + ${`${i} seconds`}::interval WHERE key = ${key.repeat(64)}`);
    }
    expect(await store.prune()).toBe(1);
    const keys = (await queryRows<{ key: string }>(a.database.db, sql`SELECT key FROM chart_pictures ORDER BY key`)).map((r) => r.key[0]);
    expect(keys).toEqual(['b', 'c']);
    expect(await store.get('a'.repeat(64))).toBeNull();
    expect([...(await store.get('c'.repeat(64)))!]).toEqual([2, 2, 2, 2]);
  });

  it('a store that fails is reported and the picture drawn and served all the same', async () => {
    const errors: unknown[] = [];
    const broken = { get: async () => Promise.reject(new Error('down')), put: async () => Promise.reject(new Error('down')) };
    const cache = new RenderCache(8, 2 ** 20, broken, 'v', (e) => errors.push(e));
    expect(String(await cache.get({ x: 1 }, 'png@1', async () => Buffer.from('drawn')))).toBe('drawn');
    expect(errors.map((e) => (e as Error).message)).toEqual(['down', 'down']);
  });
});
