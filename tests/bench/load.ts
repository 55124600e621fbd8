/**
 * npm run bench:load — the built service (dist/, as `npm start` runs it) on PostgreSQL under load,
 * over 127.0.0.1 only, bounded in time and size.
 *
 * 1. Mixed reads at a fixed total rate (BENCH_RATE, default 500 req/s) for BENCH_SECONDS (60 s),
 *    spread over the read routes an analyst, a viewer and a municipality use, while a needs
 *    survey version is uploaded every BENCH_UPLOAD_EVERY seconds (3). Per route: requests,
 *    errors, non-2xx, p50 / p99 latency; the service's RSS at start, end and peak, sampled
 *    every second (with the mean of the first and last 10 s, to show a trend).
 * 2. BENCH_STORM uploads (20) of BENCH_STORM_ROWS rows (50,000) each, all at once: each answer,
 *    the peak RSS, and whether the service still answers /healthz.
 *
 * The service runs with RATE_LIMIT_PER_MINUTE raised (one load generator is not one user) and
 * INGEST_QUEUE = BENCH_STORM (so the storm queues instead of being turned away); everything else
 * is the default configuration. Report `uptime` beside the figures: the machine is shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createServices } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { bigNeedsCsv, generateNeeds, toCsv } from '../../src/fixtures/index.js';
import { loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { createBenchDatabase } from './bench-db.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const UPLOAD_EVERY = Number(process.env.BENCH_UPLOAD_EVERY ?? 3);
const STORM = Number(process.env.BENCH_STORM ?? 20);
const STORM_ROWS = Number(process.env.BENCH_STORM_ROWS ?? 50_000);
const WAVE = 2024;
const ADMIN = 'bench-load-admin-key-0123456789';
const root = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The resident set of a process, MB (Linux /proc). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const db = await createBenchDatabase('carelogic_bench_load');
const work = await mkdtemp(join(tmpdir(), 'carelogic-bench-load-'));
let child: ChildProcess | null = null;
try {
  // Data to read: the Okinawa fixtures (surveys and statistics), loaded in this process.
  {
    const database = await openDatabase({ databaseUrl: db.url });
    await runMigrations(database);
    const services = createServices({ database });
    await services.regions.seed();
    await loadGapFixtures(services, { wave: WAVE, scale: 0.2 });
    await database.close();
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serviceTmp = join(work, 'tmp');
  await mkdir(serviceTmp);
  child = spawn(process.execPath, [join(root, 'dist/server.js')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'warn',
      TMPDIR: serviceTmp,
      RATE_LIMIT_PER_MINUTE: String(1_000_000),
      INGEST_QUEUE: String(STORM),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid!;
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error('the service did not become ready');
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const admin = { authorization: `Bearer ${ADMIN}` };
  const key = async (body: object) =>
    `Bearer ${((await (await fetch(`${base}/v1/api-keys`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { key: string }).key}`;
  const analyst = await key({ role: 'analyst', name: 'load analyst', prefecture: '47' });
  const viewer = await key({ role: 'viewer', name: 'load viewer', prefecture: '47' });
  const naha = await key({ role: 'municipality', name: 'load naha', municipality: '472018' });

  const routes: { name: string; path: string; auth: string }[] = [
    { name: 'GET /v1/municipalities', path: '/v1/municipalities?prefecture=47', auth: viewer },
    { name: 'GET /v1/indicators/:id/values', path: `/v1/indicators/kayoi_rate/values?period=${WAVE}&prefecture=47`, auth: analyst },
    { name: 'GET /v1/municipalities/:code/gaps', path: `/v1/municipalities/472018/gaps?model=okinawa-2026&period=${WAVE}`, auth: naha },
    { name: 'GET /v1/measures', path: `/v1/measures?municipality=472018&wave=${WAVE}`, auth: analyst },
    { name: 'GET /v1/logic-models/:id', path: '/v1/logic-models/okinawa-2026', auth: viewer },
  ];

  // RSS every second.
  const samples: number[] = [];
  const sampler = setInterval(() => {
    try {
      samples.push(rssMb(pid));
    } catch {
      // the process is gone: reported below
    }
  }, 1000);
  samples.push(rssMb(pid));

  // Uploads every few seconds: a new version of one small municipality's needs survey.
  const uploads: { status: number; ms: number }[] = [];
  let uploading = true;
  const uploader = (async () => {
    for (let i = 0; uploading; i++) {
      const file = toCsv(generateNeeds({ seed: 500 + i, wave: WAVE, municipalities: ['473561'] }));
      const form = new FormData();
      form.set('wave', String(WAVE));
      form.set('file', new Blob([file]), 'needs.csv');
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/surveys/needs/uploads`, { method: 'POST', headers: admin, body: form });
      await res.arrayBuffer();
      uploads.push({ status: res.status, ms: performance.now() - t0 });
      await new Promise((r) => setTimeout(r, UPLOAD_EVERY * 1000));
    }
  })();

  if (SECONDS > 0) console.log(`reads: ${RATE} req/s for ${SECONDS} s over ${routes.length} routes; an upload every ${UPLOAD_EVERY} s`);
  const results = SECONDS <= 0 ? [] : await Promise.all(
    routes.map((r) =>
      autocannon({
        url: base + r.path,
        headers: { authorization: r.auth },
        connections: 8,
        overallRate: RATE / routes.length,
        duration: SECONDS,
        workers: 0,
      }),
    ),
  );
  uploading = false;
  await uploader;
  clearInterval(sampler);
  samples.push(rssMb(pid));

  console.log('route'.padEnd(36), 'requests', 'errors', 'timeouts', 'non2xx', '  p50 ms', '  p99 ms');
  let totalErrors = 0;
  results.forEach((res, i) => {
    totalErrors += res.errors + res.non2xx;
    console.log(
      routes[i].name.padEnd(36),
      String(res.requests.total).padStart(8),
      String(res.errors).padStart(6),
      String(res.timeouts).padStart(8),
      String(res.non2xx).padStart(6),
      res.latency.p50.toFixed(1).padStart(8),
      res.latency.p99.toFixed(1).padStart(8),
    );
  });
  const upStatus = uploads.reduce<Record<number, number>>((m, u) => ((m[u.status] = (m[u.status] ?? 0) + 1), m), {});
  const upMs = uploads.map((u) => u.ms).sort((a, b) => a - b);
  console.log(
    `uploads during the reads: ${uploads.length}, answers ${JSON.stringify(upStatus)}, p50 ${upMs[Math.floor(upMs.length / 2)]?.toFixed(0)} ms, max ${upMs.at(-1)?.toFixed(0)} ms`,
  );
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  console.log(
    `RSS: start ${samples[0].toFixed(0)} MB, end ${samples.at(-1)!.toFixed(0)} MB, peak ${Math.max(...samples).toFixed(0)} MB; ` +
      `mean of the first 10 s ${mean(samples.slice(1, 11)).toFixed(0)} MB, of the last 10 s ${mean(samples.slice(-11, -1)).toFixed(0)} MB`,
  );
  console.log(`errors and non-2xx answers on reads: ${totalErrors}`);

  // The storm: 20 × 50,000-row uploads at once.
  const files: string[] = [];
  for (let i = 0; i < STORM; i++) {
    const f = join(work, `storm-${i}.csv`);
    await pipeline(bigNeedsCsv(STORM_ROWS, 900 + i, { wave: WAVE + 1 }), createWriteStream(f));
    files.push(f);
  }
  console.log(`storm: ${STORM} uploads of ${STORM_ROWS.toLocaleString()} rows at once`);
  const stormSamples: number[] = [rssMb(pid)];
  const stormSampler = setInterval(() => {
    try {
      stormSamples.push(rssMb(pid));
    } catch {
      // gone
    }
  }, 500);
  const t0 = performance.now();
  const boundary = 'carelogicload';
  const answers = await Promise.all(
    files.map(async (f) => {
      async function* body() {
        yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="wave"\r\n\r\n${WAVE + 1}\r\n`);
        yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="needs.csv"\r\n\r\n`);
        for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) yield chunk;
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      }
      try {
        const res = await fetch(`${base}/v1/surveys/needs/uploads`, {
          method: 'POST',
          headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: Readable.toWeb(Readable.from(body())) as unknown as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        await res.arrayBuffer();
        return res.status;
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    }),
  );
  clearInterval(stormSampler);
  const alive = child.exitCode === null && (await fetch(`${base}/healthz`)).status === 200;
  const byStatus = answers.reduce<Record<string, number>>((m, s) => ((m[String(s)] = (m[String(s)] ?? 0) + 1), m), {});
  console.log(
    `storm: ${((performance.now() - t0) / 1000).toFixed(1)} s, answers ${JSON.stringify(byStatus)}, RSS start ${stormSamples[0].toFixed(0)} MB, peak ${Math.max(...stormSamples).toFixed(0)} MB; service still answers: ${alive}`,
  );
  console.log(`load average (1/5/15 min): ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (!alive || totalErrors > 0) process.exitCode = 1;
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await db.drop();
  await rm(work, { recursive: true, force: true });
}
