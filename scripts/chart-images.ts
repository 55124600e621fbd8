/**
 * Screenshots of each chart kind for the README (docs/images/chart-<kind>.png): the Okinawa
 * fixtures in a throwaway PostgreSQL database, the server on loopback, each chart's html format
 * drawn by Debian's Chromium with every request outside the server blocked.
 *
 *   npx tsx scripts/chart-images.ts   (database: BENCH_/TEST_/DATABASE_URL or the local server)
 */
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { createBenchDatabase } from '../tests/bench/bench-db.js';
import { launchChromium } from '../tests/helpers/chromium.js';
import { CHART_WAVE, loadChartFixtures } from '../tests/helpers/okinawa-charts.js';

const KEY = 'docs-admin-key-0123456789abcdef';
const OUT = join(import.meta.dirname, '..', 'docs', 'images');

const bench = await createBenchDatabase('chart_images');
const database = await openDatabase({ databaseUrl: bench.url, poolSize: 5 });
const { browser, close } = await launchChromium();
try {
  await runMigrations(database);
  const { app, services } = await buildApp({ logLevel: 'silent', maxUploadBytes: 512 * 1024 * 1024 }, { database });
  await services.regions.seed();
  await services.auth.ensureAdmin(KEY);
  const cases = await loadChartFixtures(services, 0.2);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  // Reference statistics have two years in the fixtures: the trend shows a line.
  const shots: Record<string, Record<string, string>> = {
    ...cases.analyst,
    trend: {
      period: String(CHART_WAVE),
      indicator: 'home_death_ratio',
      municipality: '472018',
      from: String(CHART_WAVE - 3),
    },
  };
  const context = await browser.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${KEY}` },
    viewport: { width: 1300, height: 1000 },
    deviceScaleFactor: 1,
  });
  for (const [kind, q] of Object.entries(shots)) {
    const page = await context.newPage();
    await page.route('**/*', (r) => (r.request().url().startsWith(`${base}/`) ? r.continue() : r.abort()));
    await page.goto(`${base}/v1/charts/${kind}?${new URLSearchParams({ ...q, prefecture: '47', format: 'html' })}`);
    await page.waitForSelector('body[data-chart=ready]');
    await page.locator('#chart').screenshot({ path: join(OUT, `chart-${kind}.png`) });
    await page.close();
    console.log(`docs/images/chart-${kind}.png`);
  }
  await context.close();
  await app.close();
} finally {
  await close();
  await database.close();
  await bench.drop();
}
