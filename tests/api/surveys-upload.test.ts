import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateHomecare, generateNeeds, malformedFixtures, toCsv, toXlsx, type Table } from '../../src/fixtures/index.js';
import { computeNeedsFlags } from '../../src/modules/surveys/needs/risk-rules.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const THREE = ['473014', '473022', '473031']; // 国頭村, 大宜味村, 東村
const post = (kind: string, file: Buffer, fields: Record<string, string>, headers = t.admin, name = 'f.csv') => {
  const m = multipart(file, fields, name);
  return t.app.inject({ method: 'POST', url: `/v1/surveys/${kind}/uploads`, headers: { ...headers, ...m.headers }, payload: m.payload });
};
const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);
const measure = async (name: string, municipality: string, period = 2025) =>
  (
    await queryRows<{ value: number }>(
      t.database.db,
      sql`SELECT value FROM measures WHERE measure = ${name} AND municipality_code = ${municipality} AND period = ${period}`,
    )
  )[0]?.value;
const only = (table: Table, codes: string[]): Table => {
  const j = table.header.indexOf('municipality_code');
  return { header: table.header, rows: table.rows.filter((r) => codes.includes(r[j])) };
};

describe('rejections: 422, row/column/value/code, nothing stored', () => {
  const cases = malformedFixtures(1).filter((f) => f.kind !== 'reference');
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, fx) => {
    const [kind, part] = fx.kind.split('-');
    const before = { uploads: await count('uploads'), measures: await count('measures'), rows: await count('survey_needs_main') };
    const res = await post(kind, toCsv(fx.table), { wave: '2025', ...(part ? { part } : {}) });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe('/problems/invalid-content');
    expect(body.errors).toContainEqual(expect.objectContaining({ row: fx.expected.row, column: fx.expected.column, code: fx.expected.code }));
    expect(body.totalErrors).toBeGreaterThanOrEqual(1);
    expect(typeof body.errors[0].message).toBe('string');
    expect({ uploads: await count('uploads'), measures: await count('measures'), rows: await count('survey_needs_main') }).toEqual(before);
  });

  it('a wave that is not a year', async () => {
    const res = await post('needs', toCsv(generateNeeds({ seed: 1, wave: 2025, municipalities: ['473561'] })), { wave: '令和7' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ column: 'wave', value: '令和7', code: 'invalid_wave' });
  });

  it('shows only the offending cell, never the rest of the row', async () => {
    const table = generateNeeds({ seed: 1, wave: 2025, municipalities: ['473561'] });
    const row = [...table.rows[5]];
    row[table.header.indexOf('age')] = '200';
    const res = await post('needs', toCsv({ header: table.header, rows: [table.rows[0], row] }), { wave: '2025' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.errors).toEqual([expect.objectContaining({ row: 3, column: 'age', value: '200', code: 'out_of_range' })]);
    expect(res.body).not.toContain(row[0]); // the respondent id of that row
  });

  it('a municipality key may not upload another municipality, nor another survey', async () => {
    const naha = await t.keyFor('municipality', { municipality: '472018' });
    const res = await post('needs', toCsv(generateNeeds({ seed: 1, wave: 2025, municipalities: ['473561'] })), { wave: '2025' }, naha);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ column: 'municipality_code', code: 'municipality_not_permitted' });
    const hc = generateHomecare({ seed: 1, wave: 2025, municipalities: ['472018'] });
    const forbidden = await post('homecare', toCsv(hc.offices), { wave: '2025', part: 'offices' }, naha);
    expect(forbidden.statusCode).toBe(403);
  });

  it('the municipality parameter binds every row', async () => {
    const res = await post('needs', toCsv(generateNeeds({ seed: 1, wave: 2025, municipalities: ['473561', '473553'] })), {
      wave: '2025',
      municipality: '473561',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ column: 'municipality_code', value: '473553', code: 'municipality_param_mismatch' });
  });

  it('a two-part survey needs its part', async () => {
    const hc = generateHomecare({ seed: 1, wave: 2025, municipalities: ['472018'] });
    const res = await post('homecare', toCsv(hc.offices), { wave: '2025' });
    expect(res.statusCode).toBe(400);
  });
});

