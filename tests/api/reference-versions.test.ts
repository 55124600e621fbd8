import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { toCsv, type Table } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import { createReferenceService } from '../../src/modules/reference/reference.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvValue, GINOWAN, NAHA, okinawa, referenceClient, small, TONAKI } from '../helpers/reference.js';

let t: TestApp;
let api: ReturnType<typeof referenceClient>;
const ref: { first?: string; second?: string; sjis?: string } = {};
beforeAll(async () => {
  t = await createTestApp();
  api = referenceClient(t);
  // A first version of everything, and of one municipality's 2025 (with no earlier version).
  ref.first = (await api.post(toCsv(okinawa))).json().id;
  const tonaki = { header: small.header, rows: small.rows.filter((r) => r[1] === TONAKI) };
  ref.sjis = (await api.post(toCsv(tonaki, { encoding: 'cp932' }))).json().id;
});
afterAll(async () => t?.close());

const post = (...args: Parameters<typeof api.post>) => api.post(...args);
const get = (...args: Parameters<typeof api.get>) => api.get(...args);
const del = (...args: Parameters<typeof api.del>) => api.del(...args);
const measure = (...args: Parameters<typeof api.measure>) => api.measure(...args);
const state = () => api.state();

describe('versions of slices', () => {
  const deaths = (bump: number): Table => ({
    header: okinawa.header,
    rows: okinawa.rows
      .filter((r) => r[0].startsWith('ref.deaths.') && r[1] === NAHA && r[2] === '2024')
      .map((r) =>
        r[0] === 'ref.deaths.total' || r[0] === 'ref.deaths.home'
          ? [r[0], r[1], r[2], String(Number(r[3]) + bump), '', '']
          : r,
      ),
  });
  const homeNaha2024 = () => csvValue(okinawa, 'ref.deaths.home', NAHA, 2024);

  it('a dry run reports what would change and stores nothing', async () => {
    const before = await state();
    const res = await post(toCsv(deaths(5)), t.admin, { dryRun: 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: null,
      status: 'dry_run',
      dryRun: true,
      newSlices: 0,
      supersedes: [{ uploadId: ref.first, slices: 8 }],
    });
    expect(await state()).toEqual(before);
  });

  it('a new file replaces exactly the slices it holds', async () => {
    const res = await post(toCsv(deaths(10)));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      slices: { total: 8, current: 8 },
      supersedes: [{ uploadId: ref.first, slices: 8 }],
    });
    ref.second = res.json().id;
    expect((await measure('ref.deaths.home', NAHA, 2024))[0].value).toBe(homeNaha2024() + 10);
    expect((await measure('ref.deaths.home', NAHA, 2023))[0].value).toBe(
      csvValue(okinawa, 'ref.deaths.home', NAHA, 2023),
    );
    expect((await measure('ref.deaths.home', GINOWAN, 2024))[0].value).toBe(
      csvValue(okinawa, 'ref.deaths.home', GINOWAN, 2024),
    );
    expect((await measure('ref.house_call', NAHA, 2024))[0].value).toBe(
      csvValue(okinawa, 'ref.house_call', NAHA, 2024),
    );
    const first = (await get(`/v1/reference-statistics/uploads/${ref.first}`)).json();
    expect(first).toMatchObject({ status: 'partly_superseded', slices: { superseded: 8 } });
  });

  it('retracting it makes the previous version current again', async () => {
    const res = await del(ref.second!);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'retracted', retractedAt: expect.any(String) });
    expect((await measure('ref.deaths.home', NAHA, 2024))[0].value).toBe(homeNaha2024());
    expect((await get(`/v1/reference-statistics/uploads/${ref.first}`)).json()).toMatchObject({
      status: 'current',
      slices: { superseded: 0 },
    });
  });

  it('retracting a slice with no earlier version removes its measures', async () => {
    expect((await del(ref.sjis!)).statusCode).toBe(200);
    expect(await measure('ref.house_call', TONAKI, 2025)).toEqual([]);
    expect(await measure('ref.house_call', TONAKI, 2024)).toHaveLength(1);
  });

  it('the same file again after a retraction is a new version', async () => {
    const res = await post(toCsv(deaths(10)));
    expect(res.statusCode).toBe(201);
    expect(res.json().id).not.toBe(ref.second);
    expect((await measure('ref.deaths.home', NAHA, 2024))[0].value).toBe(homeNaha2024() + 10);
  });

  it('lists uploads filtered by period and municipality', async () => {
    const list = (await get(`/v1/reference-statistics/uploads?period=2024&municipality=${NAHA}`)).json();
    expect(list.map((u: { status: string }) => u.status)).toEqual(['current', 'retracted', 'partly_superseded']);
    expect((await get('/v1/reference-statistics/uploads?period=2025')).json()).toHaveLength(1);
  });
});

