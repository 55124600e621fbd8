/**
 * Disclosure control over the stored values, through the API and the auditor's service (what
 * `carelogic audit-disclosure` runs): the Okinawa reference statistics loaded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { okinawa, referenceClient } from '../helpers/reference.js';

let t: TestApp;
const PERIOD = 2024;
type Unit = { level: string; code: string; status: string; reason: string | null; numerator: number | null; coverage: { contributing: number } };

beforeAll(async () => {
  t = await createTestApp();
  const res = await referenceClient(t).post(toCsv(okinawa));
  expect(res.statusCode).toBe(201);
});
afterAll(async () => t?.close());

const values = async (indicator: string, auth: { authorization: string }, level?: string) => {
  const q = level ? `&level=${level}` : '';
  const res = await t.app.inject({ url: `/v1/indicators/${indicator}/values?period=${PERIOD}&prefecture=47${q}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json().values as Unit[];
};

describe('disclosure control over the stored values', () => {
  it('gives a viewer no single-municipality insurer, and an analyst every one', async () => {
    const viewer = await values('home_death_ratio', await t.keyFor('viewer'), 'insurer');
    const analyst = await values('home_death_ratio', t.admin, 'insurer');
    const single = analyst.filter((v) => v.coverage.contributing === 1);
    expect(single.length).toBeGreaterThanOrEqual(12);
    for (const v of single) {
      expect(viewer.find((x) => x.code === v.code)).toMatchObject({ status: 'suppressed', numerator: null, value: null, display: null });
    }
    expect(analyst.find((v) => v.code === '那覇市')).toMatchObject({ status: 'shown' });
  });

  it('gives a municipality key the same restriction', async () => {
    const own = await values('home_death_ratio', await t.keyFor('municipality', { municipality: '472018' }), 'insurer');
    expect(own.filter((v) => v.coverage.contributing === 1).every((v) => v.status === 'suppressed')).toBe(true);
  });

  it('says only `suppressed` for every hidden value', async () => {
    for (const id of ['home_death_ratio', 'home_or_nursing_home_death_ratio', 'house_call_per_10k', 'home_visit_medical_per_10k']) {
      const hidden = (await values(id, t.admin)).filter((v) => v.status === 'suppressed');
      expect(hidden.every((v) => v.reason === 'suppressed' && v.numerator === null), id).toBe(true);
    }
  });

  it('passes the independent audit for every role (what carelogic audit-disclosure prints)', async () => {
    const report = await t.services.disclosure.audit({ prefecture: '47', period: PERIOD });
    expect(report.risks).toEqual([]);
    expect(report.checked).toBeGreaterThan(0);
  });
});
