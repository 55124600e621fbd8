/**
 * npm run faults — kill -9 of the built service (dist/, as `npm start` runs it) in the middle of
 * a large upload, in the middle of the indicator recompute inside an upload's transaction and in the middle
 * of a scheduled report, then a restart on the same PostgreSQL database. After every restart:
 *  - each (survey, wave, municipality) slice has exactly one current version, and the current
 *    version's stored rows are all there (no partial version current);
 *  - the measures equal aggregates recomputed from the stored rows;
 *  - the indicator values the API answers equal the ratio of those measures;
 *  - no staging folder is left in the service's temporary directory;
 *  - the same upload again succeeds;
 *  - the interrupted report job is taken over once its lease runs out and finishes: one run for
 *    its slot, the file whole (its SHA-256 as recorded), no half-written file left.
 * FAULT_ROWS (default 200,000) sets the size of the large file. Exit code 1 on any failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bigNeedsCsv } from '../../src/fixtures/index.js';
import { createBenchDatabase } from '../bench/bench-db.js';

const ROWS = Number(process.env.FAULT_ROWS ?? 200_000);
const ADMIN = 'faults-admin-key-0123456789';
const WAVE = 2025;
const root = fileURLToPath(new URL('../..', import.meta.url));
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const db = await createBenchDatabase('carelogic_faults');
const work = await mkdtemp(join(tmpdir(), 'carelogic-faults-'));
const serviceTmp = join(work, 'tmp');
await mkdir(serviceTmp);
const reportsDir = join(work, 'reports');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

function start(): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(root, 'dist/server.js')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'warn',
      TMPDIR: serviceTmp,
      MAX_UPLOAD_BYTES: String(2 * 1024 ** 3),
      REPORTS_DIR: reportsDir,
      REPORT_SCHEDULER_INTERVAL_MS: '1000',
      REPORT_LEASE_SECONDS: '5',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child = p;
  return (async () => {
    for (let i = 0; i < 600; i++) {
      if (p.exitCode !== null) throw new Error(`the service exited with ${p.exitCode}`);
      try {
        if ((await fetch(`${base}/readyz`)).status === 200) return p;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service did not become ready');
  })();
}

async function kill9(p: ChildProcess) {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGKILL');
  await exited;
}

function upload(file: string): Promise<Response> {
  const boundary = 'carelogicfaults';
  async function* body() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="wave"\r\n\r\n${WAVE}\r\n`);
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="needs.csv"\r\n\r\n`);
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return fetch(`${base}/v1/surveys/needs/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.toWeb(Readable.from(body())) as unknown as ReadableStream,
    duplex: 'half',
  } as RequestInit);
}

const sql = new pg.Client({ connectionString: db.url });

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every invariant that must hold after a restart. */
async function verify(label: string) {
  const bad = await sql.query(`
    SELECT municipality_code, count(*) FILTER (WHERE status = 'current') AS current
    FROM upload_slices WHERE kind = 'needs' AND wave = $1
    GROUP BY municipality_code HAVING count(*) FILTER (WHERE status = 'current') <> 1`, [WAVE]);
  check(bad.rowCount === 0, `${label}: every slice has exactly one current version`);
  const partial = await sql.query(`
    SELECT s.municipality_code, s.rows, count(r.*) AS stored
    FROM upload_slices s LEFT JOIN survey_needs_main r ON r.upload_id = s.upload_id AND r.municipality_code = s.municipality_code
    WHERE s.kind = 'needs' AND s.wave = $1 AND s.status = 'current'
    GROUP BY s.municipality_code, s.rows HAVING count(r.*) <> s.rows`, [WAVE]);
  check(partial.rowCount === 0, `${label}: each current version has all its rows stored`);
  const orphans = await sql.query(`
    SELECT count(*)::int AS n FROM survey_needs_main r
    WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = r.upload_id)`);
  check(orphans.rows[0].n === 0, `${label}: no stored row without its upload`);
  const measures = await sql.query(`
    WITH cur AS (
      SELECT r.* FROM survey_needs_main r JOIN upload_slices s
        ON s.upload_id = r.upload_id AND s.municipality_code = r.municipality_code AND s.status = 'current'
      WHERE r.wave = $1),
    agg AS (
      SELECT municipality_code, count(*)::float8 AS respondents,
             count(*) FILTER (WHERE flag_kayoi = 1)::float8 AS kayoi_positive,
             count(flag_kayoi)::float8 AS kayoi_decidable
      FROM cur GROUP BY municipality_code)
    SELECT a.municipality_code,
      a.respondents, (SELECT value FROM measures m WHERE m.measure = 'needs.respondents' AND m.municipality_code = a.municipality_code AND m.period = $1 AND m.sex = 0 AND m.age_band = 0) AS m_respondents,
      a.kayoi_positive, (SELECT value FROM measures m WHERE m.measure = 'needs.kayoi.positive' AND m.municipality_code = a.municipality_code AND m.period = $1 AND m.sex = 0 AND m.age_band = 0) AS m_kayoi_positive,
      a.kayoi_decidable, (SELECT value FROM measures m WHERE m.measure = 'needs.kayoi.decidable' AND m.municipality_code = a.municipality_code AND m.period = $1 AND m.sex = 0 AND m.age_band = 0) AS m_kayoi_decidable
    FROM agg a`, [WAVE]);
  const mismatched = measures.rows.filter(
    (r) => r.respondents !== r.m_respondents || r.kayoi_positive !== r.m_kayoi_positive || r.kayoi_decidable !== r.m_kayoi_decidable,
  );
  check(measures.rowCount! > 0 && mismatched.length === 0, `${label}: measures equal the aggregates of the stored rows (${measures.rowCount} municipalities)`);
  // Indicator values as the API answers them, against the measures they are computed from.
  const res = await fetch(`${base}/v1/indicators/kayoi_rate/values?period=${WAVE}&prefecture=47&level=municipality`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const body = (await res.json()) as { values: { level: string; code: string; value: number | null; status: string }[] };
  const weighted = await sql.query(
    `SELECT municipality_code, measure, value FROM measures WHERE period = $1 AND measure IN ('needs.kayoi.w_positive', 'needs.kayoi.w_decidable') AND sex = 0 AND age_band = 0`,
    [WAVE],
  );
  const w = new Map<string, { p?: number; d?: number }>();
  for (const r of weighted.rows) {
    const e = w.get(r.municipality_code) ?? {};
    if (r.measure.endsWith('w_positive')) e.p = r.value;
    else e.d = r.value;
    w.set(r.municipality_code, e);
  }
  const shown = (body.values ?? []).filter((v) => v.level === 'municipality' && v.value !== null);
  const wrong = shown.filter((v) => {
    const e = w.get(v.code);
    return !e || !e.d || Math.abs((100 * e.p!) / e.d - v.value!) > 0.051;
  });
  check(res.status === 200 && shown.length > 0 && wrong.length === 0, `${label}: indicator values equal the ratio of the measures (${shown.length} shown)`);
  const left = readdirSync(serviceTmp).filter((n) => n.startsWith('carelogic-'));
  check(left.length === 0, `${label}: no staging folder left (${left.length})`);
}

try {
  await sql.connect();
  const fileA = join(work, 'needs-a.csv');
  const fileB = join(work, 'needs-b.csv');
  await pipeline(bigNeedsCsv(ROWS, 1, { wave: WAVE }), createWriteStream(fileA));
  await pipeline(bigNeedsCsv(ROWS, 2, { wave: WAVE }), createWriteStream(fileB));
  console.log(`files: 2 × ${ROWS.toLocaleString()} rows, ${(statSync(fileA).size / 1024 ** 2).toFixed(1)} MB each`);

  // Version A, uploaded whole: the state every fault starts from; its duration scales the kills.
  let p = await start();
  const t0 = performance.now();
  const first = await upload(fileA);
  const duration = performance.now() - t0;
  check(first.status === 201, `version A uploaded (${first.status}) in ${(duration / 1000).toFixed(1)} s`);
  await verify('after version A');

  // kill -9 at points of version B's upload (streaming, validating, COPY, commit).
  for (const at of [0.1, 0.35, 0.6, 0.85, 0.97]) {
    const pending = upload(fileB).catch(() => null);
    await new Promise((r) => setTimeout(r, duration * at));
    await kill9(p);
    const answered = await pending;
    p = await start();
    await verify(`kill -9 at ${Math.round(at * 100)}% of an upload${answered && answered.status ? ` (answered ${answered.status} first)` : ''}`);
  }

  // kill -9 in the indicator recompute, which runs inside the upload's own transaction (on
  // PostgreSQL the new values commit with the new measures): the whole upload must roll back.
  const currentIds = async () =>
    (await sql.query(`SELECT DISTINCT upload_id FROM upload_slices WHERE kind = 'needs' AND wave = $1 AND status = 'current'`, [WAVE])).rows
      .map((r) => r.upload_id as string)
      .sort()
      .join();
  const currentSha = (
    await sql.query(
      `SELECT u.sha256 FROM uploads u JOIN upload_slices s ON s.upload_id = u.id WHERE s.kind = 'needs' AND s.wave = $1 AND s.status = 'current' LIMIT 1`,
      [WAVE],
    )
  ).rows[0]?.sha256;
  // The file that is not current, so that the upload changes the slices.
  const next = currentSha === (await sha256Of(fileA)) ? fileB : fileA;
  const before = await currentIds();
  let answered = false;
  const pending = upload(next)
    .then((r) => ((answered = true), r))
    .catch(() => null);
  // The recompute has begun once a transaction of the service has touched indicator_values (its
  // DELETE runs beside the engine; disclosure control then works with the transaction open).
  const recomputing = async () =>
    Number(
      (
        await sql.query(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND state IN ('active', 'idle in transaction') AND query ILIKE '%indicator_values%'`,
        )
      ).rows[0].n,
    ) > 0;
  let killedInRecompute = false;
  while (!answered) {
    if (await recomputing()) {
      await kill9(p);
      killedInRecompute = !answered;
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await pending;
  check(killedInRecompute, 'killed during the indicator recompute inside the upload transaction, before the answer');
  check((await currentIds()) === before, 'the interrupted upload rolled back whole: the previous version is still current');
  p = await start();
  await verify('kill -9 during the recompute');

  // Re-uploading works.
  const again = await upload(fileB);
  check([200, 201].includes(again.status), `re-upload of version B after the faults answers ${again.status}`);
  const againA = await upload(fileA);
  check([200, 201].includes(againA.status), `re-upload of version A answers ${againA.status}`);
  await verify('after re-uploading');

  // kill -9 in the middle of a scheduled report (every minute; its first slot fires within 60 s).
  const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/v1/report-schedules`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: '障害試験', cron: '* * * * *', kind: 'prefecture', model: 'okinawa-2026', period: String(WAVE), retention: 5 }),
  });
  const schedule = (await created.json()) as { id: string; detail?: string };
  check(created.status === 201, `report schedule created (${created.status}${schedule.detail ? `: ${schedule.detail}` : ''})`);
  let victim: { id: string; run_id: string; progress: number } | undefined;
  for (let i = 0; created.status === 201 && i < 9_000 && !victim; i++) {
    victim = (
      await sql.query(`SELECT id, run_id, progress FROM report_jobs WHERE schedule_id = $1 AND status = 'running' AND progress > 0`, [schedule.id])
    ).rows[0];
    if (!victim) await new Promise((r) => setTimeout(r, 10));
  }
  check(victim !== undefined, `a scheduled report job is running (${victim?.progress ?? 0} % done when killed)`);
  await kill9(p);
  p = await start();
  let job: { status: string; sha256: string | null; attempts: number } | undefined;
  for (let i = 0; i < 600; i++) {
    job = (await sql.query(`SELECT status, sha256, attempts FROM report_jobs WHERE id = $1`, [victim?.id])).rows[0];
    if (job && (job.status === 'done' || job.status === 'failed')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  check(job?.status === 'done' && job.attempts === 2, `the interrupted report job was taken over and finished (${job?.status}, attempt ${job?.attempts})`);
  await fetch(`${base}/v1/report-schedules/${schedule.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ enabled: false }) });
  const file = await fetch(`${base}/v1/reports/${victim?.id}/file`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const bytes = Buffer.from(await file.arrayBuffer());
  check(
    file.status === 200 && createHash('sha256').update(bytes).digest('hex') === job?.sha256 && bytes.subarray(0, 2).toString() === 'PK',
    `the workbook downloads whole (${bytes.length} bytes, SHA-256 as recorded)`,
  );
  const runs = (await sql.query(`SELECT slot, status FROM report_schedule_runs WHERE id = $1`, [victim?.run_id])).rows;
  const sameSlot = (await sql.query(`SELECT count(*)::int AS n FROM report_schedule_runs WHERE schedule_id = $1 AND slot = $2`, [schedule.id, runs[0]?.slot])).rows[0];
  check(runs[0]?.status === 'done' && sameSlot.n === 1, `its slot ran once and its run is done (${runs[0]?.status})`);
  const partials = (function walk(d: string): string[] {
    if (!existsSync(d)) return [];
    return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.part') ? [e.name] : []));
  })(reportsDir);
  check(partials.length === 0, `no half-written report file left (${partials.length})`);
  await kill9(p);
} catch (err) {
  failures.push(String(err));
  console.error(err);
} finally {
  if (child) await kill9(child);
  await sql.end().catch(() => undefined);
  await db.drop();
  await rm(work, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} failure(s)` : 'all fault checks passed');
process.exit(failures.length ? 1 : 0);
