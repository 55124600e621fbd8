/**
 * API benchmark of the gap endpoints on PostgreSQL with the Okinawa fixtures, each beside a bare
 * Fastify route returning the same bytes (the endpoint's own answer, captured first), in the same
 * run and process: req/s, p50 / p99 latency and the ratio to the same-bytes route — with the
 * per-request data-version check in place, and the database transactions per request (the
 * version reads, coalesced). Then each endpoint and its same-bytes route at a fixed 1,000 req/s
 * (p99: the bare route's own tail is this machine's floor), and a conditional request answered
 * 304. Traffic to 127.0.0.1 only; each run is bounded in time.
 *
 *   npm run bench:api   (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 BENCH_SCALE=0.2 BENCH_RATE=1000;
 *                        database: BENCH_/TEST_/DATABASE_URL or the local server)
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { createBenchDatabase } from './bench-db.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const WAVE = 2024;
const KEY = 'bench-admin-key-0123456789abcdef';

interface Row {
  name: string;
  coldMs: number | null;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Main-thread busy time per request, µs. */
  serverUs: number;
  /** Requests answered, warm-up included. */
  total: number;
  non2xx: number;
  /** Answers 304 (counted in non2xx too). */
  notModified: number;
  errors: number;
}

/** Runs autocannon on `base`, cycling through `paths` (each connection sends them in turn). */
async function measure(
  name: string,
  base: string,
  paths: string[],
  headers: Record<string, string> = {},
  coldMs: number | null = null,
  rate?: number,
): Promise<Row> {
  // The load generator runs in a worker thread so that it does not share the server's event loop.
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      headers,
      workers: 1,
      requests,
      ...(rate ? { overallRate: rate } : {}),
    });
  const warm = await run(Math.min(2, SECONDS)); // warm-up: JIT, caches, pool
  // The server's own cost: the main thread's busy time (event-loop utilisation) per request.
  const elu = performance.eventLoopUtilization();
  const r = await run(SECONDS);
  const busyMs = performance.eventLoopUtilization(elu).active;
  return {
    name,
    coldMs,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    serverUs: (busyMs * 1000) / Math.max(1, r.requests.total),
    total: warm.requests.total + r.requests.total,
    non2xx: r.non2xx,
    notModified: r['3xx'],
    errors: r.errors,
  };
}

