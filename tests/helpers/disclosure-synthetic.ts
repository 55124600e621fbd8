/**
 * Synthetic measure totals for disclosure tests and the disclosure benchmark: plausible counts for
 * every catalogue measure of each municipality (sized by its 65+ population), with seeded draws,
 * and small counts placed on request. No database: disclosure control is pure computation.
 */
import { binomial, mulberry32, poisson, type Rng } from '../../src/fixtures/prng.js';
import { loadOkinawaMunicipalities } from '../../src/fixtures/municipalities.js';
import type { DisclosureUnit } from '../../src/modules/disclosure/disclosure.types.js';
import { reportingUnits } from '../../src/modules/indicators/engine/units.js';
import type { GeoMunicipality } from '../../src/modules/indicators/engine/types.js';

export interface SyntheticMunicipality extends GeoMunicipality {
  welfareArea: string;
  pop65: number;
}

/** Okinawa's master with its 65+ populations; `floor` raises small islands (no natural small counts). */
export function okinawaMaster(floor = 0): SyntheticMunicipality[] {
  return loadOkinawaMunicipalities().map((m) => ({
    code: m.code,
    name: m.name,
    area: m.medicalArea,
    welfareArea: m.welfareArea,
    insurer: m.insurer,
    pop65: Math.max(floor, m.pop65),
  }));
}

/**
 * A synthetic prefecture with deeper overlaps than Okinawa: 24 municipalities in four medical
 * areas, welfare areas that cut across them, a 広域連合 spanning three areas, and two insurers
 * that split one area between them.
 */
export function deepMaster(floor = 0): SyntheticMunicipality[] {
  const rng = mulberry32(20260);
  const out: SyntheticMunicipality[] = [];
  for (let i = 0; i < 24; i++) {
    const area = ['A', 'B', 'C', 'D'][Math.floor(i / 6)];
    const insurer = i % 6 < 3 && area !== 'D' ? '広域連合' : area === 'D' ? (i % 2 ? '東部連合' : '西部連合') : `単独${i}`;
    out.push({
      code: `99${String(100 + i * 7).padStart(3, '0')}0`,
      name: `町${i}`,
      area,
      welfareArea: `福祉${Math.floor(((i + 3) % 24) / 5)}`,
      insurer,
      pop65: Math.max(floor, Math.round(200 + 8000 * rng() ** 2)),
    });
  }
  return out;
}

/** The reporting units of a master (prefecture, medical areas, insurers, municipalities) and, when `welfare`, welfare areas. */
export function unitsOf(master: readonly SyntheticMunicipality[], welfare = false): DisclosureUnit[] {
  const units: DisclosureUnit[] = reportingUnits({ prefecture: { code: master[0].code.slice(0, 2), name: 'pref' }, municipalities: master });
  if (welfare) {
    const groups = new Map<string, string[]>();
    for (const m of master) groups.set(m.welfareArea, [...(groups.get(m.welfareArea) ?? []), m.code]);
    for (const [name, members] of groups) units.push({ id: `welfare:${name}`, level: 'welfare_area', members });
  }
  return units;
}

const split = (rng: Rng, n: number, p: number) => binomial(rng, n, p);

