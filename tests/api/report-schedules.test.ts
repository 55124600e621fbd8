/**
 * Report schedules with a controllable clock and two app instances over one database: a slot fires
 * once across replicas, a slot missed while down fires once at the next start, bursts make one
 * workbook per municipality, and runs beyond the retention count are deleted with their files.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';

let now = new Date();
const clock = () => now;
let a: TestApp;
let b: TestApp;
let analyst: { authorization: string };
let scheduleId: string;
const runs = async (id = scheduleId) =>
  (await a.app.inject({ url: `/v1/report-schedules/${id}/runs`, headers: analyst })).json();
const idle = async () => {
  await a.services.reports.idle();
  await b.services.reports.idle();
};

beforeAll(async () => {
  a = await createTestApp({ clock });
  b = await createTestApp({ clock, shared: { database: a.database, reportsDir: a.reportsDir } });
  analyst = await a.keyFor('analyst');
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('report schedules', () => {
  it('validates the cron and answers the next slot in its time zone', async () => {
    const bad = await a.app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: analyst,
      payload: { cron: '0 0 6 * * 1', kind: 'prefecture', model: 'okinawa-2026', period: '2024' },
    });
    expect(bad.statusCode).toBe(400);
    const res = await a.app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: analyst,
      payload: {
        name: '毎朝の県資料',
        cron: '0 6 * * *',
        kind: 'prefecture',
        model: 'okinawa-2026',
        period: '2024',
        retention: 2,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    scheduleId = s.id;
    expect(s).toMatchObject({ timezone: 'Asia/Tokyo', burst: false, retention: 2, enabled: true });
    // 06:00 in Tokyo is 21:00 UTC the day before.
    expect(new Date(s.nextRun).getUTCHours()).toBe(21);
    const list = (await a.app.inject({ url: '/v1/report-schedules', headers: analyst })).json();
    expect(list.map((x: { id: string }) => x.id)).toEqual([scheduleId]);
  });

  it('fires on its slot, once across two instances', async () => {
    const slot = new Cron('0 6 * * *', { timezone: 'Asia/Tokyo', paused: true }).nextRun(
      new Date(Date.now() + 60_000),
    )!;
    now = new Date(slot.getTime() - 1000);
    expect([...(await a.services.schedules.tick()), ...(await b.services.schedules.tick())]).toEqual([]);
    now = new Date(slot.getTime() + 5000);
    const [fromA, fromB] = await Promise.all([a.services.schedules.tick(), b.services.schedules.tick()]);
    expect(fromA.length + fromB.length).toBe(1);
    await idle();
    expect(await a.services.schedules.tick()).toEqual([]);
    const [run] = await runs();
    expect(run).toMatchObject({ slot: slot.toISOString(), status: 'done', catchUp: false, jobs: 1, period: 2024 });
    expect(run.files).toHaveLength(1);
    expect(run.files[0].fileName).toBe('沖縄県_地域包括ケア_ギャップ分析_2024.xlsx');
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const file = await a.app.inject({ url: `/v1/reports/${run.files[0].jobId}/file`, headers: analyst });
    expect(file.statusCode).toBe(200);
  }, 300_000);

  it('catches a slot missed while down up once at start, then prunes beyond the retention count', async () => {
    const [first] = await runs();
    const firstJob = (await a.app.inject({ url: `/v1/reports/${first.files[0].jobId}`, headers: analyst })).json();
    // Down for three days: three slots missed; a new replica starts.
    now = new Date(now.getTime() + 3 * 86_400_000 + 3_600_000);
    const c = await createTestApp({ clock, shared: { database: a.database, reportsDir: a.reportsDir } });
    try {
      const fired = await c.services.schedules.tick();
      expect(fired).toHaveLength(1);
      expect(await c.services.schedules.tick()).toEqual([]);
      await c.services.reports.idle();
      await idle();
      const all = await runs();
      expect(all).toHaveLength(2);
      expect(all[0]).toMatchObject({ status: 'done', catchUp: true });
      expect(new Date(all[0].slot).getTime()).toBeLessThanOrEqual(now.getTime());
      expect(now.getTime() - new Date(all[0].slot).getTime()).toBeLessThan(86_400_000);
      // A third run: the oldest goes, with its job row and file.
      const path = `${a.reportsDir}/47/${firstJob.id}.xlsx`;
      expect(existsSync(path)).toBe(true);
      now = new Date(now.getTime() + 86_400_000);
      expect(await c.services.schedules.tick()).toHaveLength(1);
      await c.services.reports.idle();
      await idle();
      const kept = await runs();
      expect(kept).toHaveLength(2);
      expect(kept.map((r: { id: string }) => r.id)).not.toContain(first.id);
      expect(existsSync(path)).toBe(false);
      expect((await a.app.inject({ url: `/v1/reports/${firstJob.id}`, headers: analyst })).statusCode).toBe(404);
    } finally {
      await c.close();
    }
  }, 300_000);

  it('a burst makes one workbook per municipality; a run without data records its error', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: analyst,
      payload: { cron: '*/30 * * * *', kind: 'municipality', burst: true, model: 'okinawa-2026', period: '2024' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const latest = await a.app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: analyst,
      payload: { cron: '*/30 * * * *', kind: 'prefecture', model: 'okinawa-2026' },
    });
    expect(latest.json().period).toBe('latest');
    now = new Date(now.getTime() + 1_800_000);
    await Promise.all([a.services.schedules.tick(), b.services.schedules.tick()]);
    await idle();
    const [burst] = await runs(res.json().id);
    expect(burst).toMatchObject({ status: 'done', jobs: 41 });
    expect(new Set(burst.files.map((f: { fileName: string }) => f.fileName)).size).toBe(41);
    const [failed] = await runs(latest.json().id);
    expect(failed).toMatchObject({ status: 'failed', jobs: 0 });
    expect(failed.error).toContain('まだデータがありません');
    // Updating and deleting.
    const off = await a.app.inject({
      method: 'PATCH',
      url: `/v1/report-schedules/${latest.json().id}`,
      headers: analyst,
      payload: { enabled: false },
    });
    expect(off.json()).toMatchObject({ enabled: false, nextRun: null });
    const del = await a.app.inject({
      method: 'DELETE',
      url: `/v1/report-schedules/${res.json().id}`,
      headers: analyst,
    });
    expect(del.statusCode).toBe(204);
    expect((await a.app.inject({ url: `/v1/reports/${burst.files[0].jobId}`, headers: analyst })).statusCode).toBe(404);
  }, 600_000);

  it('refuses a time zone that does not exist, and one stored anyway does not stop the other schedules', async () => {
    const payload = { cron: '*/30 * * * *', kind: 'prefecture', model: 'okinawa-2026', period: '2024' };
    const bad = await a.app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: analyst,
      payload: { ...payload, timezone: 'Mars/Base' },
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ column: 'timezone', value: 'Mars/Base', code: 'invalid_timezone' }),
    ]);
    expect(bad.json().detail).toContain('Asia/Tokyo');
    const patched = await a.app.inject({
      method: 'PATCH',
      url: `/v1/report-schedules/${scheduleId}`,
      headers: analyst,
      payload: { timezone: 'Mars/Base' },
    });
    expect(patched.statusCode).toBe(400);
    const created = async () => {
      const res = await a.app.inject({ method: 'POST', url: '/v1/report-schedules', headers: analyst, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    // A schedule saved with a time zone this runtime does not know (before the check, or by an
    // older runtime): croner fails only when it computes a slot.
    const broken = await created();
    const working = await created();
    await a.database.db.execute(sql`UPDATE report_schedules SET timezone = 'Mars/Base' WHERE id = ${broken}`);
    const list = await a.app.inject({ url: '/v1/report-schedules', headers: analyst });
    expect(list.statusCode, list.body).toBe(200);
    const byId = new Map(list.json().map((x: { id: string; nextRun: string | null }) => [x.id, x.nextRun]));
    expect(byId.get(broken)).toBeNull();
    expect(byId.get(working)).not.toBeNull();
    expect(byId.get(scheduleId)).not.toBeNull();
    now = new Date(now.getTime() + 1_800_000);
    const fired = await a.services.schedules.tick();
    await idle();
    expect(fired.length).toBeGreaterThanOrEqual(1);
    expect(await runs(broken)).toEqual([]);
    expect(await runs(working)).toEqual([expect.objectContaining({ status: 'done', jobs: 1 })]);
    for (const id of [broken, working])
      expect((await a.app.inject({ method: 'DELETE', url: `/v1/report-schedules/${id}`, headers: analyst })).statusCode).toBe(204);
  }, 300_000);
});
