/**
 * Synthetic national inputs for the indicator benchmark, written straight into `municipalities`
 * and `measures` with SQL (no survey rows are uploaded): 1,741 municipalities over 47
 * prefectures and, per municipality, every measure the catalogue names — needs-survey measures
 * for about 2 million respondents in all, the other surveys' and reference statistics (strata
 * by sex × age band for standardisation), and the national standard population.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import type { MeasureCatalogue } from '../../src/modules/logic-models/logic-models.definitions.js';
import { municipalityCheckDigit } from '../../src/modules/regions/municipality-code.js';

export const NATIONAL_MUNICIPALITIES = 1_741;
export const NATIONAL_RESPONDENTS = 2_000_000;

/** 1,700 synthetic municipalities over prefectures 01..46 (Okinawa keeps its 41 real ones). */
export async function insertMunicipalities(db: Db) {
  const rows: { code: string; pref: string; name: string; area: string; insurer: string }[] = [];
  const others = NATIONAL_MUNICIPALITIES - 41;
  for (let i = 0; i < others; i += 1) {
    const pref = String(1 + (i % 46)).padStart(2, '0');
    const seq = Math.floor(i / 46);
    const first5 = `${pref}${String(200 + seq).padStart(3, '0')}`;
    const code = `${first5}${municipalityCheckDigit(first5)}`;
    // About eight municipalities an area; one in four in a prefecture-wide insurer union.
    rows.push({ code, pref, name: `市町村${code}`, area: `圏域${Math.floor(seq / 8) + 1}`, insurer: seq % 4 === 3 ? '広域連合' : `市町村${code}` });
  }
  await db.execute(sql`
    INSERT INTO municipalities (code, prefecture_code, name, medical_area, welfare_area, insurer)
    SELECT r->>'code', r->>'pref', r->>'name', r->>'area', r->>'area', r->>'insurer'
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`);
}

/** SQL value of one measure for a municipality of `n` needs respondents (alias s). */
function expression(id: string): string {
  const r = (lo: number, hi: number) => `(${lo} + ${hi - lo} * random())`;
  const flag = /^needs\.(\w+)\.(positive|decidable|undecidable|w_positive|w_decidable|w2_decidable)$/.exec(id);
  if (flag) {
    const dec = 'round(s.n * 0.96)';
    const pos = `round(${dec} * s.p)`;
    return { positive: pos, decidable: dec, undecidable: `s.n - ${dec}`, w_positive: `${pos} * 1.02`, w_decidable: `${dec} * 1.02`, w2_decidable: `${dec} * 1.1` }[flag[2]]!;
  }
  if (id === 'needs.respondents') return 's.n';
  if (id.startsWith('homecare.difficult')) return `round(s.n * 0.2 * ${r(0.05, 0.3)})`;
  if (id.startsWith('homecare.')) return `round(s.n * 0.3 * ${r(0.05, 1)})`;
  if (id.startsWith('residence.')) return `round(s.n * 0.05 * ${r(0.1, 1)})`;
  if (id.startsWith('workforce.staff')) return `round(s.n * 0.2 * ${r(0.5, 1)})`;
  if (id.startsWith('workforce.')) return `round(s.n * 0.03 * ${r(0.5, 1)})`;
  if (id === 'ref.certified.new.age_sum') return `round(s.n * 0.3 * ${r(78, 84)})`;
  if (id === 'ref.benefit.community_based_yen') return `round(s.n * 20 * ${r(20000, 40000)})`;
  if (id.startsWith('ref.')) return `round(s.n * ${r(0.05, 3)})`;
  return '0';
}

/** Every catalogue measure for every municipality (one INSERT … SELECT per source), and the standard. */
export async function insertMeasures(db: Db, catalogue: MeasureCatalogue, period: number) {
  // One transaction: its connection holds the temporary table and the seed of random(), so that
  // every run draws the same national data (the recompute's work depends on the small counts drawn).
  return db.transaction((tx) => insertMeasuresIn(tx as unknown as Db, catalogue, period));
}

async function insertMeasuresIn(db: Db, catalogue: MeasureCatalogue, period: number) {
  const mean = NATIONAL_RESPONDENTS / NATIONAL_MUNICIPALITIES;
  await db.execute(sql`SELECT setseed(0.2025)`);
  // Respondents per municipality: uniform around the mean, at least 30; p: the flag's prevalence.
  await db.execute(sql.raw(`
    CREATE TEMP TABLE syn AS
    SELECT code, prefecture_code, greatest(30, round(${mean} * (0.2 + 1.6 * random())))::float8 AS n
    FROM municipalities ORDER BY code`));
  const plain = catalogue.measures.filter((m) => !m.stratified);
  for (const source of ['needs', 'homecare', 'residence', 'workforce', 'reference']) {
    const values = plain
      .filter((m) => m.source === source)
      .map((m) => `('${m.id}', ${expression(m.id)})`)
      .join(',\n');
    await db.execute(sql.raw(`
      INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
      SELECT s.prefecture_code, s.code, ${period}, v.measure, 0, 0, v.value, '${source}'
      FROM (SELECT *, 0.05 + 0.5 * random() AS p FROM (SELECT * FROM syn ORDER BY code) o) s CROSS JOIN LATERAL (VALUES ${values}) v(measure, value)`));
  }
  // Stratified reference measures and the national standard population, by sex × five age bands.
  await db.execute(sql.raw(`
    INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
    SELECT s.prefecture_code, s.code, ${period}, v.measure, g.sex, g.band, v.value, 'reference'
    FROM (SELECT * FROM syn ORDER BY code) s CROSS JOIN generate_series(1, 2) g0(sex) CROSS JOIN generate_series(1, 5) g1(band)
    CROSS JOIN LATERAL (SELECT g0.sex, g1.band, round(s.n * 2 * (0.5 + random())) AS insured) g
    CROSS JOIN LATERAL (VALUES ('ref.insured.first', g.insured), ('ref.certified.light', round(g.insured * 0.02 * g.band * (0.7 + 0.6 * random())))) v(measure, value)`));
  await db.execute(sql.raw(`
    INSERT INTO measures (prefecture_code, municipality_code, period, measure, sex, age_band, value, source)
    SELECT '00', '000000', ${period}, 'std.insured.first', sex, band, 1000000 * (6 - band) * (1 + 0.1 * sex), 'reference'
    FROM generate_series(1, 2) sex CROSS JOIN generate_series(1, 5) band`));
  await db.execute(sql`ANALYZE measures`);
  const [{ respondents, rows }] = await queryRows<{ respondents: number; rows: number }>(db, sql`
    SELECT (SELECT sum(n)::int FROM syn) AS respondents, (SELECT count(*)::int FROM measures) AS rows`);
  await db.execute(sql`DROP TABLE syn`);
  return { respondents, rows };
}
