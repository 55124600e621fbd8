/**
 * npm run bench:disclosure — disclosure control (suppression across linked tables until the
 * attacker's linear programs find nothing) and its independent audit:
 *
 * 1. Okinawa: the fixtures uploaded through the services (PostgreSQL), then for period 2025 every
 *    active indicator: cells hidden by the rule and hidden in all, beside the previous
 *    per-indicator rule (tests/bench/legacy-suppression.ts) on the same counts; the time of
 *    control alone and of the audit of what is stored, for every role.
 * 2. National scale: 47 synthetic prefectures (1,741 municipalities, Okinawa's real master among
 *    them) with plausible counts, no database: control for each prefecture, one after another.
 */
import { createServices } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { mulberry32 } from '../../src/fixtures/prng.js';
import { decideDisclosure } from '../../src/modules/disclosure/disclose.js';
import { loadSolver, solverStats } from '../../src/modules/disclosure/solver.js';
import { totalsOf } from '../../src/modules/disclosure/engine-hook.js';
import { municipalityParts } from '../../src/modules/indicators/engine/parts.js';
import { reportingUnits } from '../../src/modules/indicators/engine/units.js';
import { disclosureRuleOf } from '../../src/modules/indicators/engine/disclosure.js';
import { loadEngineInput, loadGeography, measureOrigins } from '../../src/modules/indicators/indicators.inputs.js';
import { isActive } from '../../src/modules/logic-models/indicator-rules.js';
import { loadLogicModelsSync } from '../../src/modules/logic-models/logic-models.loader.js';
import { logicModelsDir } from '../../src/paths.js';
import { loadOkinawa } from '../api/indicators-okinawa.js';
import { okinawaMaster, syntheticTotals, unitsOf, type SyntheticMunicipality } from '../helpers/disclosure-synthetic.js';
import { createBenchDatabase } from './bench-db.js';
import { applyDisclosureControl } from './legacy-suppression.js';
import { execSync } from 'node:child_process';

const PERIOD = 2025;
// Disclosure control runs here, in this thread: the solver must be loaded first (see solver.ts).
await loadSolver();
const models = loadLogicModelsSync(logicModelsDir);
const active = models.catalogue.indicators.filter(isActive);
const load = () => execSync('uptime').toString().trim().replace(/.*load average/, 'load average');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function okinawa() {
  const bench = await createBenchDatabase('carelogic_bench_disclosure');
  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
  try {
    await runMigrations(database);
    const services = createServices({ database, logicModels: models });
    await services.regions.seed();
    await loadOkinawa(services, { seed: 1, wave: PERIOD, scale: 1 });
    const { geography } = await loadGeography(services.regions, '47');
    const { input } = await loadEngineInput(database.db, {
      prefecture: '47', period: PERIOD, geography, indicators: active, catalogue: models.catalogue, origins: measureOrigins(models.measures),
    });
    const units = reportingUnits(geography);

    // Before: the previous rule, one indicator at a time, on the same counts.
    let legacyPrimary = 0;
    let legacyHidden = 0;
    for (const ind of active) {
      const rule = disclosureRuleOf(ind, models.catalogue);
      if (!rule) continue;
      const own = geography.municipalities.map((m) => {
        const p = municipalityParts(ind, input.measures.get(m.code) ?? new Map());
        return { id: `municipality:${m.code}`, numerator: p?.disclosureNumerator ?? null, denominator: p?.disclosureDenominator ?? null };
      });
      const aggregates = units.filter((u) => u.level !== 'municipality').map((u) => ({ id: u.id, memberIds: u.members.map((c) => `municipality:${c}`) }));
      const r = applyDisclosureControl(own, aggregates, rule);
      const all = [...r.units, ...r.aggregates];
      legacyPrimary += all.filter(([, why]) => why === 'primary').length;
      legacyHidden += all.length;
    }

    const times: number[] = [];
    let decision = decideDisclosure({ catalogue: models.catalogue, indicators: active, units, totals: totalsOf(input.measures) });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      decision = decideDisclosure({ catalogue: models.catalogue, indicators: active, units, totals: totalsOf(input.measures) });
      times.push(performance.now() - t0);
    }
    const u = decision.units;
    let undecidable = 0;
    for (const [id, set] of decision.hidden) if (id.endsWith(':undecidable')) undecidable += set.size;
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
    console.log(`okinawa   ${active.length} indicators, ${units.length} units, period ${PERIOD}`);
    console.log(`  before  (per indicator, smallest member)  primary ${legacyPrimary} units, hidden ${legacyHidden}, beyond primary ${legacyHidden - legacyPrimary}`);
    console.log(
      `  after   (linked tables, LP audit)         primary ${u.primary} units (${decision.primary} distinct cells), hidden ${u.suppressed} (${decision.suppressed} cells); ${u.withData} units with data in all, 判定不能 counts hidden alone ${undecidable}`,
    );
    console.log(
      `  suppression rate: beyond primary ${u.suppressed - u.primary} units (${decision.suppressed - decision.primary} cells) = ${pct(u.suppressed - u.primary, u.withData)} of the units with data; hidden in all ${pct(u.suppressed, u.withData)}; cells shown again by the final pass ${decision.shownAgain}`,
    );
    console.log(
      `  control ${median(times).toFixed(0)} ms (median of 3; ${times.map((t) => t.toFixed(0)).join(', ')}), ${decision.solves} linear programs, ${decision.reused} range ends settled by known points; unresolved ${decision.unresolved.length}; groups hidden whole on solver failure ${decision.failedGroups.length}`,
    );
    await services.indicators.recompute({ prefecture: '47', period: PERIOD });
    const audits: number[] = [];
    let audit = await services.disclosure.audit({ prefecture: '47', period: PERIOD });
    for (let i = 0; i < 3; i++) {
      audit = await services.disclosure.audit({ prefecture: '47', period: PERIOD });
      audits.push(audit.ms);
    }
    console.log(
      `  audit   ${median(audits).toFixed(0)} ms (median of 3; ${audits.map((t) => t.toFixed(0)).join(', ')}) for every role, ${audit.checked} hidden numbers × roles, ${audit.solves} linear programs, ${audit.risks.length} risks`,
    );
    console.log(`  solver  ${solverStats.runs} runs in this process, ${solverStats.recovered} recovered on a rebuilt model, ${solverStats.failed} failed`);
    console.log(`  ${load()}`);
  } finally {
    await database.close();
    await bench.drop();
  }
}

