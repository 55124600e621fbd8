/**
 * Every read reflects the last commit at once, on every replica: two app instances over one
 * database, each with its own caches; writes through one are read through the other right after.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import { createPeerApp, createTestApp, type TestApp } from '../helpers/app.js';

const WAVE = 2025;
const NAHA = '472018';
const CODES = [NAHA, '472051', '472077']; // 那覇市, 宜野湾市, 石垣市
const admin: Principal = { keyId: randomUUID(), name: 'fixtures', role: 'admin', prefectureCode: null, municipalityCode: null };

let a: TestApp;
let b: Awaited<ReturnType<typeof createPeerApp>>;
let analyst: { authorization: string };

async function uploadNeeds(seed: number, codes: string[]) {
  const staged = await a.services.uploads.stage(Readable.from(toCsv(generateNeeds({ seed, wave: WAVE, municipalities: codes, scale: 0.1 }))));
  const { body } = await a.services.uploads.upload({ kind: 'needs', wave: WAVE, staged, principal: admin, fileName: 'needs.csv' });
  return body.id!;
}

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = analyst) => app.inject({ url, headers });

/** 那覇's motor_risk_rate as the gap report and as the values endpoint of `app` give it. */
async function naha(app: FastifyInstance) {
  const [gaps, values] = await Promise.all([
    get(app, `/v1/municipalities/${NAHA}/gaps?period=${WAVE}`),
    get(app, `/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality`),
  ]);
  expect(gaps.statusCode).toBe(200);
  expect(values.statusCode).toBe(200);
  const row = (gaps.json().indicators as { indicator: string; value: { value: number } | null; target: { value: number } | null }[]).find(
    (r) => r.indicator === 'motor_risk_rate',
  )!;
  const unit = (values.json().values as { code: string; value: number | null; provenance: { uploads: string[] } }[]).find(
    (v) => v.code === NAHA,
  )!;
  return { gap: row.value?.value ?? null, value: unit.value, uploads: unit.provenance.uploads, target: row.target?.value ?? null };
}

beforeAll(async () => {
  a = await createTestApp();
  b = await createPeerApp(a);
  analyst = await a.keyFor('analyst');
  await uploadNeeds(1, CODES);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('one instance: the stale read of the issue', () => {
  it('serves the new version of a slice from the gap report and the values endpoint alike, at once', async () => {
    const before = await naha(a.app);
    expect(before.gap).not.toBeNull();
    expect(before.gap).toBe(before.value);
    const second = await uploadNeeds(2, [NAHA]);
    const after = await naha(a.app);
    expect(after.uploads).toEqual([second]);
    expect(after.value).not.toBe(before.value);
    expect(after.gap).toBe(after.value);
  });
});

describe('two instances on one database', () => {
  it('see a new upload and its retraction through the other at once, in gaps and values', async () => {
    const warm = await naha(b.app); // b caches its reports
    const third = await uploadNeeds(3, [NAHA]);
    const onB = await naha(b.app);
    expect(onB.uploads).toEqual([third]);
    expect(onB.value).not.toBe(warm.value);
    expect(onB.gap).toBe(onB.value);
    expect(await naha(a.app)).toEqual(onB);

    await a.services.uploads.retract(third, admin);
    expect(await naha(b.app)).toEqual(warm);
  });

  it('see a target set through the other at once', async () => {
    expect((await naha(b.app)).target).toBeNull();
    const put = await a.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: analyst,
      payload: { indicator: 'motor_risk_rate', scope: 'municipality', code: NAHA, targetYear: 2026, value: 12.5 },
    });
    expect(put.statusCode).toBe(201);
    expect((await naha(b.app)).target).toBe(12.5);
    const removed = await a.app.inject({ method: 'DELETE', url: `/v1/targets/${put.json().id}`, headers: analyst });
    expect(removed.statusCode).toBe(204);
    expect((await naha(b.app)).target).toBeNull();
  });

  it('see a logic model version activated and a review note written through the other at once', async () => {
    const url = `/v1/municipalities/${NAHA}/gaps?period=${WAVE}`;
    const before = (await get(b.app, url)).json(); // b caches the report, its model and its notes
    const note = await a.app.inject({
      method: 'POST',
      url: '/v1/pdca/notes',
      headers: analyst,
      payload: { municipality: NAHA, period: WAVE, indicator: 'motor_risk_rate', text: '別の複製で書いた振り返り' },
    });
    expect(note.statusCode).toBe(201);
    expect((await get(b.app, url)).json().actions.notes.map((n: { text: string }) => n.text)).toContain('別の複製で書いた振り返り');

    const model = (await get(a.app, `/v1/logic-model-versions/47/${before.modelVersion}`)).json();
    const stored = await a.app.inject({
      method: 'POST',
      url: '/v1/logic-models',
      headers: { ...analyst, 'content-type': 'application/yaml' },
      payload: model.source.replace(/^version:.*$/m, 'version: freshness-test'),
    });
    expect(stored.statusCode).toBe(201);
    const version = stored.json().version as number;
    expect((await get(b.app, url)).json().modelVersion).toBe(before.modelVersion);
    const act = await a.app.inject({ method: 'POST', url: `/v1/logic-model-versions/47/${version}/activate`, headers: analyst });
    expect(act.statusCode).toBe(200);
    expect((await get(b.app, url)).json().modelVersion).toBe(version);
    expect((await a.app.inject({ method: 'POST', url: `/v1/logic-model-versions/47/${before.modelVersion}/activate`, headers: analyst })).statusCode).toBe(200);
    expect((await get(b.app, url)).json().modelVersion).toBe(before.modelVersion);
  }, 240_000);

  it('refuse a key revoked through the other at once, and accept one created there', async () => {
    const { key, row } = await a.services.auth.create({ role: 'analyst', name: 'short-lived', prefectureCode: '47' });
    const headers = { authorization: `Bearer ${key}` };
    const url = `/v1/prefectures/47/gaps?period=${WAVE}`;
    expect((await get(b.app, url, headers)).statusCode).toBe(200); // b caches the key
    const revoked = await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${row.id}`, headers: a.admin });
    expect(revoked.statusCode).toBeLessThan(300);
    expect((await get(b.app, url, headers)).statusCode).toBe(401);
  });

  it('answer 304 to the ETag of the current data version, and a new ETag once the other wrote', async () => {
    const url = `/v1/municipalities/${NAHA}/gaps?period=${WAVE}`;
    const first = await get(b.app, url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"\d+-[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get(b.app, url, { ...analyst, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // The same ETag from the other instance: both derive it from the version in the database.
    expect((await get(a.app, url)).headers.etag).toBe(etag);
    // Another reader's answer (another URL or key scope) has another ETag.
    expect((await get(b.app, `${url}&targetYear=2026`)).headers.etag).not.toBe(etag);

    const fourth = await uploadNeeds(4, [NAHA]);
    const changed = await get(b.app, url, { ...analyst, 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const valuesUrl = `/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality`;
    const values = await get(b.app, valuesUrl);
    expect(values.headers.etag).toBeDefined();
    expect((await get(b.app, valuesUrl, { ...analyst, 'if-none-match': values.headers.etag as string })).statusCode).toBe(304);
    expect((values.json().values as { code: string; provenance: { uploads: string[] } }[]).find((v) => v.code === NAHA)!.provenance.uploads).toEqual([fourth]);
  });
});
