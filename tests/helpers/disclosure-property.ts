/**
 * Property tests of disclosure control: random small counts (1-2) placed on 1-3 municipalities at
 * once, on the Okinawa master and on a synthetic prefecture with deeper overlaps (a 広域連合
 * spanning three areas, two insurers splitting one area, welfare areas cutting across the medical
 * ones). In every case the independent auditor finds no exact and no interval disclosure for any
 * role. Seeded: a failure names its case, which replays. The cases of a master are split over
 * several test files (tests/unit/disclosure/property-*.test.ts) so that they run side by side.
 */
import { expect, it } from 'vitest';
import { mulberry32, type Rng } from '../../src/fixtures/prng.js';
import { auditDisclosure } from '../../src/modules/disclosure/audit.js';
import { decideDisclosure } from '../../src/modules/disclosure/disclose.js';
import type { PublishedCell } from '../../src/modules/disclosure/disclosure.types.js';
import { linkedClosure } from '../../src/modules/disclosure/linked.js';
import { buildTable } from '../../src/modules/disclosure/table.js';
import {
  deepMaster,
  okinawaMaster,
  placeSmallCounts,
  SMALL_COUNT_SITES,
  syntheticTotals,
  unitsOf,
  type SyntheticMunicipality,
} from './disclosure-synthetic.js';
import { activeIndicators, models } from './disclosure-engine.js';

/**
 * Cases per master: 1,000 on Okinawa and 1,000 on the deeper master by default (65 ms a case on
 * one quiet core: about 65 s of CPU per master, spread over two files each). PROPERTY_CASES
 * scales them (0.1 for a quick run, 10 for ten times as many).
 */
export const CASES = Math.max(2, Math.round(Number(process.env.PROPERTY_CASES ?? 1) * 1000));

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

/**
 * One test over cases [from, to) of a master's seeded sequence: every case is audited for every
 * role, and none may leave a risk or an unresolved group.
 */
export function property(name: string, master: SyntheticMunicipality[], welfare: boolean, seed: number, from: number, to: number) {
  const cases = to - from;
  it(`${name}: cases ${from}-${to - 1} (${cases} random placements), no risk for any role`, () => {
    const base = syntheticTotals(master, seed);
    const failures: unknown[] = [];
    let primary = 0;
    for (let i = from; i < to; i++) {
      const rng = mulberry32(seed * 100_003 + i);
      const r = runCase(master, welfare, rng, base);
      primary += r.primary;
      if (r.risks.length || r.unresolved.length) failures.push({ case: i, ...r, risks: r.risks.slice(0, 3) });
    }
    expect(failures).toEqual([]);
    expect(primary).toBeGreaterThan(cases / 2);
  }, 900_000);
}


/** The Okinawa master with its sequence seed. */
export const OKINAWA = { name: 'Okinawa master', master: () => okinawaMaster(6000), welfare: false, seed: 47 };
/** The deeper synthetic master with its sequence seed. */
export const DEEP = {
  name: 'deeper overlaps (広域連合 over three areas, two insurers in one area, welfare areas across)',
  master: () => deepMaster(6000),
  welfare: true,
  seed: 99,
};

/** Runs half `part` (0 or 1) of a master's cases. */
export function propertyHalf(m: typeof OKINAWA, part: 0 | 1) {
  const mid = Math.floor(CASES / 2);
  property(m.name, m.master(), m.welfare, m.seed, part === 0 ? 0 : mid, part === 0 ? mid : CASES);
}
