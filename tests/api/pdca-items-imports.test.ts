import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';

type Doc = Record<string, any>;
type Auth = { authorization: string };
let t: TestApp;
let analyst: Auth;
let naha: Auth;
let viewer: Auth;
let tokyo: Auth;
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  naha = await t.keyFor('municipality', { prefecture: '47', municipality: '472018' });
  viewer = await t.keyFor('viewer');
  tokyo = await t.keyFor('analyst', { prefecture: '13' });
});
afterAll(async () => t?.close());

const importCsv = (body: string, headers: Auth = analyst) =>
  t.app.inject({ method: 'POST', url: '/v1/pdca/items/import', headers: { ...headers, 'content-type': 'text/csv' }, payload: body });
const summary = async (asOf: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/pdca/items/summary?as_of=${asOf}`, headers: analyst })).json();
const history = async (code: string, item: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/pdca/items/${code}?item=${item}`, headers: analyst }))
    .json()
    .map((h: Doc) => [h.asOf, h.status, h.via]);
const retract = (id: string, headers: Auth = analyst) =>
  t.app.inject({ method: 'DELETE', url: `/v1/pdca/items/imports/${id}`, headers });
const row = (s: Doc, item: string) => s.items.find((i: Doc) => i.item === item);

const HEAD = 'municipality_code,item,as_of,status';
/** 那覇市 (ア) implemented from 2025-04-01, 宜野湾市 (イ) planned; 那覇市 (ア) planned 2024-04-01 as already recorded. */
const X = [HEAD, '472018,a,2025-04-01,implemented', '472051,b,2025-04-01,planned', '472018,a,2024-04-01,planned'].join('\n');
/** A correction of 那覇市 (ア) at 2025-04-01. */
const Y = [HEAD, '472018,a,2025-04-01,not_started'].join('\n');

describe('item-status imports as versions, retractable', () => {
  let before: { early: Doc; late: Doc };
  let x: string;
  let y: string;

  it('records an import with who, when, file hash and rows; the same content again is answered, not recorded', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/v1/pdca/items/472018/a', headers: naha, payload: { status: 'planned', as_of: '2024-04-01' } });
    expect(put.statusCode).toBe(201);
    before = { early: await summary('2024-12-31'), late: await summary('2025-06-30') };

    const first = await importCsv(X);
    expect(first.statusCode).toBe(200);
    x = first.json().importId;
    expect(first.json()).toMatchObject({
      identical: false,
      rows: 3,
      inserted: 2,
      unchanged: 1,
      import: { id: x, rows: 3, inserted: 2, unchanged: 1, status: 'current', createdBy: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const again = await importCsv(X);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ importId: x, identical: true, rows: 3, inserted: 0, unchanged: 3 });
    expect(row(await summary('2025-06-30'), 'a')).toMatchObject({ implemented: 1, implementedMunicipalities: [{ code: '472018', name: '那覇市' }] });
    expect(row(await summary('2025-06-30'), 'b')).toMatchObject({ planned: 1 });

    // Same rows in another order: not the same file, but nothing new to record.
    const reordered = await importCsv([HEAD, ...X.split('\n').slice(1).reverse()].join('\n'));
    expect(reordered.json()).toMatchObject({ importId: null, identical: false, inserted: 0, unchanged: 3 });
    expect((await t.app.inject({ method: 'GET', url: '/v1/pdca/items/imports', headers: analyst })).json()).toHaveLength(1);
  });

  it('a later import supersedes a slice; retracting it brings the earlier status back', async () => {
    const second = await importCsv(Y);
    y = second.json().importId;
    expect(second.json()).toMatchObject({ inserted: 1, import: { status: 'current' } });
    expect(row(await summary('2025-06-30'), 'a')).toMatchObject({ implemented: 0, notStarted: 1 });
    const list = (await t.app.inject({ method: 'GET', url: '/v1/pdca/items/imports', headers: analyst })).json();
    expect(list.map((i: Doc) => [i.id, i.status])).toEqual([
      [x, 'partly_superseded'],
      [y, 'current'],
    ]);

    const res = await retract(y);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: y, status: 'retracted', retractedAt: expect.any(String) });
    expect(row(await summary('2025-06-30'), 'a')).toMatchObject({ implemented: 1, notStarted: 0 });
    expect(await history('472018', 'a')).toEqual([
      ['2024-04-01', 'planned', 'api'],
      ['2025-04-01', 'implemented', 'import'],
    ]);
    const got = await t.app.inject({ method: 'GET', url: `/v1/pdca/items/imports/${x}`, headers: analyst });
    expect(got.json()).toMatchObject({ id: x, status: 'current' });
    // Retracting again changes nothing.
    const checksums = await tableChecksums(t.database);
    expect((await retract(y)).json()).toMatchObject({ id: y, status: 'retracted' });
    expect(await tableChecksums(t.database)).toEqual(checksums);
  });

  it('retracting every import reproduces the summary at past dates without them; single writes stay', async () => {
    expect((await retract(x)).json()).toMatchObject({ status: 'retracted' });
    expect(await summary('2024-12-31')).toEqual(before.early);
    expect(await summary('2025-06-30')).toEqual(before.late);
    expect(await history('472018', 'a')).toEqual([['2024-04-01', 'planned', 'api']]);
    expect(await history('472051', 'b')).toEqual([]);
    // The file of a retracted import is stored anew.
    const reload = await importCsv(X);
    expect(reload.json()).toMatchObject({ identical: false, inserted: 2 });
    expect(reload.json().importId).not.toBe(x);
    expect(row(await summary('2025-06-30'), 'a')).toMatchObject({ implemented: 1 });
  });

  it('a bad file stores nothing', async () => {
    const checksums = await tableChecksums(t.database);
    const res = await importCsv([HEAD, '472018,c,2025-04-01,implemented', '472018,c,2025-04-01,maybe'].join('\n'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { row: 3, column: 'status', value: 'maybe', code: 'invalid_status', message: expect.stringMatching(/^状況は/) },
    ]);
    expect(await tableChecksums(t.database)).toEqual(checksums);
  });

  it('lets analysts of the prefecture list and retract; others are refused or told nothing', async () => {
    for (const k of [naha, viewer]) {
      expect((await t.app.inject({ method: 'GET', url: '/v1/pdca/items/imports', headers: k })).statusCode).toBe(403);
      expect((await retract(x, k)).statusCode).toBe(403);
    }
    expect((await retract(x, tokyo)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/v1/pdca/items/imports/${x}`, headers: tokyo })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/pdca/items/imports?prefecture=47', headers: tokyo })).statusCode).toBe(403);
  });
});
