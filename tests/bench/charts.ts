/**
 * Chart benchmark on PostgreSQL with the Okinawa fixtures: per kind, the time to build the spec
 * (published reads included), to render it to SVG, SVG to PNG, spec to PNG, and a whole PNG
 * request through the charts service (spec rebuilt from the published rows, the picture of an
 * unchanged spec from the render cache) — median of BENCH_RUNS warm runs — and the process's RSS.
 * The comparison chart covers Okinawa's 41 municipalities.
 *
 *   npm run bench:charts   (BENCH_RUNS=7 BENCH_SCALE=0.2 BENCH_OUT=<folder for the PNGs>;
 *                           database: BENCH_/TEST_/DATABASE_URL or the local server)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import type { ChartKind } from '../../src/modules/charts/charts.schemas.js';
import { ChartParams } from '../../src/modules/charts/charts.schemas.js';
import { renderPng, svgToPng } from '../../src/modules/charts/render/png.js';
import { renderSvg } from '../../src/modules/charts/render/svg.js';
import { loadChartFixtures } from '../helpers/okinawa-charts.js';
import { createBenchDatabase } from './bench-db.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const OUT = process.env.BENCH_OUT;
const analyst = { role: 'analyst' as const, prefectureCode: '47', municipalityCode: null };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(f: () => Promise<unknown>) {
  const ms: number[] = [];
  await f(); // warm-up: JIT, caches, font subset
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function main() {
  const bench = await createBenchDatabase('bench_charts');
  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 10 });
  let close = async () => {};
  try {
    await runMigrations(database);
    const { app, services } = await buildApp({ logLevel: 'silent', maxUploadBytes: 512 * 1024 * 1024 }, { database });
    close = () => app.close();
    await services.regions.seed();
    const t0 = performance.now();
    const cases = await loadChartFixtures(services, SCALE);
    console.log(
      `fixtures loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (scale ${SCALE}); indicator ${cases.indicator}`,
    );
    if (OUT) mkdirSync(OUT, { recursive: true });
    const rows = [];
    for (const [kind, query] of Object.entries(cases.analyst) as [ChartKind, Record<string, string>][]) {
      const params = ChartParams.parse(query);
      const spec = await services.charts.spec(kind, params, analyst);
      const svg = await renderSvg(spec);
      const png = await renderPng(spec);
      if (OUT) writeFileSync(join(OUT, `${kind}.png`), await renderPng(spec, { scale: 2 }));
      rows.push({
        kind,
        'spec ms': (await time(() => services.charts.spec(kind, params, analyst))).toFixed(1),
        'svg ms': (await time(() => renderSvg(spec))).toFixed(1),
        'svg→png ms': (await time(() => svgToPng(svg))).toFixed(1),
        'png ms (spec→png)': (await time(() => renderPng(spec))).toFixed(1),
        'request png ms': (await time(() => services.charts.render({ kind, params, format: 'png' }, analyst))).toFixed(
          1,
        ),
        'png kB': (png.length / 1024).toFixed(0),
      });
    }
    console.table(rows);
    const mem = process.memoryUsage();
    console.log(
      `RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB; median of ${RUNS} warm runs`,
    );
  } finally {
    await close();
    await database.close();
    await bench.drop();
  }
}

await main();
