/**
 * The national standard population ships with the product: seeded at start (idempotently), the
 * standard of every later period until an admin loads a newer one; analysts load the fixtures'
 * reference file (which holds none) with their own key.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateReference, toCsv } from '../../src/fixtures/index.js';
import { directlyStandardisedRate } from '../../src/modules/indicators/stats/index.js';
import { seedStandardPopulation } from '../../src/modules/reference/standard-population.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { referenceClient } from '../helpers/reference.js';

const PERIOD = 2024;
const NAHA = '472018';
// 厚生労働省 昭和60年モデル人口, 65-69 … 85+ (the shipped file), the same for both sexes.
const MODEL_1985 = [4_511_000, 3_476_000, 2_441_000, 1_406_000, 784_000];

let t: TestApp;
let analyst: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
}, 120_000);
afterAll(async () => t?.close());

/** 那覇市's adjusted light certification rate, recomputed by hand from its strata and a standard. */
async function expectedDsr(standard: (sex: number, band: number) => number) {
  const rows = await queryRows<{ measure: string; sex: number; age_band: number; value: number }>(t.database.db, sql`
    SELECT measure, sex, age_band, value FROM measures
    WHERE municipality_code = ${NAHA} AND period = ${PERIOD} AND measure IN ('ref.certified.light', 'ref.insured.first')`);
  const cell = (m: string, sex: number, band: number) =>
    rows.find((r) => r.measure === m && Number(r.sex) === sex && Number(r.age_band) === band)!.value;
  const strata = [1, 2].flatMap((sex) =>
    [1, 2, 3, 4, 5].map((band) => ({
      count: cell('ref.certified.light', sex, band),
      population: cell('ref.insured.first', sex, band),
      standardPopulation: standard(sex, band),
    })),
  );
  const dsr = directlyStandardisedRate(strata, { factor: 100 });
  expect(dsr.status).toBe('shown');
  return (dsr as { value: number }).value;
}

const nahaValue = async () => {
  const res = await t.app.inject({
    url: `/v1/indicators/adjusted_light_certification_rate/values?period=${PERIOD}&prefecture=47&level=municipality`,
    headers: analyst,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().values as { code: string; value: number | null; status: string }[]).find((v) => v.code === NAHA)!;
};

describe('the national standard population', () => {
  it('is seeded once (the same content again changes nothing)', async () => {
    const first = await seedStandardPopulation(t.services.reference);
    expect(first.created).toBe(true);
    const again = await seedStandardPopulation(t.services.reference);
    expect(again).toEqual({ created: false, uploadId: first.uploadId });
    // Nothing is seeded over a standard an admin loaded (checked again after the replacement below).
    const std = await queryRows<{ n: number; total: number }>(t.database.db, sql`
      SELECT count(*)::int AS n, sum(value)::float8 AS total FROM measures
      WHERE measure = 'std.insured.first' AND municipality_code = '000000' AND period = 2000`);
    expect(std[0]).toEqual({ n: 10, total: 2 * MODEL_1985.reduce((a, b) => a + b, 0) });
  });

  it('lets an analyst load the fixtures’ reference file, and standardises later periods on it', async () => {
    const file = generateReference({ seed: 3, periods: [PERIOD], national: false });
    expect(file.rows.some((r) => r[1] === '000000')).toBe(false);
    const res = await referenceClient(t).post(toCsv(file), analyst);
    expect(res.statusCode, res.body).toBe(201);
    const naha = await nahaValue();
    expect(naha.status).toBe('shown');
    expect(naha.value).toBeCloseTo(await expectedDsr((_sex, band) => MODEL_1985[band - 1]), 10);
  });

  it('is replaced by an admin only; a newer standard serves its own period onwards', async () => {
    const newer = {
      header: ['measure', 'municipality_code', 'period', 'value', 'sex', 'age_band'],
      rows: [1, 2].flatMap((sex) =>
        [1, 2, 3, 4, 5].map((band) => ['std.insured.first', '000000', '2020', String(1000 * band + sex), String(sex), String(band)]),
      ),
    };
    const unbound = await t.keyFor('analyst', { prefecture: null });
    const refused = await referenceClient(t).post(toCsv(newer), unbound);
    expect(refused.statusCode).toBe(422);
    expect(new Set(refused.json().errors.map((e: { code: string }) => e.code))).toEqual(new Set(['national_not_permitted']));

    const loaded = await referenceClient(t).post(toCsv(newer), t.admin);
    expect(loaded.statusCode, loaded.body).toBe(201);
    // 2024's values were recomputed on the 2020 standard (a later period than the upload's own).
    const naha = await nahaValue();
    expect(naha.value).toBeCloseTo(await expectedDsr((sex, band) => 1000 * band + sex), 10);
    expect(naha.value).not.toBeCloseTo(await expectedDsr((_sex, band) => MODEL_1985[band - 1]), 6);
    // A restart seeds nothing over it.
    expect((await seedStandardPopulation(t.services.reference)).created).toBe(false);
    expect((await nahaValue()).value).toBe(naha.value);
  });
});
