/**
 * npm run bench:indicators — full indicator recompute (read measures, compute every active
 * indicator with intervals, standardisation and disclosure control, store the values) beside
 * ONE hand-written SQL aggregate computing the same numerators, denominators and values over
 * the same tables, in the same run. PostgreSQL only (BENCH_/TEST_/DATABASE_URL, see bench-db.ts).
 *
 * 1. Okinawa: the fixtures (four surveys at full size, ~50,000 needs respondents, and the
 *    reference statistics) uploaded through the services, then timed.
 * 2. National: 1,741 municipalities and ~2 million needs respondents, as measures written
 *    straight into the measures table (see indicators-national.ts), then every prefecture
 *    recomputed, one after another.
 */
import { createServices, type Services } from '../../src/app.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { loadLogicModelsSync } from '../../src/modules/logic-models/logic-models.loader.js';
import { logicModelsDir } from '../../src/paths.js';
import { loadOkinawa } from '../api/indicators-okinawa.js';
import { disclosureThread } from '../../src/modules/disclosure/disclosure-thread.js';
import { createBenchDatabase } from './bench-db.js';
import { handWrittenAggregate } from './indicators-sql.js';
import { insertMeasures, insertMunicipalities } from './indicators-national.js';

const PERIOD = 2025;
const REPEATS = 5;
const models = loadLogicModelsSync(logicModelsDir);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Median seconds of `REPEATS` runs after one warm-up. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) runs.push(await timed(fn));
  return runs.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

async function withServices<T>(prefix: string, fn: (s: Services, d: Database) => Promise<T>): Promise<T> {
  const bench = await createBenchDatabase(prefix);
  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
  try {
    await runMigrations(database);
    const services = createServices({ database, logicModels: models });
    await services.regions.seed();
    return await fn(services, database);
  } finally {
    await database.close();
    await bench.drop();
  }
}

function report(name: string, engine: number, floor: number, extra: string) {
  console.log(
    `${name.padEnd(9)} engine full recompute ${engine.toFixed(3)} s | hand-written SQL aggregate ${floor.toFixed(3)} s | ratio ${(engine / floor).toFixed(2)} | ${extra}; disclosure threads ${disclosureThread.threads}`,
  );
}

async function okinawa() {
  await withServices('carelogic_bench_ind_okinawa', async (services, database) => {
    const t0 = performance.now();
    await loadOkinawa(services, { seed: 1, wave: PERIOD, scale: 1 });
    console.log(`okinawa   fixtures uploaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    let stored = 0;
    const engine = await median(async () => {
      stored = (await services.indicators.recompute({ prefecture: '47', period: PERIOD })).values;
    });
    let rows = 0;
    const floor = await median(async () => {
      rows = await handWrittenAggregate(database.db, models.catalogue, PERIOD);
    });
    report('okinawa', engine, floor, `41 municipalities, ${stored} values stored; SQL ${rows} rows`);
  });
}

async function national() {
  await withServices('carelogic_bench_ind_national', async (services, database) => {
    await insertMunicipalities(database.db);
    const t0 = performance.now();
    const { respondents, rows: measureRows } = await insertMeasures(database.db, models.measures, PERIOD);
    console.log(
      `national  ${respondents.toLocaleString('en')} needs respondents as ${measureRows.toLocaleString('en')} measure rows, synthesised in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const prefectures = [...new Set([...(await services.regions.municipalityCodes())].map((c) => c.slice(0, 2)))].sort();
    let stored = 0;
    const engine = await median(async () => {
      stored = 0;
      for (const prefecture of prefectures) stored += (await services.indicators.recompute({ prefecture, period: PERIOD })).values;
    });
    let rows = 0;
    const floor = await median(async () => {
      rows = await handWrittenAggregate(database.db, models.catalogue, PERIOD);
    });
    report('national', engine, floor, `${prefectures.length} prefectures one after another, 1,741 municipalities, ${stored} values stored; SQL ${rows} rows`);
  });
}

await okinawa();
await national();
