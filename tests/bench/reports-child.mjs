/**
 * One measured phase of bench:reports in a fresh process, so its peak RSS is the phase's own:
 * `okinawa` (the prefecture workbook, cold then warm), `restart` (the prefecture workbook in a new
 * process after `okinawa`: nothing in memory, the charts' pictures stored in the database),
 * `burst` (one workbook per municipality of Okinawa), `national` (one per municipality of the
 * country, one at a time). Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built service (dist/, as `npm start` runs it): no TypeScript loader in the measured process.
import { createServices } from '../../dist/app.js';
import { openDatabase } from '../../dist/db/client.js';
import { loadLogicModelsSync } from '../../dist/modules/logic-models/logic-models.loader.js';
import { logicModelsDir } from '../../dist/paths.js';

const [phase, url, periodArg, limitArg] = process.argv.slice(2);
const period = Number(periodArg);
/** @type {import('../../src/modules/auth/auth.types.js').Principal} */
const admin = {
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'bench',
  role: 'admin',
  prefectureCode: null,
  municipalityCode: null,
};
const loaded = loadLogicModelsSync(logicModelsDir);
const base = loaded.models.find((m) => m.id === 'okinawa-2026');
// National: every prefecture reads with a copy of the Okinawa model (synthetic measures, same catalogue).
const models =
  phase === 'national'
    ? {
        ...loaded,
        models: Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')).map((p) =>
          p === '47' ? base : { ...base, id: `national-${p}`, prefecture_code: p },
        ),
      }
    : loaded;
const modelOf = (code) => (code.startsWith('47') ? 'okinawa-2026' : `national-${code.slice(0, 2)}`);

const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
const dir = mkdtempSync(join(tmpdir(), 'carelogic-bench-reports-'));
const services = createServices({ database, logicModels: models, reportsDir: dir });
const mb = (kb) => Math.round(kb / 1024);
const out = { phase };
const t0 = performance.now();
const seconds = (t) => Number(((performance.now() - t) / 1000).toFixed(2));

if (phase === 'restart') {
  const t = performance.now();
  const first = await services.reports.renderTo({ kind: 'prefecture', model: 'okinawa-2026', period }, admin, join(dir, 'pref.xlsx'), () => {});
  out.coldAfterRestartSeconds = seconds(t);
  out.bytes = first.bytes;
} else if (phase === 'okinawa') {
  const file = join(dir, 'pref.xlsx');
  let t = performance.now();
  const first = await services.reports.renderTo(
    { kind: 'prefecture', model: 'okinawa-2026', period },
    admin,
    file,
    () => {},
  );
  out.coldSeconds = seconds(t);
  t = performance.now();
  await services.reports.renderTo({ kind: 'prefecture', model: 'okinawa-2026', period }, admin, file, () => {});
  out.warmSeconds = seconds(t);
  out.bytes = first.bytes;
} else {
  const codes = (await services.regions.listMunicipalities(phase === 'burst' ? '47' : undefined)).map((m) => m.code);
  const limit = limitArg ? Math.min(Number(limitArg), codes.length) : codes.length;
  const rss = [];
  const every = phase === 'burst' ? 10 : 100;
  for (const [i, code] of codes.slice(0, limit).entries()) {
    const file = join(dir, `${code}.xlsx`);
    await services.reports.renderTo(
      { kind: 'municipality', model: modelOf(code), period, municipality: code },
      admin,
      file,
      () => {},
    );
    rmSync(file);
    if ((i + 1) % every === 0 || i + 1 === limit) {
      rss.push(Math.round(process.memoryUsage().rss / 1024 ** 2));
      console.error(`  ${phase} ${i + 1}/${limit} workbooks, ${seconds(t0)} s, RSS ${rss.at(-1)} MB`);
    }
  }
  out.workbooks = limit;
  out.of = codes.length;
  out.rssMbEvery = { every, samples: rss };
}
out.seconds = seconds(t0);
out.peakRssMb = mb(process.resourceUsage().maxRSS);
rmSync(dir, { recursive: true, force: true });
await database.close();
console.log(JSON.stringify(out));
