import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNeeds, toCsv, type Table } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const post = (file: Buffer, fields: Record<string, string>, headers = t.admin) => {
  const m = multipart(file, fields, 'needs.csv');
  return t.app.inject({ method: 'POST', url: '/v1/surveys/needs/uploads', headers: { ...headers, ...m.headers }, payload: m.payload });
};
const only = (table: Table, codes: string[]): Table => {
  const j = table.header.indexOf('municipality_code');
  return { header: table.header, rows: table.rows.filter((r) => codes.includes(r[j])) };
};
const OWN = '473014'; // 国頭村
const OTHER = '473022'; // 大宜味村

describe('municipality keys see their own slices only', () => {
  const both = only(generateNeeds({ seed: 31, wave: 2025 }), [OWN, OTHER]);
  const nahaRows = both.rows.filter((r) => r[both.header.indexOf('municipality_code')] === OWN).length;
  let id: string;

  beforeAll(async () => {
    const res = await post(toCsv(both), { wave: '2025' });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('details and listings show a municipality key its own slice and its own row count', async () => {
    const own = await t.keyFor('municipality', { municipality: OWN });
    const detail = await t.app.inject({ url: `/v1/uploads/${id}`, headers: own });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().slices.map((s: { municipality: string }) => s.municipality)).toEqual([OWN]);
    expect(detail.json().rows).toBe(nahaRows);
    const list = await t.app.inject({ url: '/v1/surveys/needs/uploads?wave=2025', headers: own });
    expect(list.statusCode).toBe(200);
    const mine = list.json().find((u: { id: string }) => u.id === id);
    expect(mine.slices.map((s: { municipality: string }) => s.municipality)).toEqual([OWN]);
    expect(mine.rows).toBe(nahaRows);
    expect(list.body).not.toContain(OTHER);
  });

  it('analysts of the prefecture and admins see every slice and the whole count', async () => {
    const analyst = await t.keyFor('analyst', { prefecture: '47' });
    for (const headers of [analyst, t.admin]) {
      const detail = (await t.app.inject({ url: `/v1/uploads/${id}`, headers })).json();
      expect(detail.slices.map((s: { municipality: string }) => s.municipality)).toEqual([OWN, OTHER]);
      expect(detail.rows).toBe(both.rows.length);
    }
  });

  it('a municipality key may not retract an upload holding other municipalities', async () => {
    const own = await t.keyFor('municipality', { municipality: OWN });
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/uploads/${id}`, headers: own });
    expect(res.statusCode).toBe(403);
  });

  it('a file another municipality uploaded is not revealed to a key that re-uploads it', async () => {
    const ginowan = only(generateNeeds({ seed: 32, wave: 2024 }), [OTHER]);
    const first = await post(toCsv(ginowan), { wave: '2024' });
    expect(first.statusCode).toBe(201);
    const own = await t.keyFor('municipality', { municipality: OWN });
    const again = await post(toCsv(ginowan), { wave: '2024' }, own);
    // The same answer as for any file of another municipality: row errors, no upload id.
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ row: 2, column: 'municipality_code', code: 'municipality_not_permitted' });
    expect(again.body).not.toContain(first.json().id);
    const fresh = only(generateNeeds({ seed: 33, wave: 2024 }), [OTHER]);
    const never = await post(toCsv(fresh), { wave: '2024' }, own);
    expect(never.statusCode).toBe(again.statusCode);
    expect(never.json().errors[0]).toMatchObject({ code: 'municipality_not_permitted' });
    // Another prefecture's analyst: the same file is checked like any other (foreign municipality).
    const tokyo = await t.keyFor('analyst', { prefecture: '13' });
    const foreign = await post(toCsv(ginowan), { wave: '2024' }, tokyo);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).not.toContain(first.json().id);
  });
});

describe('NUL bytes', () => {
  it('a NUL byte in a cell is a 422 with its row and column, in the first rows or far into the file', async () => {
    const table = only(generateNeeds({ seed: 34, wave: 2023 }), [OWN]);
    for (const at of [0, table.rows.length - 1]) {
      const rows = table.rows.map((r) => [...r]);
      const j = table.header.indexOf('daily_area');
      rows[at][j] = `第1\u0000圏域`;
      const res = await post(toCsv({ header: table.header, rows }), { wave: '2023' });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        expect.objectContaining({ row: at + 2, column: 'daily_area', code: 'nul_character' }),
      ]);
    }
    const k = table.header.indexOf('sex');
    const rows = table.rows.map((r) => [...r]);
    rows[3][k] = '1\u0000';
    const res = await post(toCsv({ header: table.header, rows }), { wave: '2023' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ row: 5, column: 'sex', code: 'code_out_of_list' });
  });
});
