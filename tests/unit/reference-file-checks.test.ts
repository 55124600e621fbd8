import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateReference,
  loadOkinawaMunicipalities,
  malformedFixtures,
  toCsv,
  type Table,
} from '../../src/fixtures/index.js';
import { createFileChecks } from '../../src/modules/reference/reference.file-checks.js';
import { runReferencePipeline } from '../../src/modules/reference/reference.pipeline.js';
import { loadReferenceRules, type ReferenceRules } from '../../src/modules/reference/reference.rules.js';
import type { ReferenceRecord } from '../../src/modules/reference/reference.validate.js';

let rules: ReferenceRules;
let dir: string;
beforeAll(async () => {
  rules = await loadReferenceRules();
  dir = await mkdtemp(join(tmpdir(), 'reference-unit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const rec = (measure: string, value: number, extra: Partial<ReferenceRecord> = {}): ReferenceRecord => ({
  measure,
  municipality: '472018',
  prefecture: '47',
  period: 2024,
  value,
  sex: 0,
  ageBand: 0,
  ...extra,
});
const PLACES = ['hospital', 'clinic', 'roken_iryoin', 'midwife', 'nursing_home', 'home', 'other'];

describe('createFileChecks', () => {
  it('reports a duplicate key at its second row, naming the first', () => {
    const checks = createFileChecks(rules);
    expect(checks.add(rec('ref.house_call', 3), 2, '3')).toBeNull();
    expect(checks.add(rec('ref.house_call', 3, { period: 2023 }), 3, '3')).toBeNull();
    expect(checks.add(rec('ref.house_call', 4), 9, '4')).toMatchObject({
      row: 9,
      column: 'measure',
      code: 'duplicate_row',
    });
    expect(checks.add(rec('ref.house_call', 4), 9, '4')?.message).toContain('2行目');
  });

  it('wants every sex × age band of a stratified slice', () => {
    const checks = createFileChecks(rules);
    let row = 2;
    for (const sex of [1, 2])
      for (const ageBand of [1, 2, 3, 4, 5]) checks.add(rec('ref.insured.first', 10, { sex, ageBand }), row++, '10');
    for (const ageBand of [1, 2, 3]) checks.add(rec('ref.certified.light', 1, { sex: 1, ageBand }), row++, '1');
    expect(checks.finish()).toEqual([
      expect.objectContaining({
        row: 12,
        column: 'age_band',
        code: 'strata_incomplete',
        message: expect.stringContaining('10区分中3区分'),
      }),
    ]);
  });

  it('takes a stratified measure as a total alone, strata alone, or both when they agree', () => {
    const checks = createFileChecks(rules);
    let row = 2;
    const strata = (measure: string, municipality: string, value: number) => {
      for (const sex of [1, 2])
        for (const ageBand of [1, 2, 3, 4, 5]) checks.add(rec(measure, value, { municipality, sex, ageBand }), row++, String(value));
    };
    checks.add(rec('ref.insured.first', 1234), row++, '1234'); // 那覇: total alone
    strata('ref.insured.first', '472051', 10); // 宜野湾: strata alone (total 100)
    checks.add(rec('ref.insured.first', 100, { municipality: '472077' }), row++, '100'); // 石垣: both, agreeing
    strata('ref.insured.first', '472077', 10);
    expect(checks.finish()).toEqual([]);
  });

  it('refuses a total that disagrees with its strata, on the total row, column value', () => {
    const checks = createFileChecks(rules);
    let row = 2;
    for (const sex of [1, 2])
      for (const ageBand of [1, 2, 3, 4, 5]) checks.add(rec('ref.insured.first', 10, { sex, ageBand }), row++, '10');
    checks.add(rec('ref.insured.first', 101), 40, '101');
    expect(checks.finish()).toEqual([
      {
        row: 40,
        column: 'value',
        value: '101',
        code: 'total_mismatch',
        message: expect.stringContaining('性別×年齢階級'),
      },
    ]);
    expect(checks.finish()[0].message).toContain('100');
  });

  it('reports deaths by place not summing on the total row, column value', () => {
    const checks = createFileChecks(rules);
    checks.add(rec('ref.deaths.total', 31), 2, '31');
    PLACES.forEach((p, i) => checks.add(rec(`ref.deaths.${p}`, i === 0 ? 24 : 1), 3 + i, '1'));
    checks.add(rec('ref.deaths.total', 30, { municipality: '472051' }), 20, '30');
    PLACES.forEach((p, i) =>
      checks.add(rec(`ref.deaths.${p}`, i === 0 ? 24 : 1, { municipality: '472051' }), 21 + i, '1'),
    );
    expect(checks.finish()).toEqual([
      { row: 2, column: 'value', value: '31', code: 'total_mismatch', message: expect.stringContaining('30') },
    ]);
  });

  it('does not echo an invalid row as an incomplete slice or group', () => {
    const checks = createFileChecks(rules);
    checks.add(rec('ref.insured.first', 10, { sex: 1, ageBand: 1 }), 2, '10');
    checks.taint({
      measure: 'ref.insured.first',
      municipality_code: '472018',
      period: '2024',
      sex: '3',
      age_band: '1',
    });
    checks.add(rec('ref.deaths.total', 3), 4, '3');
    checks.taint({ measure: 'ref.deaths.home', municipality_code: '472018', period: '２０２４', value: 'x' });
    expect(checks.finish()).toEqual([]);
  });

  it('wants the total and all seven places together', () => {
    const checks = createFileChecks(rules);
    checks.add(rec('ref.deaths.home', 5), 4, '5');
    expect(checks.finish()).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'measure',
        code: 'sum_incomplete',
        message: expect.stringContaining('ref.deaths.total'),
      }),
    ]);
  });
});

