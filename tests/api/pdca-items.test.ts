import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let analyst: { authorization: string };
let naha: { authorization: string };
let viewer: { authorization: string };
let otherAnalyst: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  naha = await t.keyFor('municipality', { prefecture: '47', municipality: '472018' });
  viewer = await t.keyFor('viewer');
  otherAnalyst = await t.keyFor('analyst', { prefecture: '13' });
});
afterAll(async () => t?.close());

const put = (code: string, item: string, payload: object, headers = analyst) =>
  t.app.inject({ method: 'PUT', url: `/v1/pdca/items/${code}/${item}`, headers, payload });
const importCsv = (body: string | Buffer, headers = analyst) =>
  t.app.inject({ method: 'POST', url: '/v1/pdca/items/import', headers: { ...headers, 'content-type': 'text/csv' }, payload: body });
const summary = (asOf: string, headers = analyst) =>
  t.app.inject({ method: 'GET', url: `/v1/pdca/items/summary?as_of=${asOf}`, headers });
const row = (s: { items: { item: string }[] }, item: string) => s.items.find((i) => i.item === item) as Record<string, unknown>;

describe('the eight items over time', () => {
  it('keeps every change as a dated row and reproduces the table at three dates', async () => {
    // 那覇市 (ア): planned from 2024-04-01, implemented from 2025-04-01.
    expect((await put('472018', 'a', { status: 'planned', as_of: '2024-04-01' })).statusCode).toBe(201);
    expect((await put('472018', 'ア', { status: 'implemented', as_of: '2025-04-01', note: '資源マップ公開' })).statusCode).toBe(201);
    // Same again: unchanged, no new row.
    const again = await put('472018', 'a', { status: 'implemented', as_of: '2025-04-01', note: '資源マップ公開' });
    expect(again.statusCode).toBe(200);
    expect(again.json().change).toBe('unchanged');
    // 宜野湾市 (ア) implemented from 2024-10-01; 石垣市 (ア) planned from 2025-01-01.
    await put('472051', 'a', { status: 'implemented', as_of: '2024-10-01' });
    await put('472077', '(ア)', { status: 'planned', as_of: '2025-01-01' });

    const at = async (d: string) => row((await summary(d)).json(), 'a');
    expect(await at('2024-03-31')).toMatchObject({ implemented: 0, planned: 0, total: 0, unknown: 41 });
    expect(await at('2024-12-31')).toMatchObject({
      implemented: 1,
      planned: 1,
      total: 2,
      implementedMunicipalities: [{ code: '472051', name: '宜野湾市' }],
      plannedMunicipalities: [{ code: '472018', name: '那覇市' }],
    });
    const later = await at('2025-06-30');
    expect(later).toMatchObject({ implemented: 2, planned: 1, total: 3, notStarted: 0, unknown: 38 });
    expect((later.plannedMunicipalities as { code: string }[]).map((m) => m.code)).toEqual(['472077']);

    const history = await t.app.inject({ method: 'GET', url: '/v1/pdca/items/472018?item=a', headers: analyst });
    expect(history.json().map((h: { status: string; asOf: string }) => [h.asOf, h.status])).toEqual([
      ['2024-04-01', 'planned'],
      ['2025-04-01', 'implemented'],
    ]);
  });

  it('answers the table as CSV', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/pdca/items/summary?as_of=2025-06-30&format=csv', headers: viewer });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 5)).toEqual(['項目', '項目名', '実施済み', '実施予定', '合計']);
    expect(lines[1]).toMatch(/^\(ア\),地域の医療・介護資源の把握,2,1,3,0,38,41,2025-06-30,/);
    expect(lines).toHaveLength(9);
  });

  it('imports a Shift_JIS file with Japanese headers, idempotently', async () => {
    const csv = '市町村コード,項目,時点,状況,備考\r\n472093,イ,2025-04-01,実施済み,協議会\r\n472093,ウ,2025/04/01,実施予定,\r\n';
    const sjis = iconv.encode(csv, 'cp932');
    const first = await importCsv(sjis);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ rows: 2, inserted: 2, unchanged: 0 });
    const second = await importCsv(sjis);
    expect(second.json()).toMatchObject({ rows: 2, inserted: 0, unchanged: 2 });
    const s = (await summary('2025-05-01')).json();
    expect(row(s, 'b')).toMatchObject({ implemented: 1, implementedMunicipalities: [{ code: '472093', name: '名護市' }] });
    expect(row(s, 'c')).toMatchObject({ planned: 1 });
  });

  it('rejects a file with any bad row as a whole, naming row, column, value and reason', async () => {
    const before = (await summary('2030-01-01')).json();
    const csv = [
      'municipality_code,item,as_of,status',
      '472018,g,2026-04-01,implemented',
      '999999,g,2026-04-01,implemented',
      '472018,z,2026-04-01,implemented',
      '472018,h,2026-13-01,implemented',
      '472018,h,2026-04-01,done',
      '472018,g,2026-04-01,planned',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe('/problems/invalid-content');
    expect(body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, 'municipality_code', 'unknown_municipality'],
      [4, 'item', 'invalid_item'],
      [5, 'as_of', 'invalid_date'],
      [6, 'status', 'invalid_status'],
      [7, 'item', 'duplicate_key'],
    ]);
    expect(body.errors[0].value).toBe('999999');
    expect((await summary('2030-01-01')).json()).toEqual(before);
    const missing = await importCsv('municipality_code,item,status\n472018,a,implemented\n');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ row: 1, column: 'as_of', code: 'missing_column' });
  });

  it('refuses a date that is not on the calendar (2025-02-30) with 400, in the body and the query', async () => {
    const before = (await summary('2030-01-01')).json();
    for (const res of [await put('472018', 'a', { status: 'implemented', as_of: '2025-02-30' }), await summary('2025-02-30')]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ path: 'as_of', expected: '暦にある日付 YYYY-MM-DD（例: 2025-04-01）' });
      expect(res.json().detail).toContain('2025-02-30');
    }
    expect((await summary('2030-01-01')).json()).toEqual(before);
    expect((await summary('2024-02-29')).statusCode).toBe(200);
  });

  it('enforces the role matrix on every route', async () => {
    const body = { status: 'implemented', as_of: '2026-01-01' };
    // PUT: analyst and own municipality yes; another municipality, viewer, another prefecture no.
    expect((await put('472018', 'd', body, naha)).statusCode).toBe(201);
    expect((await put('472051', 'd', body, naha)).statusCode).toBe(403);
    expect((await put('472018', 'e', body, viewer)).statusCode).toBe(403);
    expect((await put('472018', 'e', body, otherAnalyst)).statusCode).toBe(403);
    expect((await put('472018', 'e', body, t.admin)).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PUT', url: '/v1/pdca/items/472018/e', payload: body })).statusCode).toBe(401);
    // History: own municipality yes, another no, viewer no.
    const hist = (headers: { authorization: string }, code = '472018') => t.app.inject({ method: 'GET', url: `/v1/pdca/items/${code}`, headers });
    expect((await hist(naha)).statusCode).toBe(200);
    expect((await hist(naha, '472051')).statusCode).toBe(403);
    expect((await hist(viewer)).statusCode).toBe(403);
    expect((await hist(otherAnalyst)).statusCode).toBe(403);
    // Import: analysts only.
    const csv = 'municipality_code,item,as_of,status\n472018,f,2026-01-01,planned\n';
    expect((await importCsv(csv, naha)).statusCode).toBe(403);
    expect((await importCsv(csv, viewer)).statusCode).toBe(403);
    // Summary: every reader of the prefecture.
    for (const k of [analyst, naha, viewer]) expect((await summary('2026-01-01', k)).statusCode).toBe(200);
    const other = await t.app.inject({ method: 'GET', url: '/v1/pdca/items/summary?prefecture=47', headers: otherAnalyst });
    expect(other.statusCode).toBe(403);
  });
});
