import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { readDataVersions, versionOf } from '../freshness/data-version.js';
import { collectPrefecture } from './report-collect.js';
import { latestPeriod, type ReportSources } from './report-sources.js';

/** Who the warmer reads as: the charts of a prefecture workbook are the same for every analyst and admin. */
const WARMER: Principal = {
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'chart warmer',
  role: 'admin',
  prefectureCode: null,
  municipalityCode: null,
};

/** What one tick did for one prefecture. */
export interface WarmOutcome {
  prefecture: string;
  /** warmed: its workbooks' rows read and charts drawn or found; changing: written to since the last tick, left for the next; locked: another replica is warming it; idle: nothing new; no_data: nothing loaded yet. */
  status: 'warmed' | 'changing' | 'locked' | 'idle' | 'no_data';
  period?: number;
  ms?: number;
}

/**
 * Draws a prefecture's workbook charts once its data has settled, so that the analyst who asks for
 * the workbook after an upload finds them drawn. Drawing the 33 comparison charts of the Okinawa
 * workbook is most of its first build (some 7 s on two cores, against 2 s with the pictures
 * stored); the pictures go to the chart_pictures table (charts module), so every replica, and
 * this one after a restart, reads them.
 *
 * Each tick reads the data versions (one query): a prefecture whose version is the same as at the
 * last tick and has not been warmed at it gets the prefecture workbook's rows collected for each of
 * its models at its latest period — exactly what a workbook reads and draws, with the charts drawn
 * one at a time so that one core stays free for requests. A prefecture written to since the last
 * tick waits for the next (a series of uploads is warmed once, after the last). The first tick
 * after start only records the versions. On PostgreSQL a session advisory lock per prefecture
 * keeps two replicas from drawing the same charts at once; the other finds them stored later.
 */
export function createChartWarmer(deps: {
  sources: ReportSources;
  database: Database;
  log?: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}) {
  const seen = new Map<string, number>();
  const warmed = new Map<string, number>();

  /** Runs `fn` holding the prefecture's warm lock; null when another session holds it. */
  async function locked<T>(prefecture: string, fn: () => Promise<T>): Promise<T | null> {
    const pool = deps.database.kind === 'postgres' ? deps.database.pool : undefined;
    if (!pool) return fn(); // PGlite: one process, no other replica
    const client = await pool.connect();
    try {
      const key = `carelogic:chart-warm:${prefecture}`;
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
      if (!got.rows[0]?.ok) return null;
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      client.release();
    }
  }

  async function warm(prefecture: string, models: string[]): Promise<WarmOutcome> {
    const t0 = performance.now();
    let period: number;
    try {
      period = await latestPeriod(deps.sources, WARMER, prefecture);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return { prefecture, status: 'no_data' };
      throw err;
    }
    const done = await locked(prefecture, async () => {
      for (const model of models)
        await collectPrefecture(deps.sources, WARMER, { prefecture, model, period, now: new Date(), chartConcurrency: 1 }, () => {});
      return true;
    });
    if (!done) return { prefecture, status: 'locked', period };
    return { prefecture, status: 'warmed', period, ms: Math.round(performance.now() - t0) };
  }

  return {
    /** One pass over the prefectures with a model in force (see above); what it did for each. */
    async tick(): Promise<WarmOutcome[]> {
      const versions = await readDataVersions(deps.database.db);
      const byPrefecture = new Map<string, string[]>();
      for (const m of await deps.sources.logicModels.list()) byPrefecture.set(m.prefecture, [...(byPrefecture.get(m.prefecture) ?? []), m.id]);
      const out: WarmOutcome[] = [];
      for (const [prefecture, models] of [...byPrefecture].sort(([a], [b]) => a.localeCompare(b))) {
        const now = versionOf(versions, prefecture);
        const before = seen.get(prefecture);
        seen.set(prefecture, now);
        if (before !== now) {
          out.push({ prefecture, status: 'changing' });
          continue;
        }
        if (warmed.get(prefecture) === now) {
          out.push({ prefecture, status: 'idle' });
          continue;
        }
        try {
          const o = await warm(prefecture, models);
          // Reading may have recomputed stale indicators (a new version): the next ticks see it settle.
          if (o.status !== 'locked') warmed.set(prefecture, now);
          if (o.status === 'warmed') deps.log?.info({ prefecture, period: o.period, ms: o.ms }, 'workbook charts drawn ahead');
          out.push(o);
        } catch (err) {
          // Never fatal: the workbook draws what is missing when it is asked for.
          warmed.set(prefecture, now);
          deps.log?.warn({ prefecture, err: err instanceof Error ? err.message : String(err) }, 'drawing workbook charts ahead failed');
        }
      }
      return out;
    },
  };
}

export type ChartWarmer = ReturnType<typeof createChartWarmer>;

/** Ticks the warmer every `intervalMs` in this replica (one tick at a time); stop() ends it. */
export function startChartWarmer(warmer: ChartWarmer, intervalMs: number, log: Pick<FastifyBaseLogger, 'error'>) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = warmer
      .tick()
      .catch((err: unknown) => log.error({ err }, 'chart warmer tick failed'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    /** Stops ticking; waits up to `graceMs` for a warm under way (shutdown does not wait for a whole prefecture's charts). */
    async stop(graceMs = 2_000) {
      clearInterval(timer);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (t = setTimeout(resolve, graceMs)))]);
      clearTimeout(t);
    },
  };
}
