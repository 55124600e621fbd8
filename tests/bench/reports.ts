/**
 * npm run bench:reports — seconds and peak RSS of the workbooks, each phase in a fresh process
 * (tests/bench/reports-child.ts), on PostgreSQL (BENCH_/TEST_/DATABASE_URL, see bench-db.ts):
 *
 * The measured processes run the built service (dist/, as `npm start` does; the script builds it).
 *
 * 1. Okinawa: the four surveys (BENCH_SCALE, default 1: ~50,000 needs respondents) and reference
 *    statistics uploaded through the services, targets imported; the prefecture workbook, cold
 *    (the gap views computed and the 33 charts drawn for the first time) and warm; then again in a
 *    new process (a restart, or another replica): the gap views computed anew, the charts' pictures
 *    read from the database.
 * 2. A burst of 41: one municipality workbook per Okinawa municipality, one after another.
 * 3. National: 1,741 municipalities from synthetic measures (indicators-national.ts), every
 *    prefecture recomputed, then one municipality workbook each, one at a time, with RSS sampled
 *    every 100 workbooks (BENCH_NATIONAL_LIMIT caps how many; default all).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { createServices } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { loadLogicModelsSync } from '../../src/modules/logic-models/logic-models.loader.js';
import { logicModelsDir } from '../../src/paths.js';
import { gapTargetFile, loadGapFixtures } from '../helpers/okinawa-gaps.js';
import { createBenchDatabase } from './bench-db.js';
import { insertMeasures, insertMunicipalities } from './indicators-national.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WAVE = 2024;
const LIMIT = process.env.BENCH_NATIONAL_LIMIT ?? '';
const actor = { keyId: null, name: 'bench' };

function child(phase: string, url: string, period: number, limit = '') {
  const line = execFileSync(process.execPath, ['tests/bench/reports-child.mjs', phase, url, String(period), limit], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const result = JSON.parse(line.trim().split('\n').at(-1)!);
  console.log(`${phase.padEnd(9)} ${JSON.stringify(result)}`);
  return result;
}

const load = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`;
console.log(`bench:reports (${load()})`);

const okinawa = await createBenchDatabase('carelogic_bench_rep_ok');
try {
  const database = await openDatabase({ databaseUrl: okinawa.url, poolSize: 4 });
  await runMigrations(database);
  const services = createServices({ database });
  await services.regions.seed();
  const t0 = performance.now();
  await loadGapFixtures(services, { wave: WAVE, scale: SCALE });
  await services.targets.importCsv(Buffer.from(await gapTargetFile(services, WAVE)), '47', actor);
  console.log(`okinawa   fixtures at scale ${SCALE} loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await database.close();
  child('okinawa', okinawa.url, WAVE);
  child('restart', okinawa.url, WAVE);
  child('burst', okinawa.url, WAVE);
} finally {
  await okinawa.drop();
}

const national = await createBenchDatabase('carelogic_bench_rep_nat');
try {
  const database = await openDatabase({ databaseUrl: national.url, poolSize: 4 });
  await runMigrations(database);
  const models = loadLogicModelsSync(logicModelsDir);
  const services = createServices({ database, logicModels: models });
  await services.regions.seed();
  await insertMunicipalities(database.db);
  const t0 = performance.now();
  await insertMeasures(database.db, models.measures, WAVE);
  const prefectures = (await services.regions.listPrefectures()).map((p) => p.code);
  for (const prefecture of prefectures) await services.indicators.recompute({ prefecture, period: WAVE });
  console.log(
    `national  1,741 municipalities: measures synthesised and indicators computed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await database.close();
  child('national', national.url, WAVE, LIMIT);
} finally {
  await national.drop();
}
console.log(`done (${load()})`);
