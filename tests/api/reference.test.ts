import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedFixtures, toCsv, toXlsx, type Table } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvValue, NAHA, okinawa, referenceClient, small, TONAKI } from '../helpers/reference.js';

let t: TestApp;
let api: ReturnType<typeof referenceClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = referenceClient(t);
});
afterAll(async () => t?.close());

const post = (...args: Parameters<typeof api.post>) => api.post(...args);
const get = (...args: Parameters<typeof api.get>) => api.get(...args);
const measure = (...args: Parameters<typeof api.measure>) => api.measure(...args);
const state = () => api.state();
const ref: { first?: string } = {};

const clone = (table: Table): Table => ({ header: [...table.header], rows: table.rows.map((r) => [...r]) });
const rowOf = (table: Table, measure: string, sex = '') =>
  table.rows.findIndex((r) => r[0] === measure && (sex === '' || r[4] === sex));

describe('POST /v1/reference-statistics', () => {
  it('loads the generated Okinawa file (201) and mirrors it into measures', async () => {
    const res = await post(toCsv(okinawa));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      prefecture: '47',
      rows: okinawa.rows.length,
      status: 'current',
      periods: [2023, 2024],
      identical: false,
    });
    expect(body.municipalities).toHaveLength(42); // 41 + national 000000
    expect(body.warnings).toBeUndefined(); // the indicator engine was told and recomputed
    expect(body.slices).toEqual({ total: 2 * (41 * 21 + 1), current: 2 * (41 * 21 + 1), superseded: 0, retracted: 0 });
    ref.first = body.id;

    const [home] = await measure('ref.deaths.home', NAHA, 2024);
    expect(home).toMatchObject({ sex: 0, ageBand: 0, value: csvValue(okinawa, 'ref.deaths.home', NAHA, 2024) });
    const insured = await measure('ref.insured.first', TONAKI, 2023);
    expect(insured).toHaveLength(10);
    expect(insured.find((m) => m.sex === 2 && m.ageBand === 5)?.value).toBe(
      csvValue(okinawa, 'ref.insured.first', TONAKI, 2023, '2', '5'),
    );
    const std = await measure('std.insured.first', '000000', 2024);
    expect(std.map((m) => m.value).reduce((a, b) => a + b)).toBe(
      okinawa.rows.filter((r) => r[0] === 'std.insured.first' && r[2] === '2024').reduce((a, r) => a + Number(r[3]), 0),
    );
    const all = await state();
    expect(all.measures.length + all.national.length).toBe(okinawa.rows.length);
  });

  it('answers 200 with the same upload for the same content', async () => {
    const res = await post(toCsv(okinawa));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ref.first, identical: true });
    expect((await get('/v1/reference-statistics/uploads')).json()).toHaveLength(1);
  });

  const house = rowOf(small, 'ref.house_call');
  const insured = rowOf(small, 'ref.insured.first', '1');
  const cases: { name: string; mutate: (x: Table) => void; row: number; column: string; code: string }[] = [
    {
      name: 'unknown measure',
      mutate: (x) => (x.rows[house][0] = 'ref.house_calls'),
      row: house + 2,
      column: 'measure',
      code: 'unknown_measure',
    },
    {
      name: 'non-numeric value',
      mutate: (x) => (x.rows[house][3] = '不明'),
      row: house + 2,
      column: 'value',
      code: 'not_number',
    },
    {
      name: 'negative value',
      mutate: (x) => (x.rows[house][3] = '-1'),
      row: house + 2,
      column: 'value',
      code: 'negative_value',
    },
    {
      name: 'period not a year',
      mutate: (x) => (x.rows[house][2] = 'R7'),
      row: house + 2,
      column: 'period',
      code: 'invalid_period',
    },
    {
      name: 'sex code',
      mutate: (x) => (x.rows[insured][4] = '3'),
      row: insured + 2,
      column: 'sex',
      code: 'code_out_of_list',
    },
    {
      name: 'age band code',
      mutate: (x) => (x.rows[insured][5] = '6'),
      row: insured + 2,
      column: 'age_band',
      code: 'code_out_of_list',
    },
    {
      name: 'stratum for an unstratified measure',
      mutate: (x) => (x.rows[house][4] = '1'),
      row: house + 2,
      column: 'sex',
      code: 'stratum_not_allowed',
    },
    {
      name: 'no stratum for a stratified measure',
      mutate: (x) => (x.rows[insured][4] = ''),
      row: insured + 2,
      column: 'sex',
      code: 'stratum_required',
    },
    {
      name: 'check digit',
      mutate: (x) => (x.rows[house][1] = '473562'),
      row: house + 2,
      column: 'municipality_code',
      code: 'invalid_check_digit',
    },
    {
      name: 'not in the master',
      mutate: (x) => (x.rows[house][1] = '131016'),
      row: house + 2,
      column: 'municipality_code',
      code: 'foreign_municipality',
    },
    {
      name: '000000 for a ref measure',
      mutate: (x) => (x.rows[house][1] = '000000'),
      row: house + 2,
      column: 'municipality_code',
      code: 'national_code_not_allowed',
    },
    {
      name: 'duplicate row',
      mutate: (x) => x.rows.push([...x.rows[house]]),
      row: small.rows.length + 2,
      column: 'measure',
      code: 'duplicate_row',
    },
  ];
  it.each(cases)('rejects $name with 422 ($code) and stores nothing', async ({ mutate, row, column, code }) => {
    const before = await state();
    const bad = clone(small);
    mutate(bad);
    const res = await post(toCsv(bad));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/invalid-content', status: 422, totalErrors: 1 });
    expect(res.json().errors).toEqual([expect.objectContaining({ row, column, code, message: expect.any(String) })]);
    expect(await state()).toEqual(before);
  });

  it('rejects deaths by place not summing to the total, on the total row', async () => {
    const before = await state();
    const fx = malformedFixtures(1).find((f) => f.name === 'reference-deaths-not-summing')!;
    const res = await post(toCsv(fx.table));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining(fx.expected)]);
    expect(await state()).toEqual(before);
  });

  it('rejects an empty file and a file with no data rows', async () => {
    const before = await state();
    const empty = await post(Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors).toEqual([expect.objectContaining({ code: 'empty_file' })]);
    const headerOnly = await post(Buffer.from('measure,municipality_code,period,value\n'));
    expect(headerOnly.json().errors).toEqual([expect.objectContaining({ row: 1, code: 'no_rows' })]);
    expect(await state()).toEqual(before);
  });

  it('reads XLSX (first sheet, numbers as cells)', async () => {
    const rows = small.rows.filter((r) => r[1] === TONAKI).map((r) => [r[0], r[1], '2030', r[3], r[4], r[5]]);
    const res = await post(await toXlsx({ header: small.header, rows }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ format: 'xlsx', encoding: null, periods: [2030], rows: rows.length });
    expect((await measure('ref.house_call', TONAKI, 2030))[0].value).toBe(
      csvValue(small, 'ref.house_call', TONAKI, 2025),
    );
  });

  it('reads Shift_JIS with Japanese headers', async () => {
    const jp = {
      header: ['指標', '市町村コード', '年度', '値', '性別', '年齢階級'],
      rows: small.rows.filter((r) => r[1] === TONAKI),
    };
    const res = await post(toCsv(jp, { encoding: 'cp932' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ encoding: 'cp932', periods: [2025], municipalities: [TONAKI], supersedes: [] });
    expect((await measure('ref.house_call', TONAKI, 2025))[0].value).toBe(
      csvValue(small, 'ref.house_call', TONAKI, 2025),
    );
  });
});