/** Totals of every measure the catalogue's indicators read, for each municipality. */
export function syntheticTotals(master: readonly SyntheticMunicipality[], seed: number): Map<string, Map<string, number>> {
  const rng = mulberry32(seed);
  const out = new Map<string, Map<string, number>>();
  for (const m of master) {
    const t = new Map<string, number>();
    const pop = m.pop65;
    const n = Math.max(20, Math.round(pop * 0.15));
    for (const f of ['motor', 'fall', 'withdrawal', 'nutrition', 'oral', 'cognition', 'depression', 'iadl_low', 'participation', 'kayoi', 'health_good', 'happy']) {
      const und = split(rng, n, 0.03);
      const dec = n - und;
      const pos = split(rng, dec, 0.1 + 0.5 * rng());
      t.set(`needs.${f}.undecidable`, und).set(`needs.${f}.decidable`, dec).set(`needs.${f}.positive`, pos);
      t.set(`needs.${f}.w_decidable`, dec).set(`needs.${f}.w_positive`, pos).set(`needs.${f}.w2_decidable`, dec);
    }
    const clients = Math.max(5, Math.round(pop * 0.03));
    const moved = split(rng, clients, 0.12);
    const fac = split(rng, moved, 0.4);
    const difficult = split(rng, clients, 0.15);
    t.set('homecare.clients_total', clients).set('homecare.moved_total', moved).set('homecare.moved_to_facility', fac);
    t.set('homecare.moved_to_residential', split(rng, moved - fac, 0.4)).set('homecare.difficult', difficult);
    t.set('homecare.difficult.carer_burden', split(rng, difficult, 0.3));
    const leavers = Math.max(3, Math.round(pop * 0.006));
    for (const d of ['home', 'residential', 'facility', 'hospital', 'other']) t.set(`residence.discharges.${d}`, split(rng, leavers, 0.12));
    t.set('residence.deaths.in_facility', split(rng, leavers, 0.3)).set('residence.deaths.after_transfer', split(rng, leavers, 0.1));
    t.set('residence.suction_always', poisson(rng, pop / 4000));
    const reg = Math.max(4, Math.round(pop * 0.03));
    const non = Math.max(2, Math.round(pop * 0.02));
    t.set('workforce.staff_regular', reg).set('workforce.staff_nonregular', non);
    t.set('workforce.hires_regular', split(rng, reg, 0.15)).set('workforce.hires_nonregular', split(rng, non, 0.2));
    t.set('workforce.separations_regular', split(rng, reg, 0.13)).set('workforce.separations_nonregular', split(rng, non, 0.18));
    t.set('workforce.staff_rows', reg + non).set('workforce.staff_60plus', split(rng, reg + non, 0.2));
    t.set('workforce.staff_certified', split(rng, reg + non, 0.4));
    const deaths = Math.max(3, split(rng, pop, 0.045));
    const home = split(rng, deaths, 0.15);
    t.set('ref.insured.first', pop).set('ref.certified.light', split(rng, pop, 0.1));
    const fresh = split(rng, pop, 0.03);
    t.set('ref.certified.new.count', fresh).set('ref.certified.new.age_sum', fresh * 81);
    t.set('ref.deaths.total', deaths).set('ref.deaths.home', home).set('ref.deaths.nursing_home', split(rng, deaths - home, 0.12));
    t.set('ref.home_visit_medical', poisson(rng, pop * 0.3)).set('ref.house_call', poisson(rng, pop * 0.05));
    t.set('ref.benefit.community_based_yen', pop * 24000);
    for (const o of ['teiki_junkai', 'shotaki', 'kantaki']) t.set(`ref.offices.${o}`, poisson(rng, pop / 20000));
    t.set('ref.clinics.home_care_support', poisson(rng, pop / 5000)).set('ref.clinics.house_call_capable', poisson(rng, pop / 3000));
    t.set('ref.calls_7119', poisson(rng, pop * 0.1));
    out.set(m.code, t);
  }
  return out;
}

/** Numerators to place small counts on (the measure and the one it must not exceed). */
export const SMALL_COUNT_SITES: readonly { measure: string; within: string }[] = [
  { measure: 'ref.deaths.home', within: 'ref.deaths.total' },
  { measure: 'ref.deaths.nursing_home', within: 'ref.deaths.total' },
  { measure: 'ref.house_call', within: 'ref.insured.first' },
  { measure: 'homecare.difficult', within: 'homecare.clients_total' },
  { measure: 'homecare.moved_to_facility', within: 'homecare.moved_total' },
  { measure: 'residence.deaths.in_facility', within: 'residence.discharges.home' },
  { measure: 'workforce.hires_regular', within: 'workforce.staff_regular' },
];

/** Sets `count` of the chosen municipalities' `measure` to 1 or 2 (a new copy). */
export function placeSmallCounts(
  totals: ReadonlyMap<string, ReadonlyMap<string, number>>,
  rng: Rng,
  codes: readonly string[],
  site: { measure: string },
): Map<string, Map<string, number>> {
  const out = new Map([...totals].map(([k, v]) => [k, new Map(v)]));
  for (const code of codes) out.get(code)!.set(site.measure, 1 + Math.floor(rng() * 2));
  return out;
}