/** 46 synthetic prefectures like the national indicator benchmark's, and Okinawa's master. */
function nationalMasters(): SyntheticMunicipality[][] {
  const rng = mulberry32(1741);
  const out: SyntheticMunicipality[][] = [okinawaMaster()];
  const per = new Map<string, SyntheticMunicipality[]>();
  for (let i = 0; i < 1741 - 41; i++) {
    const pref = String(1 + (i % 46)).padStart(2, '0');
    const seq = Math.floor(i / 46);
    const code = `${pref}${String(200 + seq).padStart(3, '0')}0`;
    const m: SyntheticMunicipality = {
      code, name: code, area: `圏域${Math.floor(seq / 8) + 1}`, welfareArea: `圏域${Math.floor(seq / 8) + 1}`,
      insurer: seq % 4 === 3 ? '広域連合' : `市町村${code}`, pop65: Math.round(150 + 60000 * rng() ** 3),
    };
    per.set(pref, [...(per.get(pref) ?? []), m]);
  }
  return [...out, ...per.values()];
}

function national() {
  const masters = nationalMasters();
  let ms = 0;
  let solves = 0;
  let primary = 0;
  let suppressed = 0;
  let slowest = 0;
  let failed = 0;
  masters.forEach((master, i) => {
    const totals = syntheticTotals(master, 100 + i);
    const t0 = performance.now();
    const d = decideDisclosure({ catalogue: models.catalogue, indicators: active, units: unitsOf(master), totals });
    const t = performance.now() - t0;
    ms += t;
    slowest = Math.max(slowest, t);
    solves += d.solves;
    failed += d.failedGroups.length;
    primary += d.units.primary;
    suppressed += d.units.suppressed;
  });
  const n = masters.reduce((s, m) => s + m.length, 0);
  console.log(
    `national  ${masters.length} prefectures, ${n} municipalities (synthetic counts): control ${(ms / 1000).toFixed(1)} s in all, slowest prefecture ${slowest.toFixed(0)} ms; ${solves} linear programs; primary ${primary} units, hidden ${suppressed}; groups hidden whole on solver failure ${failed}`,
  );
  console.log(`  ${load()}`);
}

await okinawa();
national();
