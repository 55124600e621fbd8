/**
 * Report jobs end to end on the Okinawa fixtures: 202 → done → download, the prefecture and a
 * municipality workbook read back with exceljs — sheet names, a value recomputed from the fixture
 * files, number formats, conditional formatting, print setup, no suppressed value anywhere, and a
 * municipality whose master name is a formula staying text.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateAll } from '../../src/fixtures/index.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { makeReport, readWorkbook, rowsOf, xmlParts } from '../helpers/reports.js';

const WAVE = 2024;
const EVIL = '=HYPERLINK("http://x","y")';
const EVIL_CODE = '473626'; // 八重瀬町 renamed in the master
let t: TestApp;
let analyst: { authorization: string };
let pref: { job: Record<string, unknown>; buf: Buffer; wb: ExcelJS.Workbook; headers: Record<string, unknown> };
let hidden: { indicator: string; code: string; value: number | null }[];

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  const master = readFileSync(resolve('fixtures/regions/okinawa-municipalities.csv'), 'utf8').replace(
    /^473626,[^,]+,/m,
    `473626,"${EVIL.replace(/"/g, '""')}",`,
  );
  await t.services.regions.importMaster(Buffer.from(master), '47', 'test');
  await loadGapFixtures(t.services, { wave: WAVE, scale: 0.1 });
  const targets = await gapTargetFile(t.services, WAVE);
  const imp = await t.app.inject({
    method: 'POST',
    url: '/v1/targets/import?prefecture=47',
    headers: { ...analyst, 'content-type': 'text/csv' },
    payload: targets,
  });
  expect(imp.statusCode, imp.body).toBe(200);
  // The eight-item tracker: 那覇市 and 宜野湾市 implemented (ア), 石垣市 plans it; a change dated
  // after the day the workbook is made must not count.
  const items = await t.app.inject({
    method: 'POST',
    url: '/v1/pdca/items/import',
    headers: { ...analyst, 'content-type': 'text/csv' },
    payload: [
      'municipality_code,item,as_of,status',
      '472018,a,2024-04-01,implemented',
      '472051,ア,2025-06-01,implemented',
      '472077,a,2025-01-01,planned',
      '472077,a,2099-04-01,implemented',
      '472018,h,2024-04-01,not_started',
    ].join('\n'),
  });
  expect(items.statusCode, items.body).toBe(200);
  const r = await makeReport(t, analyst, { kind: 'prefecture', model: 'okinawa-2026', period: WAVE });
  expect(r.file.statusCode, r.file.body.slice(0, 300)).toBe(200);
  pref = { job: r.job, buf: r.file.rawPayload, wb: await readWorkbook(r.file.rawPayload), headers: r.file.headers };
  hidden = await queryRows(
    t.database.db,
    sql`SELECT indicator, unit_code AS code, value FROM indicator_values
        WHERE prefecture_code = '47' AND period = ${WAVE} AND level = 'municipality' AND status = 'suppressed'`,
  );
}, 600_000);
afterAll(async () => t?.close());

describe('report jobs', () => {
  it('202 with a job, then done with a checksum and a Japanese file name (RFC 5987)', async () => {
    expect(pref.job).toMatchObject({ status: 'done', progress: 100, kind: 'prefecture', period: WAVE });
    expect(pref.job.fileName).toBe(`沖縄県_地域包括ケア_ギャップ分析_${WAVE}.xlsx`);
    const { createHash } = await import('node:crypto');
    expect(pref.job.sha256).toBe(createHash('sha256').update(pref.buf).digest('hex'));
    expect(String(pref.headers['content-disposition'])).toBe(
      `attachment; filename="carelogic-report-${String(pref.job.id).slice(0, 8)}.xlsx"; filename*=UTF-8''${encodeURIComponent(String(pref.job.fileName))}`,
    );
    const list = (await t.app.inject({ url: '/v1/reports', headers: analyst })).json();
    expect(list.map((j: { id: string }) => j.id)).toContain(pref.job.id);
  });

  it('a workbook that is not there answers 409: the job’s status beside the HTTP status, never instead of it', async () => {
    await t.database.db.execute(sql`UPDATE report_jobs SET status = 'failed', error = 'テストの失敗' WHERE id = ${pref.job.id}`);
    try {
      const res = await t.app.inject({ url: `/v1/reports/${pref.job.id}/file`, headers: analyst });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 409, jobStatus: 'failed', type: '/problems/conflict' });
      expect(res.json().detail).toContain('テストの失敗');
    } finally {
      await t.database.db.execute(sql`UPDATE report_jobs SET status = 'done', error = NULL WHERE id = ${pref.job.id}`);
    }
  });

  it('at start removes only half-written files of dead runners (untouched for twice the lease)', async () => {
    const { mkdirSync, utimesSync, existsSync } = await import('node:fs');
    const dir = join(t.reportsDir, '47');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, 'dead-runner.xlsx.part');
    const fresh = join(dir, 'live-runner.xlsx.part');
    const kept = join(dir, 'finished.xlsx');
    for (const f of [old, fresh, kept]) writeFileSync(f, 'x');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(old, hourAgo, hourAgo);
    utimesSync(kept, hourAgo, hourAgo);
    expect(await t.services.reports.removeStalePartials()).toBe(1);
    expect([existsSync(old), existsSync(fresh), existsSync(kept)]).toEqual([false, true, true]);
    rmSync(fresh);
    rmSync(kept);
  });

  it('refuses what the key may not read', async () => {
    const naha = await t.keyFor('municipality', { municipality: '472018' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: naha,
      payload: { kind: 'prefecture', model: 'okinawa-2026', period: WAVE },
    });
    expect(res.statusCode).toBe(403);
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: naha,
      payload: { kind: 'municipality', model: 'okinawa-2026', period: WAVE, municipality: '472051' },
    });
    expect(other.statusCode).toBe(403);
    expect((await t.app.inject({ url: `/v1/reports/${pref.job.id}`, headers: naha })).statusCode).toBe(403);
    const viewer = await t.keyFor('viewer');
    expect((await t.app.inject({ url: '/v1/reports', headers: viewer })).statusCode).toBe(403);
  });
});

describe('the prefecture workbook', () => {
  it('has 概要, 優先課題, one sheet per indicator, 事業の実施状況 and 定義, every name within 31 characters', async () => {
    const names = pref.wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(['概要', '優先課題']);
    expect(names.slice(-2)).toEqual(['事業の実施状況', '定義']);
    const defs = await t.services.indicators.definitions('okinawa-2026', '47');
    expect(names.length).toBe(defs.length + 4);
    expect(names).toContain('16 自宅等での死亡割合');
    for (const n of names) expect([...n].length).toBeLessThanOrEqual(31);
  });

  it('shows the prefecture value recomputed from the fixture files, as a number with its format', () => {
    const tables = generateAll({ seed: 11, wave: WAVE, scale: 0.1, periods: [WAVE - 1, WAVE] });
    const h = tables.reference.header;
    const [mi, ci, pi, vi] = ['measure', 'municipality_code', 'period', 'value'].map((c) => h.indexOf(c));
    const sum = (m: string) =>
      tables.reference.rows
        .filter((r) => r[mi] === m && String(r[pi]) === String(WAVE) && String(r[ci]).startsWith('47'))
        .reduce((s, r) => s + Number(r[vi]), 0);
    const expected = (sum('ref.deaths.home') / sum('ref.deaths.total')) * 100;
    const ws = pref.wb.getWorksheet('16 自宅等での死亡割合')!;
    const row = rowsOf(ws).find((r) => r.cells[1]?.value === '都道府県')!;
    const value = row.cells[6];
    expect(value.type).toBe(ExcelJS.ValueType.Number);
    expect(value.value as number).toBeCloseTo(expected, 9);
    expect(value.numFmt).toBe('0.0');
    expect(row.cells[13].numFmt).toBe('0.0%'); // 達成率
  });

  it('has a traffic light, frozen panes, an auto-filter and A4 landscape print setup with title rows and a header', async () => {
    for (const name of ['概要', '16 自宅等での死亡割合', '優先課題']) {
      const ws = pref.wb.getWorksheet(name)!;
      const cf = (ws as unknown as { conditionalFormattings: { rules: { type: string; formulae: string[] }[] }[] })
        .conditionalFormattings;
      expect(cf.length, name).toBeGreaterThan(0);
      expect(cf[0].rules.map((r) => r.formulae[0])).toEqual(
        expect.arrayContaining([expect.stringContaining('"達成"')]),
      );
      expect(ws.views[0]).toMatchObject({ state: 'frozen' });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true });
      expect(ws.headerFooter.oddHeader).toContain('沖縄県 地域包括ケアシステム ギャップ分析');
      expect(ws.headerFooter.oddHeader).toContain('作成日');
    }
    // Header rows repeated on every printed page.
    const workbookXml = (await xmlParts(pref.buf)).get('xl/workbook.xml')!;
    expect(workbookXml).toMatch(
      /<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;概要&apos;!\$A:\$C,&apos;概要&apos;!\$7:\$7</,
    );
    expect(workbookXml.match(/_xlnm.Print_Titles/g)!.length).toBe(pref.wb.worksheets.length);
  });

  it('never shows a suppressed value: 秘匿 with a note in every sheet, no number in any cell or XML part', async () => {
    expect(hidden.length).toBeGreaterThan(0);
    const overview = pref.wb.getWorksheet('概要')!;
    const rows = rowsOf(overview);
    const header = rows.find((r) => r.cells[1]?.value === '市町村コード')!;
    const defs = new Map((await t.services.indicators.definitions('okinawa-2026', '47')).map((d) => [d.id, d]));
    let checked = 0;
    for (const h of hidden) {
      const label = defs.get(h.indicator)!.label_ja;
      const col = header.cells.findIndex((c) => typeof c?.value === 'string' && c.value.startsWith(label));
      const row = rows.find((r) => r.cells[1]?.value === h.code)!;
      expect(row.cells[col].value, `${h.indicator} ${h.code}`).toBe('秘匿');
      expect(JSON.stringify(row.cells[col].note)).toContain('秘匿');
      const sheet = pref.wb.worksheets.find(
        (w) => w.name.endsWith(` ${label}`) || w.name.endsWith(label.slice(0, 20)),
      )!;
      const srow = rowsOf(sheet).find((r) => r.cells[2]?.value === h.code)!;
      expect(srow.cells[6].value).toBe('秘匿');
      for (const i of [7, 8, 9, 12, 13]) expect(srow.cells[i]?.value ?? null, `${sheet.name} col ${i}`).toBeNull();
      checked++;
    }
    expect(checked).toBe(hidden.length);
    // The unrounded hidden values appear nowhere in the file: no cell, hidden column, note or chart.
    const xml = [...(await xmlParts(pref.buf)).values()].join('\n');
    for (const h of hidden)
      if (h.value !== null && !Number.isInteger(h.value)) expect(xml).not.toContain(String(h.value));
  });

  it('places the comparison chart of each indicator with values as an image', () => {
    const sheets = pref.wb.worksheets.slice(2, -1);
    let images = 0;
    for (const ws of sheets) {
      const shown = rowsOf(ws).some((r) => r.cells[1]?.value === '市町村' && typeof r.cells[6]?.value === 'number');
      expect(ws.getImages().length, ws.name).toBe(shown ? 1 : 0);
      images += ws.getImages().length;
    }
    expect(images).toBeGreaterThan(20);
    const media = (pref.wb as unknown as { model: { media: { type: string; extension: string }[] } }).model.media;
    expect(media.length).toBe(images);
    expect(media.every((m) => m.extension === 'png')).toBe(true);
  });

  it('keeps a municipality named like a formula as text', async () => {
    const ws = pref.wb.getWorksheet('概要')!;
    const row = rowsOf(ws).find((r) => r.cells[1]?.value === EVIL_CODE)!;
    const cell = row.cells[2];
    expect(cell.value).toBe(EVIL);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    const xml = await xmlParts(pref.buf);
    for (const [name, text] of xml)
      if (name.startsWith('xl/worksheets/sheet')) expect(text, name).not.toMatch(/<f[ >]/);
  });

  it('事業の実施状況 counts each item at the day the workbook is made, naming the municipalities', () => {
    const ws = pref.wb.getWorksheet('事業の実施状況')!;
    const rows = rowsOf(ws).map((r) => Array.from({ length: 9 }, (_, i) => r.cells[i + 1]?.value ?? null));
    const header = rows.findIndex((r) => r[0] === '項目');
    expect(rows[header]).toEqual([
      '項目', '項目名', '実施済み', '実施予定', '合計', '未実施', '未回答', '実施済みの市町村', '実施予定の市町村',
    ]);
    const body = rows.slice(header + 1, header + 9);
    expect(body.map((r) => r[0])).toEqual(['(ア)', '(イ)', '(ウ)', '(エ)', '(オ)', '(カ)', '(キ)', '(ク)']);
    // (ア): 2 implemented, 石垣市 planned (its 2099 change is in the future), 38 with no record.
    expect(body[0].slice(2, 9)).toEqual([2, 1, 3, 0, 38, '宜野湾市、那覇市', '石垣市']); // in the master's order (中部 before 南部)
    // (ク): 那覇市 recorded as not started.
    expect(body[7].slice(2, 7)).toEqual([0, 0, 0, 1, 40]);
    expect(typeof body[0][2]).toBe('number');
  });

  it('定義 lists formulas, sources, CI methods, the disclosure rule and the data versions', () => {
    const ws = pref.wb.getWorksheet('定義')!;
    const text = rowsOf(ws)
      .flatMap((r) => r.cells.map((c) => String(c?.value ?? '')))
      .join('\n');
    expect(text).toContain('(ref.deaths.home) ÷ (ref.deaths.total) × 100');
    expect(text).toContain('Wilson スコア法');
    expect(text).toContain('分母が10未満');
    expect(text).toContain('needs.csv');
    expect(text).toContain('reference.csv');
  });
});

describe('a municipality workbook', () => {
  it('follows the logic model and shows only what the municipality key may read', async () => {
    const naha = await t.keyFor('municipality', { municipality: '472018' });
    const r = await makeReport(t, naha, {
      kind: 'municipality',
      model: 'okinawa-2026',
      period: WAVE,
      municipality: '472018',
    });
    expect(r.job).toMatchObject({ status: 'done', fileName: `那覇市_地域包括ケア_ギャップ分析_${WAVE}.xlsx` });
    const wb = await readWorkbook(r.file.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['ギャップ分析', '要因分析', 'グラフ', '定義']);
    expect(wb.getWorksheet('グラフ')!.getImages().length).toBeGreaterThanOrEqual(1);
    const gaps = (
      await t.app.inject({ url: `/v1/municipalities/472018/gaps?period=${WAVE}&model=okinawa-2026`, headers: naha })
    ).json();
    const ws = wb.getWorksheet('ギャップ分析')!;
    const rows = rowsOf(ws);
    expect(rows.some((x) => x.cells[1]?.value === '最終アウトカム')).toBe(true);
    const g = gaps.indicators.find((x: { value: unknown }) => x.value)!;
    const row = rows.find((x) => String(x.cells[2]?.value ?? '').trim() === g.label_ja)!;
    expect(row.cells[5].value).toBeCloseTo(g.value.value, 9);
    // No other municipality's name appears anywhere in the workbook.
    const xml = [...(await xmlParts(r.file.rawPayload)).values()].join('\n');
    for (const other of ['宜野湾市', '石垣市', '浦添市', '名護市']) expect(xml).not.toContain(other);
  });
  it('made by an admin key (bound to no prefecture) has its charts too', async () => {
    const r = await makeReport(t, t.admin, {
      kind: 'municipality',
      model: 'okinawa-2026',
      period: WAVE,
      municipality: '472018',
    });
    expect(r.job).toMatchObject({ status: 'done' });
    const wb = await readWorkbook(r.file.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['ギャップ分析', '要因分析', 'グラフ', '定義']);
    expect(wb.getWorksheet('グラフ')!.getImages().length).toBeGreaterThanOrEqual(1);
  });
});

/** soffice on PATH, or null: the LibreOffice test runs only where Debian's libreoffice-calc is installed (.ci/run installs it). */
function soffice(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

describe('LibreOffice', () => {
  it.skipIf(!soffice())(
    'opens the prefecture workbook and prints it to PDF without error',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'carelogic-lo-'));
      try {
        const xlsx = join(dir, 'pref.xlsx');
        writeFileSync(xlsx, pref.buf);
        const run = spawnSync(
          soffice()!,
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--norestore',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            xlsx,
          ],
          { encoding: 'utf8', timeout: 840_000 },
        );
        expect(run.status, run.stderr).toBe(0);
        expect(run.stderr).not.toMatch(/Error:/);
        const pdf = readFileSync(join(dir, 'pref.pdf'));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        // One page at least per sheet: every sheet was read and laid out.
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
        expect(pages).toBeGreaterThanOrEqual(pref.wb.worksheets.length);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    900_000,
  );
});
