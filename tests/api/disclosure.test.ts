/**
 * Disclosure control over the stored values, through the API and the auditor's service (what
 * `carelogic audit-disclosure` runs): the Okinawa reference statistics loaded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvValue, okinawa, referenceClient } from '../helpers/reference.js';
import { makeReport, readWorkbook, rowsOf, xmlParts } from '../helpers/reports.js';

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
      expect(viewer.find((x) => x.code === v.code)).toMatchObject({ status: 'suppressed', statusLabel: '秘匿', numerator: null, value: null, display: null });
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

  it('keeps a count hidden by the linked / secondary rule out of the CSV export and the workbook', async () => {
    // A municipality whose own deaths pass the rule (no count or complement of 1-2, no derived
    // nursing-home count of 1-2, 10 deaths or more) yet is hidden: protecting another number.
    const count = (m: string, code: string) => {
      try {
        return csvValue(okinawa, m, code, PERIOD);
      } catch {
        return null;
      }
    };
    const small = (x: number) => x >= 1 && x <= 2;
    const analyst = await values('home_death_ratio', t.admin, 'municipality');
    const secondary = analyst.find((v) => {
      if (v.status !== 'suppressed') return false;
      const [home, nursing, total] = ['ref.deaths.home', 'ref.deaths.nursing_home', 'ref.deaths.total'].map((m) => count(m, v.code));
      if (home === null || nursing === null || total === null) return false;
      return total >= 10 && ![home, nursing, home + nursing, total - home, total - home - nursing].some(small);
    });
    expect(secondary, 'a municipality hidden by the linked / secondary rule').toBeDefined();
    const code = secondary!.code;
    const home = count('ref.deaths.home', code)!;
    const total = count('ref.deaths.total', code)!;
    const value = (home / total) * 100;

    // CSV: the row says 秘匿 and carries no number; the true value is nowhere in the file.
    const res = await t.app.inject({
      url: `/v1/indicators/home_death_ratio/values?period=${PERIOD}&prefecture=47&level=municipality&format=csv`,
      headers: t.admin,
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0].split(',');
    const row = lines.find((l) => l.split(',')[header.indexOf('コード')] === code)!.split(',');
    expect(row[header.indexOf('状態')]).toBe('秘匿');
    for (const c of ['分子', '分母', '値']) expect(row[header.indexOf(c)], c).toBe('');
    expect(row).not.toContain(String(home));
    for (const digits of [1, 2, 3]) expect(res.body).not.toContain(value.toFixed(digits));

    // Workbook (the municipality's own, read by an analyst): 秘匿 in the value cell, no number in
    // its row, and the value nowhere in the file.
    const r = await makeReport(t, t.admin, { kind: 'municipality', model: 'okinawa-2026', period: PERIOD, municipality: code });
    expect(r.file.statusCode).toBe(200);
    const wb = await readWorkbook(r.file.rawPayload);
    const wrow = rowsOf(wb.getWorksheet('ギャップ分析')!).find((x) => String(x.cells[2]?.value ?? '').trim() === '自宅等での死亡割合')!;
    expect(wrow.cells[5].value).toBe('秘匿');
    const numbers = wrow.cells.filter((c) => typeof c?.value === 'number').map((c) => c.value as number);
    expect(numbers.some((x) => Math.abs(x - value) < 0.05 || x === home)).toBe(false);
    const xml = [...(await xmlParts(r.file.rawPayload)).values()].join('\n');
    expect(xml).not.toContain(String(value));
    expect(xml).not.toContain(value.toFixed(1));
  }, 300_000);
});
