import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';
import { multipart } from '../helpers/multipart.js';
import { GINOWAN, NAHA } from '../helpers/reference.js';

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
  naha = await t.keyFor('municipality', { prefecture: '47', municipality: NAHA });
  viewer = await t.keyFor('viewer');
  tokyo = await t.keyFor('analyst', { prefecture: '13' });
});
afterAll(async () => t?.close());

const HEAD = 'municipality_code,name,type,house_call';
/** 那覇市 two clinics, 宜野湾市 one visiting-nursing station. */
const A = [HEAD, `${NAHA},首里診療所,clinic,1`, `${NAHA},泊診療所,clinic,0`, `${GINOWAN},宜野湾訪問看護,visiting_nursing,0`].join('\n');
/** A new version of 那覇市 only: one hospital. */
const B = [HEAD, `${NAHA},那覇総合病院,hospital,1`].join('\n');

const load = (body: string, headers: Auth = analyst, prefecture = '47') =>
  t.app.inject({
    method: 'POST',
    url: `/v1/register/import?prefecture=${prefecture}&period=2024&as_of=2024-04-01`,
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: body,
  });
const get = (url: string, headers: Auth = analyst) => t.app.inject({ method: 'GET', url, headers });
const retract = (id: string, headers: Auth = analyst) => t.app.inject({ method: 'DELETE', url: `/v1/register/imports/${id}`, headers });
const names = async (municipality: string) =>
  (await get(`/v1/register?period=2024&municipality=${municipality}`)).json().map((e: Doc) => e.name).sort();
const measure = async (id: string, municipality: string) =>
  (await get(`/v1/measures?measure=${id}&municipality=${municipality}&wave=2024`)).json().map((m: Doc) => m.value);
const statusOf = async (id: string) => (await get(`/v1/register/imports/${id}`)).json().status;

describe('register imports as versions of (period, municipality) slices', () => {
  let a: string;
  let b: string;

  it('a new file supersedes only the municipalities it lists; the same content again is answered, not stored', async () => {
    const first = await load(A);
    expect(first.statusCode).toBe(200);
    a = first.json().importId;
    expect(first.json()).toMatchObject({ unchanged: false, municipalities: 2, import: { id: a, status: 'current', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });

    const second = await load(B);
    expect(second.statusCode).toBe(200);
    b = second.json().importId;
    expect(b).not.toBe(a);
    expect(await names(NAHA)).toEqual(['那覇総合病院']);
    expect(await names(GINOWAN)).toEqual(['宜野湾訪問看護']);
    expect(await measure('register.hospital', NAHA)).toEqual([1]);
    expect(await measure('register.clinic', NAHA)).toEqual([0]);
    expect(await measure('register.visiting_nursing', GINOWAN)).toEqual([1]);
    const older = (await get(`/v1/register/imports/${a}`)).json();
    expect(older).toMatchObject({ status: 'partly_superseded', currentMunicipalities: [GINOWAN] });

    const again = await load(B);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ importId: b, unchanged: true, rows: 1, import: { id: b, status: 'current' } });
    const list = (await get('/v1/register/imports')).json();
    expect(list.map((i: Doc) => [i.id, i.status])).toEqual([
      [a, 'partly_superseded'],
      [b, 'current'],
    ]);
  });

  it('retracting the newer file restores the previous version of its municipalities, measures included', async () => {
    const res = await retract(b);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: b, status: 'retracted', currentMunicipalities: [], warnings: [] });
    expect(res.json().retractedAt).toEqual(expect.any(String));
    expect(await names(NAHA)).toEqual(['泊診療所', '首里診療所'].sort());
    expect(await measure('register.hospital', NAHA)).toEqual([0]);
    expect(await measure('register.clinic', NAHA)).toEqual([2]);
    expect(await measure('register.clinics_house_call', NAHA)).toEqual([1]);
    expect(await statusOf(a)).toBe('current');
    // Retracting it again changes nothing.
    expect((await retract(b)).json()).toMatchObject({ id: b, status: 'retracted' });
    expect(await names(NAHA)).toEqual(['泊診療所', '首里診療所'].sort());
  });

  it('retracting the only version leaves the municipalities without a register; the file may then be loaded again', async () => {
    expect((await retract(a)).json()).toMatchObject({ status: 'retracted' });
    expect(await names(NAHA)).toEqual([]);
    expect(await measure('register.clinic', NAHA)).toEqual([]);
    expect((await get('/v1/register/counts')).json()).toEqual({ prefecture: '47', period: null, municipalities: [] });
    // A retracted import is not "the same content": loading the file again stores it anew.
    const reload = await load(A);
    expect(reload.json()).toMatchObject({ unchanged: false });
    expect(reload.json().importId).not.toBe(a);
    expect(await names(NAHA)).toEqual(['泊診療所', '首里診療所'].sort());
    expect((await get('/v1/register/imports')).json()).toHaveLength(3);
  });

  it('refuses a bad file with row, column, value, code and a Japanese message, leaving every table as it was', async () => {
    const before = await tableChecksums(t.database);
    const res = await load([HEAD, `${NAHA},A,clinic,1`, `${NAHA},B,歯科,1`].join('\n'));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { row: 3, column: 'type', value: '歯科', code: 'invalid_type', message: expect.stringMatching(/^種別は/) },
    ]);
    expect(await tableChecksums(t.database)).toEqual(before);
  });

  it('keeps the file name of a multipart upload', async () => {
    const body = [HEAD, `${GINOWAN},宜野湾クリニック,clinic,1`].join('\n');
    const form = multipart(Buffer.from(body), {}, 'register-2024.csv');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/register/import?prefecture=47&period=2024',
      headers: { ...analyst, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().import).toMatchObject({ fileName: 'register-2024.csv', encoding: expect.any(String), status: 'current' });
    expect(await names(GINOWAN)).toEqual(['宜野湾クリニック']);
  });

  it('answers another prefecture’s key as if the import did not exist', async () => {
    const [first] = (await get('/v1/register/imports')).json();
    for (const k of [naha, viewer]) {
      expect((await retract(first.id, k)).statusCode).toBe(403);
      expect((await get(`/v1/register/imports/${first.id}`, k)).statusCode).toBe(403);
    }
    expect((await retract(first.id, tokyo)).statusCode).toBe(404);
    expect((await get(`/v1/register/imports/${first.id}`, tokyo)).statusCode).toBe(404);
    expect((await get('/v1/register/imports/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    // The same content under another prefecture is checked like any other file, never answered with 47's import.
    const other = await load(B, tokyo, '13');
    expect(other.statusCode).not.toBe(200);
    expect(other.body).not.toContain(b);
  });
});
