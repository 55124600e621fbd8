/**
 * Property tests: random small counts (1-2) placed on 1-3 municipalities at once, on the Okinawa
 * master and on a synthetic prefecture with deeper overlaps (a 広域連合 spanning three areas, two
 * insurers splitting one area, welfare areas cutting across the medical ones). In every case the
 * independent auditor finds no exact and no interval disclosure for any role. Seeded: a failure
 * names its case, which replays. PROPERTY_CASES scales the number of cases.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, type Rng } from '../../../src/fixtures/prng.js';
import { auditDisclosure } from '../../../src/modules/disclosure/audit.js';
import { decideDisclosure } from '../../../src/modules/disclosure/disclose.js';
import type { PublishedCell } from '../../../src/modules/disclosure/disclosure.types.js';
import { linkedClosure } from '../../../src/modules/disclosure/linked.js';
import { buildTable } from '../../../src/modules/disclosure/table.js';
import {
  deepMaster,
  okinawaMaster,
  placeSmallCounts,
  SMALL_COUNT_SITES,
  syntheticTotals,
  unitsOf,
  type SyntheticMunicipality,
} from '../../helpers/disclosure-synthetic.js';
import { activeIndicators, models } from '../../helpers/disclosure-engine.js';

// 150 cases on Okinawa and 75 on the deeper master by default (about 35 s on 2 loaded cores,
// under a minute); PROPERTY_CASES=10 runs ten times as many.
const CASES = Math.max(1, Math.round(Number(process.env.PROPERTY_CASES ?? 1) * 150));

/** The indicators whose numerator or denominator reads a measure, with every indicator linked to them. */
const groupOf = (measure: string) =>
  linkedClosure(
    activeIndicators.filter((i) => [...i.numerator, ...(i.denominator ?? [])].some((t) => t.measure === measure)),
    activeIndicators,
  );

/** Publishes what disclosure control decides (true numbers where shown) and audits it for every role. */
function runCase(master: readonly SyntheticMunicipality[], welfare: boolean, rng: Rng, base: ReturnType<typeof syntheticTotals>) {
  const site = SMALL_COUNT_SITES[Math.floor(rng() * SMALL_COUNT_SITES.length)];
  const k = 1 + Math.floor(rng() * 3);
  const codes = [...master].sort(() => rng() - 0.5).slice(0, k).map((m) => m.code);
  const totals = placeSmallCounts(base, rng, codes, site);
  const indicators = groupOf(site.measure);
  const units = unitsOf(master, welfare);
  const decision = decideDisclosure({ catalogue: models.catalogue, indicators, units, totals });
  const published: PublishedCell[] = [];
  for (const ind of indicators) {
    const table = buildTable([ind], models.catalogue, units, totals);
    for (const cell of table.cells) {
      for (const unit of cell.units) {
        const shown = !decision.hidden.get(ind.id)!.has(unit);
        published.push({ indicator: ind.id, unit, shown, numerator: cell.numerator, denominator: cell.denominator, undecidable: null });
      }
    }
  }
  const audit = auditDisclosure({ catalogue: models.catalogue, indicators, units, totals, published });
  return { site: site.measure, codes, risks: audit.risks, unresolved: decision.unresolved, hidden: decision.suppressed, primary: decision.primary };
}

function property(name: string, master: SyntheticMunicipality[], welfare: boolean, seed: number, share = 1) {
  const cases = Math.max(1, Math.round(CASES * share));
  it(`${name}: ${cases} random placements, no risk for any role`, () => {
    const base = syntheticTotals(master, seed);
    const failures: unknown[] = [];
    let primary = 0;
    for (let i = 0; i < cases; i++) {
      const rng = mulberry32(seed * 100_003 + i);
      const r = runCase(master, welfare, rng, base);
      primary += r.primary;
      if (r.risks.length || r.unresolved.length) failures.push({ case: i, ...r, risks: r.risks.slice(0, 3) });
    }
    expect(failures).toEqual([]);
    expect(primary).toBeGreaterThan(cases / 2);
  }, 900_000);
}

describe('disclosure holds against the auditor for random small counts', () => {
  property('Okinawa master', okinawaMaster(6000), false, 47);
  property('deeper overlaps (広域連合 over three areas, two insurers in one area, welfare areas across)', deepMaster(6000), true, 99, 0.5);
});
