/**
 * Totals are enough: a stratified measure (第1号被保険者数, 軽度認定者数) may be given as a total
 * alone, strata alone, or both when they agree. Crude rates use the total; the directly
 * standardised rate is computed where strata exist and says not_standardisable elsewhere — in the
 * values, the gaps and their CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReference, toCsv, type Table } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { GINOWAN, NAHA, referenceClient } from '../helpers/reference.js';

const ISHIGAKI = '472077';
const PERIOD = 2025;
const STRATIFIED = ['ref.insured.first', 'ref.certified.light'];
const DSR = 'adjusted_light_certification_rate';
const CRUDE = 'house_call_per_10k'; // per 10,000 第1号被保険者

let t: TestApp;
let api: ReturnType<typeof referenceClient>;
const base = generateReference({ seed: 3, periods: [PERIOD] });

/** Σ of a municipality's strata of a measure in `base`. */
const sumOf = (code: string, measure: string) =>
  base.rows.filter((r) => r[0] === measure && r[1] === code && r[4] !== '').reduce((s, r) => s + Number(r[3]), 0);
const totalRow = (code: string, measure: string, value: number) => [measure, code, String(PERIOD), String(value), '', ''];

/** 那覇: totals alone; 宜野湾: strata alone; 石垣: both, the total `ishigakiDelta` off their sum. */
function mixedFile(ishigakiDelta = 0): Table {
  const rows = base.rows.filter((r) => !(r[1] === NAHA && STRATIFIED.includes(r[0])));
  for (const m of STRATIFIED) rows.push(totalRow(NAHA, m, sumOf(NAHA, m)));
  for (const m of STRATIFIED) rows.push(totalRow(ISHIGAKI, m, sumOf(ISHIGAKI, m) + (m === STRATIFIED[0] ? ishigakiDelta : 0)));
  return { header: base.header, rows };
}

const values = async (indicator: string) => {
  const res = await api.get(`/v1/indicators/${indicator}/values?period=${PERIOD}&prefecture=47`);
  expect(res.statusCode).toBe(200);
  return res.json().values as { level: string; code: string; status: string; reason: string | null; value: number | null; numerator: number | null; denominator: number | null }[];
};
const of = (list: Awaited<ReturnType<typeof values>>, level: string, code: string) => list.find((v) => v.level === level && v.code === code)!;

beforeAll(async () => {
  t = await createTestApp();
  api = referenceClient(t);
});
afterAll(async () => t?.close());

describe('a stratified reference measure as totals, strata or both', () => {
  it('refuses a total that disagrees with its strata (422, the total row, column value) and stores nothing', async () => {
    const file = mixedFile(1);
    const res = await api.post(toCsv(file));
    expect(res.statusCode).toBe(422);
    const row = file.rows.findIndex((r) => r[0] === STRATIFIED[0] && r[1] === ISHIGAKI && r[4] === '') + 2;
    expect(res.json().errors).toEqual([
      {
        row,
        column: 'value',
        value: String(sumOf(ISHIGAKI, STRATIFIED[0]) + 1),
        code: 'total_mismatch',
        message: expect.stringContaining(String(sumOf(ISHIGAKI, STRATIFIED[0]))),
      },
    ]);
    expect(await api.measure(STRATIFIED[0], ISHIGAKI, PERIOD)).toEqual([]);
  });

  it('accepts totals alone, strata alone and both when they agree', async () => {
    const res = await api.post(toCsv(mixedFile()));
    expect(res.statusCode).toBe(201);
    expect((await api.measure(STRATIFIED[0], NAHA, PERIOD)).map((m) => [m.sex, m.ageBand])).toEqual([[0, 0]]);
    expect(await api.measure(STRATIFIED[0], GINOWAN, PERIOD)).toHaveLength(10);
    expect(await api.measure(STRATIFIED[0], ISHIGAKI, PERIOD)).toHaveLength(11);
  });

  it('computes crude rates from the totals, wherever they came from', async () => {
    const list = await values(CRUDE);
    for (const code of [NAHA, GINOWAN, ISHIGAKI]) {
      const v = of(list, 'municipality', code);
      expect(v.denominator, code).toBe(sumOf(code, STRATIFIED[0]));
      expect(v.status).not.toBe('no_data');
    }
  });

  it('standardises where strata exist and says not_standardisable elsewhere, in values and gaps', async () => {
    const list = await values(DSR);
    expect(of(list, 'municipality', GINOWAN)).toMatchObject({ status: 'shown' });
    expect(of(list, 'municipality', ISHIGAKI)).toMatchObject({ status: 'shown' });
    expect(of(list, 'municipality', NAHA)).toMatchObject({
      status: 'not_shown',
      reason: 'not_standardisable',
      value: null,
      numerator: sumOf(NAHA, STRATIFIED[1]),
      denominator: sumOf(NAHA, STRATIFIED[0]),
    });
    // 那覇's area and the prefecture include its totals: no strata cover them whole.
    expect(of(list, 'area', '南部')).toMatchObject({ status: 'not_shown', reason: 'not_standardisable' });
    expect(of(list, 'prefecture', '47')).toMatchObject({ status: 'not_shown', reason: 'not_standardisable' });
    expect(of(list, 'area', '八重山')).toMatchObject({ status: 'shown' });

    const gaps = await api.get(`/v1/municipalities/${NAHA}/gaps?period=${PERIOD}`);
    expect(gaps.statusCode).toBe(200);
    const row = (gaps.json().indicators as { indicator: string }[]).find((r) => r.indicator === DSR);
    expect(row).toMatchObject({ status: 'not_shown', reason: 'not_standardisable', value: null });
    const csv = await api.get(`/v1/municipalities/${NAHA}/gaps?period=${PERIOD}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('not_standardisable');
  });
});