async function main() {
  const bench = await createBenchDatabase('carelogic_bench_api');
  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 10 });
  const bare = Fastify({ logger: false });
  let app: Awaited<ReturnType<typeof buildApp>>['app'] | undefined;
  try {
    await runMigrations(database);
    // The rate limit raised: one load generator is not one user (the limiter's own cost is still paid).
    const built = await buildApp(
      { logLevel: 'silent', maxUploadBytes: 512 * 1024 * 1024, rateLimitPerMinute: 1_000_000_000 },
      { database },
    );
    app = built.app;
    const { services } = built;
    await services.regions.seed();
    await services.auth.ensureAdmin(KEY);
    const t0 = performance.now();
    await loadGapFixtures(services, { wave: WAVE, scale: SCALE });
    // The same Accept on every request: it is part of what an ETag names (JSON or CSV).
    const auth = { authorization: `Bearer ${KEY}`, accept: 'application/json' };
    const imported = await app.inject({
      method: 'POST',
      url: '/v1/targets/import?prefecture=47',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: await gapTargetFile(services, WAVE),
    });
    if (imported.statusCode !== 200) throw new Error(`target import failed: ${imported.body}`);
    console.log(
      `fixtures (scale ${SCALE}) and ${imported.json().rows} targets loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    // Transactions committed in the bench database (the statistics are flushed within a second).
    const stats = new pg.Client({ connectionString: bench.url });
    await stats.connect();
    const transactions = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      await stats.query('SELECT pg_stat_clear_snapshot()');
      const res = await stats.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
      return Number(res.rows[0].xact_commit);
    };
    // One bare route per endpoint, returning exactly the bytes that endpoint answers (set below).
    const sameBytes = new Map<string, Buffer>();
    bare.get('/same/:i', (req, reply) => {
      reply.type('application/json; charset=utf-8').send(sameBytes.get((req.params as { i: string }).i));
    });
    const bareBase = await bare.listen({ host: '127.0.0.1', port: 0 });

    const rows: Row[] = [];
    const ratios: string[] = [];
    const codes = (await services.regions.municipalityRows('47')).map((m) => m.code);
    const indicators = ['motor_risk_rate', 'home_death_ratio', 'home_visit_medical_per_10k', 'kayoi_rate'];
    const endpoints: [string, string[]][] = [
      [
        'GET /v1/municipalities/{41 codes}/gaps',
        codes.map((c) => `/v1/municipalities/${c}/gaps?model=okinawa-2026&period=${WAVE}`),
      ],
      [
        'GET /v1/indicators/{4 ids}/gaps',
        indicators.map((i) => `/v1/indicators/${i}/gaps?period=${WAVE}&prefecture=47`),
      ],
      ['GET /v1/gaps/priorities', [`/v1/gaps/priorities?model=okinawa-2026&period=${WAVE}&prefecture=47`]],
      ['GET /v1/prefectures/47/gaps', [`/v1/prefectures/47/gaps?model=okinawa-2026&period=${WAVE}`]],
    ];
    let n = 0;
    for (const [name, paths] of endpoints) {
      // The first request of an endpoint computes (and caches) its report: its time is the cold latency.
      const t1 = performance.now();
      const probe = await fetch(base + paths[0], { headers: auth });
      const coldMs = performance.now() - t1;
      if (probe.status !== 200) throw new Error(`${name}: ${probe.status} ${await probe.text()}`);
      const etag = probe.headers.get('etag')!;
      // Every path's answer, served as is by the bare route, in the same order.
      const bodies: Buffer[] = [];
      for (const path of paths) bodies.push(Buffer.from(await (await fetch(base + path, { headers: auth })).arrayBuffer()));
      const barePaths = bodies.map((b) => {
        sameBytes.set(String(n), b);
        return `/same/${n++}`;
      });
      const kib = (bodies.reduce((s, b) => s + b.length, 0) / bodies.length / 1024).toFixed(1);
      const same = await measure(`  same bytes, bare Fastify route (${kib} KiB)`, bareBase, barePaths);
      const before = await transactions();
      const real = await measure(`${name} (${kib} KiB)`, base, paths, auth, coldMs);
      const perRequest = ((await transactions()) - before) / real.total;
      const bareAtRate = await measure(`  same bytes at ${RATE} req/s`, bareBase, barePaths, {}, null, RATE);
      const atRate = await measure(`  at ${RATE} req/s`, base, paths, auth, null, RATE);
      const cond = await measure(`  If-None-Match → 304 (first path)`, base, [paths[0]], { ...auth, 'if-none-match': etag });
      if (cond.notModified === 0) throw new Error(`${name}: the conditional requests were not answered 304`);
      rows.push(real, same, atRate, bareAtRate, cond);
      ratios.push(
        `${name}: ${(real.reqPerSec / same.reqPerSec).toFixed(2)} × the same-bytes route; ` +
          `${perRequest.toFixed(2)} database transactions a request; ` +
          `p99 at ${RATE} req/s ${atRate.p99} ms (same-bytes route ${bareAtRate.p99} ms)`,
      );
    }

    console.log(`\n${SECONDS} s per run, ${CONNECTIONS} connections, PostgreSQL ${database.describe}\n`);
    console.log(
      'endpoint'.padEnd(56),
      'cold ms'.padStart(8),
      'req/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'server µs/req'.padStart(14),
      ' non2xx (304) errors',
    );
    for (const r of rows) {
      console.log(
        r.name.padEnd(56),
        (r.coldMs === null ? '-' : r.coldMs.toFixed(0)).padStart(8),
        r.reqPerSec.toFixed(0).padStart(9),
        String(r.p50).padStart(8),
        String(r.p99).padStart(8),
        r.serverUs.toFixed(0).padStart(14),
        ` ${r.non2xx} (${r.notModified}) ${r.errors}`,
      );
    }
    console.log(`\n${ratios.join('\n')}`);
    await stats.end();
  } finally {
    await bare.close();
    await app?.close();
    await database.close();
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