describe('who may load what', () => {
  it('refuses viewers and municipality keys', async () => {
    for (const key of [await t.keyFor('viewer'), await t.keyFor('municipality', { municipality: NAHA })]) {
      expect((await post(toCsv(small), key)).statusCode).toBe(403);
      expect((await get('/v1/reference-statistics/uploads', key)).statusCode).toBe(403);
    }
  });

  it('keeps a prefecture-bound analyst to its own municipalities and away from the national rows', async () => {
    const tokyo =
      'code,name,medical_area,welfare_area,insurer,insurer_confirmed\n131016,千代田区,区中央部,区中央部,千代田区,yes\n';
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/regions/import?prefecture=13',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: tokyo,
    });
    expect(imported.statusCode).toBe(201);
    const analyst = await t.keyFor('analyst', { prefecture: '47' });
    const foreign = { header: small.header, rows: [['ref.house_call', '131016', '2025', '3', '', '']] };
    expect((await post(toCsv(foreign), analyst)).json().errors).toEqual([
      expect.objectContaining({ row: 2, column: 'municipality_code', code: 'municipality_not_permitted' }),
    ]);
    const national = (await post(toCsv(small), analyst)).json();
    expect(national.errors.map((e: { code: string }) => e.code)).toEqual(Array(10).fill('national_not_permitted'));
    const own = { header: small.header, rows: small.rows.filter((r) => r[1] === TONAKI) };
    expect((await post(toCsv(own), analyst)).statusCode).toBe(201);
    // The first upload holds national rows: only an unbound key may retract it.
    expect((await del(ref.first!, analyst)).statusCode).toBe(403);
    const tokyoAnalyst = await t.keyFor('analyst', { prefecture: '13' });
    // Another prefecture's upload is answered as if it did not exist.
    expect((await get(`/v1/reference-statistics/uploads/${ref.first}`, tokyoAnalyst)).statusCode).toBe(404);
    expect((await get('/v1/reference-statistics/uploads', tokyoAnalyst)).json()).toEqual([]);
  });
});

describe('the service (CLI path) and the indicator hook', () => {
  const cli: Principal = {
    keyId: '00000000-0000-0000-0000-000000000000',
    name: 'cli',
    role: 'admin',
    prefectureCode: null,
    municipalityCode: null,
  };

  it('stages a stream, stores it, and tells the hook each touched prefecture and period after commit', async () => {
    const calls: [string, number[]][] = [];
    let committed: unknown[] = [];
    const service = createReferenceService({
      database: t.database,
      regions: t.services.regions,
      maxUploadBytes: 1 << 20,
      onChanged: async (prefecture, periods) => {
        // Runs after commit: a fresh read already sees the new measures.
        committed = await measure('ref.calls_7119', NAHA, 2026);
        calls.push([prefecture, periods]);
      },
    });
    const file = {
      header: okinawa.header,
      rows: [
        ['ref.calls_7119', NAHA, '2026', '42', '', ''],
        ['ref.calls_7119', GINOWAN, '2027', '7', '', ''],
      ],
    };
    const { created, body } = await service.upload({
      stream: Readable.from([toCsv(file)]),
      fileName: 'cli.csv',
      principal: cli,
    });
    expect(created).toBe(true);
    expect(body).toMatchObject({ fileName: 'cli.csv', createdBy: { name: 'cli' }, periods: [2026, 2027] });
    expect(body.warnings).toBeUndefined();
    expect(calls).toEqual([['47', [2026, 2027]]]);
    expect(committed).toEqual([expect.objectContaining({ value: 42 })]);

    // National rows concern every prefecture of the master (Okinawa and, imported above, Tokyo),
    // in every period with data: a standard population serves the periods after its own too.
    const okinawaPeriods = (
      await queryRows<{ period: number }>(t.database.db, sql`SELECT DISTINCT period FROM measures WHERE prefecture_code = '47' ORDER BY period`)
    ).map((r) => Number(r.period));
    expect(okinawaPeriods).toContain(2027);
    calls.length = 0;
    const std = {
      header: okinawa.header,
      rows: small.rows.filter((r) => r[0] === 'std.insured.first').map((r) => [r[0], r[1], '2026', r[3], r[4], r[5]]),
    };
    const national = await service.upload({ stream: Readable.from([toCsv(std)]), principal: cli });
    expect(national.body.prefecture).toBe('00');
    expect(calls).toEqual([
      ['13', [2026]],
      ['47', [...new Set([...okinawaPeriods, 2026])].sort((a, b) => a - b)],
    ]);

    calls.length = 0;
    await service.retract(body.id!, cli);
    expect(calls).toEqual([['47', [2026, 2027]]]);
    expect(await measure('ref.calls_7119', NAHA, 2026)).toEqual([]);
  });

  it('reports a failing hook as a warning, the data stored', async () => {
    const service = createReferenceService({
      database: t.database,
      regions: t.services.regions,
      maxUploadBytes: 1 << 20,
      onChanged: () => {
        throw new Error('engine down');
      },
    });
    const file = { header: okinawa.header, rows: [['ref.calls_7119', NAHA, '2028', '5', '', '']] };
    const { body } = await service.upload({ stream: Readable.from([toCsv(file)]), principal: cli });
    expect(body.warnings).toEqual(['indicators_recompute_failed']);
    expect((await measure('ref.calls_7119', NAHA, 2028))[0].value).toBe(5);
  });
});