describe('accepted uploads, versions and measures', () => {
  const needs = only(generateNeeds({ seed: 7, wave: 2025 }), THREE);
  let firstId: string;

  it('stores the file with a slice per municipality and computes the measures', async () => {
    const res = await post('needs', toCsv(needs), { wave: '2025' }, t.admin, 'needs-2025.csv');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    firstId = body.id;
    expect(body).toMatchObject({ kind: 'needs', part: 'main', wave: 2025, prefecture: '47', rows: needs.rows.length, status: 'current', fileName: 'needs-2025.csv' });
    expect(body.slices.map((s: { municipality: string }) => s.municipality)).toEqual(THREE);

    // Hand-check one municipality's measures against the risk rules applied to the file's rows.
    const j = needs.header.indexOf('municipality_code');
    const rows = needs.rows.filter((r) => r[j] === '473014');
    const flags = rows.map((r) =>
      computeNeedsFlags(Object.fromEntries(needs.header.map((h, i) => [h, r[i] === '' ? null : Number(r[i])]))),
    );
    expect(await measure('needs.respondents', '473014')).toBe(rows.length);
    expect(await measure('needs.motor.positive', '473014')).toBe(flags.filter((f) => f.motor === 'positive').length);
    expect(await measure('needs.motor.undecidable', '473014')).toBe(flags.filter((f) => f.motor === 'undecidable').length);
    expect(await measure('needs.cognition.decidable', '473014')).toBe(flags.filter((f) => f.cognition !== 'undecidable').length);
  });

  it('the identical file again answers 200 with the same upload', async () => {
    const before = await count('uploads');
    const res = await post('needs', toCsv(needs), { wave: '2025' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: firstId, identical: true });
    expect(await count('uploads')).toBe(before);
  });

  it('a dry run reports what it would supersede and stores nothing', async () => {
    const one = only(generateNeeds({ seed: 8, wave: 2025 }), ['473014']);
    const before = await count('uploads');
    const res = await post('needs', toCsv(one), { wave: '2025', dryRun: 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: null, dryRun: true, status: 'dry_run', superseded: [{ uploadId: firstId, municipality: '473014' }] });
    expect(await count('uploads')).toBe(before);
  });

  let secondId: string;
  it('a new file replaces exactly the slices it contains', async () => {
    const one = only(generateNeeds({ seed: 8, wave: 2025 }), ['473014']);
    const res = await post('needs', toCsv(one), { wave: '2025' });
    expect(res.statusCode).toBe(201);
    secondId = res.json().id;
    expect(res.json().superseded).toEqual([{ uploadId: firstId, municipality: '473014' }]);
    expect(await measure('needs.respondents', '473014')).toBe(one.rows.length);
    const first = (await t.app.inject({ url: `/v1/uploads/${firstId}`, headers: t.admin })).json();
    expect(first.status).toBe('partly_superseded');
    expect(first.slices.find((s: { municipality: string }) => s.municipality === '473014')).toMatchObject({ status: 'superseded', supersededBy: secondId });
    expect(first.slices.find((s: { municipality: string }) => s.municipality === '473022').status).toBe('current');
  });

  it('retracting brings the previous version back', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/uploads/${secondId}`, headers: t.admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('retracted');
    const first = (await t.app.inject({ url: `/v1/uploads/${firstId}`, headers: t.admin })).json();
    expect(first.status).toBe('current');
    const j = needs.header.indexOf('municipality_code');
    expect(await measure('needs.respondents', '473014')).toBe(needs.rows.filter((r) => r[j] === '473014').length);
    const list = (await t.app.inject({ url: '/v1/surveys/needs/uploads?wave=2025&municipality=473014', headers: t.admin })).json();
    expect(list.map((u: { id: string }) => u.id).sort()).toEqual([firstId, secondId].sort());
  });

  it('concurrent uploads of the same slice leave exactly one current', async () => {
    const a = only(generateNeeds({ seed: 21, wave: 2024 }), ['473065']);
    const b = only(generateNeeds({ seed: 22, wave: 2024 }), ['473065']);
    const [ra, rb] = await Promise.all([post('needs', toCsv(a), { wave: '2024' }), post('needs', toCsv(b), { wave: '2024' })]);
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    const current = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM upload_slices WHERE wave = 2024 AND municipality_code = '473065' AND status = 'current'`,
    );
    expect(current[0].n).toBe(1);
  });
});

