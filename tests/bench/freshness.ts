/**
 * Freshness and cold reads on PostgreSQL with the Okinawa fixtures, two app instances (replicas)
 * over one database:
 * - cold: the first gap report of a prefecture and period on an instance that has just started
 *   (nothing cached), then the first report of another municipality (values already read);
 * - freshness: a new version of 那覇市's needs slice (about 5,000 respondents) uploaded through
 *   instance A, then the gap report read through instance B until it shows the new upload —
 *   the time from the start of the upload to that report, end to end, and its two parts.
 *
 *   npm run bench:freshness   (BENCH_SCALE=0.2 BENCH_RESPONDENTS=5000; database: BENCH_/TEST_/DATABASE_URL or the local server)
 */
import { Readable } from 'node:stream';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { generateNeeds, toCsv } from '../../src/fixtures/index.js';
import { needsCountFor } from '../../src/fixtures/needs.js';
import { selectMunicipalities } from '../../src/fixtures/municipalities.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { multipart } from '../helpers/multipart.js';
import { disclosureThread } from '../../src/modules/disclosure/disclosure-thread.js';
import { createBenchDatabase } from './bench-db.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 5000);
const WAVE = 2024;
const NAHA = '472018';
const KEY = 'bench-admin-key-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };

const ms = (t0: number) => performance.now() - t0;

async function main() {
  const bench = await createBenchDatabase('carelogic_bench_fresh');
  const dbA = await openDatabase({ databaseUrl: bench.url, poolSize: 10 });
  const dbB = await openDatabase({ databaseUrl: bench.url, poolSize: 10 });
  const opts = { logLevel: 'silent' as const, maxUploadBytes: 512 * 1024 * 1024 };
  const apps: { close(): Promise<unknown> }[] = [];
  try {
    await runMigrations(dbA);
    const a = await buildApp(opts, { database: dbA });
    apps.push(a.app);
    await a.services.regions.seed();
    await a.services.auth.ensureAdmin(KEY);
    await loadGapFixtures(a.services, { wave: WAVE, scale: SCALE });
    const imported = await a.app.inject({
      method: 'POST',
      url: '/v1/targets/import?prefecture=47',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: await gapTargetFile(a.services, WAVE),
    });
    if (imported.statusCode !== 200) throw new Error(`target import failed: ${imported.body}`);

    // Cold: instance B starts with nothing cached.
    const b = await buildApp(opts, { database: dbB });
    apps.push(b.app);
    // As server.ts starts one: the shipped models checked in the database and the pool's
    // connections opened before listening.
    await b.services.logicModelRegistry.ensureSeeded();
    await dbB.warm();
    await b.app.ready();
    const report = (code: string) =>
      b.app.inject({ url: `/v1/municipalities/${code}/gaps?model=okinawa-2026&period=${WAVE}`, headers: auth });
    let t0 = performance.now();
    const first = await report(NAHA);
    const coldMs = ms(t0);
    if (first.statusCode !== 200) throw new Error(`gap report: ${first.statusCode} ${first.body}`);
    t0 = performance.now();
    await report('472051');
    const secondMs = ms(t0);
    t0 = performance.now();
    await report(NAHA);
    const warmMs = ms(t0);

    // Freshness: a ~5,000-respondent file for 那覇市 through A, the report through B.
    const [naha] = selectMunicipalities([NAHA]);
    const scale = RESPONDENTS / needsCountFor(naha, 1);
    const file = Buffer.from(toCsv(generateNeeds({ seed: 99, wave: WAVE, municipalities: [NAHA], scale })));
    const rows = file.toString('utf8').split('\n').filter(Boolean).length - 1;
    const body = multipart(file, { wave: String(WAVE) }, 'naha-needs.csv');
    t0 = performance.now();
    const up = await a.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...auth, ...body.headers },
      payload: body.payload,
    });
    const uploadMs = ms(t0);
    if (up.statusCode !== 201) throw new Error(`upload: ${up.statusCode} ${up.body}`);
    const id = up.json().id as string;
    const t1 = performance.now();
    let tries = 0;
    let fresh = false;
    while (!fresh && tries < 100) {
      tries++;
      const res = await b.app.inject({
        url: `/v1/indicators/motor_risk_rate/values?period=${WAVE}&level=municipality&prefecture=47`,
        headers: auth,
      });
      const unit = (res.json().values as { code: string; provenance: { uploads: string[] } }[]).find((v) => v.code === NAHA);
      const gap = await report(NAHA);
      fresh = Boolean(unit?.provenance.uploads.includes(id)) && gap.statusCode === 200;
    }
    const readMs = ms(t1);
    console.log(`fixtures: Okinawa at scale ${SCALE}, wave ${WAVE}; PostgreSQL ${dbA.describe}; disclosure threads ${disclosureThread.threads}`);
    console.log(`cold first gap report (${NAHA}, instance just started): ${coldMs.toFixed(0)} ms`);
    console.log(`first report of a second municipality: ${secondMs.toFixed(0)} ms; warm repeat: ${warmMs.toFixed(1)} ms`);
    console.log(
      `freshness: upload of ${rows} needs rows for ${NAHA} through A → updated values and gap report through B: ` +
        `${(uploadMs + readMs).toFixed(0)} ms (upload ${uploadMs.toFixed(0)} ms, first read after it ${readMs.toFixed(0)} ms, ` +
        `${tries === 1 ? 'fresh at the first read' : `${tries} reads`})`,
    );
  } finally {
    for (const app of apps.reverse()) await app.close();
    await dbB.close();
    await dbA.close();
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
