/**
 * The chart warmer: once a prefecture's data has settled, its prefecture workbook's charts are
 * drawn ahead and stored, so the workbook — on this replica or another — draws none of them.
 * PostgreSQL only: drawing the workbook's charts twice is the cost of this file, and on PGlite the
 * warmer is the same code without the replicas' lock (the picture store's PGlite run is in
 * chart-pictures.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import { createPeerApp, createTestApp, type TestApp } from '../helpers/app.js';
import { testDbKind } from '../helpers/db.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';

const WAVE = 2025;
const admin: Principal = { keyId: randomUUID(), name: 'fixtures', role: 'admin', prefectureCode: null, municipalityCode: null };
const analyst: Principal = { keyId: randomUUID(), name: '地域包括ケア推進課', role: 'analyst', prefectureCode: '47', municipalityCode: null };
let a: TestApp;
const pictures = async () => Number((await queryRows<{ n: string }>(a.database.db, sql`SELECT count(*) AS n FROM chart_pictures`))[0].n);

beforeAll(async () => {
  if (testDbKind() === 'pglite') return;
  a = await createTestApp();
  await loadGapFixtures(a.services, { wave: WAVE, scale: 0.1 });
  await a.services.targets.importCsv(Buffer.from(await gapTargetFile(a.services, WAVE)), '47', { keyId: null, name: 'test' });
  await a.database.db.execute(sql`DELETE FROM chart_pictures`);
}, 600_000);
afterAll(async () => a?.close());

/** Ticks until Okinawa is warmed (a read may recompute and bump the version once more). */
async function warmOkinawa() {
  const seen = [];
  for (let i = 0; i < 4; i++) {
    const o = (await a.services.chartWarmer.tick()).find((x) => x.prefecture === '47')!;
    seen.push(o.status);
    if (o.status === 'warmed') return { outcome: o, seen };
  }
  throw new Error(`never warmed: ${seen.join(', ')}`);
}

describe.skipIf(testDbKind() === 'pglite')('chart warmer', () => {
  it('records the versions at its first tick, warms the settled prefecture at the next, then idles', async () => {
    const first = await a.services.chartWarmer.tick();
    expect(first.find((x) => x.prefecture === '47')?.status).toBe('changing');
    const { outcome } = await warmOkinawa();
    expect(outcome.period).toBe(WAVE);
    expect(await pictures()).toBeGreaterThan(10);
    const after = await a.services.chartWarmer.tick();
    expect(['idle', 'changing']).toContain(after.find((x) => x.prefecture === '47')?.status);
  });

  it("another replica builds an analyst's prefecture workbook without drawing a chart: every picture is read from the store", async () => {
    const stored = await pictures();
    const b = await createPeerApp(a);
    try {
      const file = `${a.reportsDir}/warm.xlsx`;
      await b.services.reports.renderTo({ kind: 'prefecture', model: 'okinawa-2026', period: WAVE }, analyst, file, () => {});
      const stats = b.services.charts.pictureStats();
      expect(stats.drawn).toBe(0);
      expect(stats.stored).toBe(stored);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const images = wb.worksheets.reduce((n, ws) => n + ws.getImages().length, 0);
      expect(images).toBe(stored);
    } finally {
      await b.close();
    }
  });

  it('waits while data changes, then draws the charts of the new data', async () => {
    const staged = await a.services.uploads.stage(
      Readable.from(toCsv(generateNeeds({ seed: 77, wave: WAVE, municipalities: ['472018'], scale: 0.1 }))),
    );
    await a.services.uploads.upload({ kind: 'needs', wave: WAVE, staged, principal: admin, fileName: 'naha.csv' });
    const before = await pictures();
    const next = await a.services.chartWarmer.tick();
    expect(next.find((x) => x.prefecture === '47')?.status).toBe('changing');
    expect(await pictures()).toBe(before);
    await warmOkinawa();
    expect(await pictures()).toBeGreaterThan(before);
  });

  it('leaves a prefecture another replica is warming', async () => {
    const url = (a.database.pool!.options as { connectionString: string }).connectionString;
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', ['carelogic:chart-warm:47']);
      const b = await createPeerApp(a);
      try {
        await b.services.chartWarmer.tick(); // records
        const o = (await b.services.chartWarmer.tick()).find((x) => x.prefecture === '47');
        expect(o?.status).toBe('locked');
        expect(b.services.charts.pictureStats().drawn + b.services.charts.pictureStats().stored).toBe(0);
      } finally {
        await b.close();
      }
    } finally {
      await holder.end();
    }
  });
});