describe('formats', () => {
  const table = only(generateNeeds({ seed: 3, wave: 2023 }), ['473588', '473570']);
  const stored = (wave: number) =>
    queryRows<Record<string, unknown>>(
      t.database.db,
      sql`SELECT r.* FROM survey_needs_main r JOIN upload_slices s ON s.upload_id = r.upload_id AND s.municipality_code = r.municipality_code AND s.status = 'current' WHERE r.wave = ${wave} ORDER BY respondent_id`,
    );
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ upload_id: _u, wave: _w, ...rest }) => rest);

  it('XLSX, UTF-8 CSV and Shift_JIS CSV with Japanese headers store identical data', async () => {
    expect((await post('needs', toCsv(table), { wave: '2019' })).statusCode).toBe(201);
    const x = await post('needs', await toXlsx(table), { wave: '2020' }, t.admin, 'needs.xlsx');
    expect(x.statusCode).toBe(201);
    expect(x.json().format).toBe('xlsx');
    const codebook = (await t.app.inject({ url: '/v1/surveys/needs/codebook', headers: t.admin })).json();
    const labels = Object.fromEntries(codebook.parts[0].columns.map((c: { id: string; label_ja: string }) => [c.id, c.label_ja]));
    const sjis = await post('needs', toCsv({ header: table.header.map((h) => labels[h]), rows: table.rows }, { encoding: 'cp932' }), { wave: '2021' });
    expect(sjis.statusCode).toBe(201);
    expect(sjis.json().encoding).toBe('cp932');
    const csvRows = strip(await stored(2019));
    expect(strip(await stored(2020))).toEqual(csvRows);
    expect(strip(await stored(2021))).toEqual(csvRows);
    expect(csvRows).toHaveLength(table.rows.length);
  });

  it('serves templates whose header is accepted back', async () => {
    const csv = await t.app.inject({ url: '/v1/surveys/needs/template?format=csv', headers: t.admin });
    expect(csv.statusCode).toBe(200);
    const header = csv.body.replace(/^\uFEFF/, '').trim();
    expect(header.startsWith('回答者ID（respondent_id）')).toBe(true);
    const filled = Buffer.from(`${header}\n${table.rows.slice(0, 3).map((r) => r.join(',')).join('\n')}\n`);
    const res = await post('needs', filled, { wave: '2018' });
    expect(res.statusCode).toBe(201);

    const xlsx = await t.app.inject({ url: '/v1/surveys/homecare/template?format=xlsx&part=offices', headers: t.admin });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['offices', 'コード表']);
    expect(wb.getWorksheet('offices')!.getRow(1).getCell(1).value).toBe('事業所ID（office_id）');
  });
});

describe('workforce staff take their municipality through the establishment', () => {
  it('resolves staff rows without municipality_code from the establishments of the wave', async () => {
    const { generateWorkforce } = await import('../../src/fixtures/index.js');
    const wf = generateWorkforce({ seed: 5, wave: 2025, municipalities: ['472018', '473014'] });
    expect((await post('workforce', toCsv(wf.establishments), { wave: '2025', part: 'establishments' })).statusCode).toBe(201);
    const j = wf.staff.header.indexOf('municipality_code');
    const staff = { header: wf.staff.header.filter((_, i) => i !== j), rows: wf.staff.rows.map((r) => r.filter((_, i) => i !== j)) };
    const res = await post('workforce', toCsv(staff), { wave: '2025', part: 'staff' });
    expect(res.statusCode).toBe(201);
    expect(res.json().slices.map((s: { municipality: string }) => s.municipality).sort()).toEqual(['472018', '473014']);
    expect(await measure('workforce.staff_rows', '472018')).toBe(wf.staff.rows.filter((r) => r[j] === '472018').length);
  });
});