async function pipeline(table: Table, boundPrefecture: string | null = null, name = 'f.csv') {
  const raw = join(dir, name);
  await writeFile(raw, toCsv(table));
  const known = new Set(loadOkinawaMunicipalities().map((m) => m.code));
  return runReferencePipeline(raw, join(dir, `${name}.copy`), {
    rules,
    knownMunicipalities: known,
    boundPrefecture,
    mayLoadNational: boundPrefecture === null,
    uploadId: 'u1',
  });
}

describe('runReferencePipeline', () => {
  it('accepts the generated Okinawa reference file and writes one COPY line per row', async () => {
    const table = generateReference({ seed: 3, periods: [2024] });
    const result = await pipeline(table, null, 'all.csv');
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(table.rows.length);
    expect(result.prefecture).toBe('47');
    // 41 municipalities × 27 reference measures, plus the national standard population.
    expect(result.slices.size).toBe(41 * 21 + 1);
    const lines = (await readFile(join(dir, 'all.csv.copy'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(table.rows.length);
    expect(lines[0].split('\t')).toEqual([
      'u1',
      '47',
      // The generator follows the master's order: 名護市 comes first (北部).
      '472093',
      '2024',
      'ref.insured.first',
      '1',
      '1',
      table.rows[0][3],
      '2',
    ]);
  });

  it('reports the malformed deaths fixture exactly as expected', async () => {
    const fx = malformedFixtures(1).find((f) => f.name === 'reference-deaths-not-summing')!;
    const result = await pipeline(fx.table, null, 'deaths.csv');
    expect(result.errors.map(({ row, column, value, code }) => ({ row, column, value, code }))).toEqual([fx.expected]);
  });

  it('lets a bound key load its prefecture but not the national rows', async () => {
    const table = generateReference({ seed: 3, periods: [2024], municipalities: ['473561'] });
    const result = await pipeline(table, '47', 'bound.csv');
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set(['national_not_permitted']));
    expect(result.errors).toHaveLength(10);
  });

  it('reports a header without the required columns', async () => {
    const result = await pipeline(
      { header: ['measure', 'code', 'value'], rows: [['ref.house_call', '472018', '1']] },
      null,
      'h.csv',
    );
    expect(result.errors).toEqual([expect.objectContaining({ row: 1, column: 'period', code: 'missing_column' })]);
  });
});
