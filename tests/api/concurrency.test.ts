import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { generateNeeds, toCsv, type Table } from '../../src/fixtures/index.js';
import { computeNeedsFlags, NEEDS_FLAGS } from '../../src/modules/surveys/needs/risk-rules.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

/**
 * 20 versions of one slice (needs survey, 2025, one municipality) sent at once, while readers
 * keep reading the slice's measures: exactly one version is current at the end, every version is
 * in the history, and every read saw one whole version (never a mix, never a half).
 */
const M = '473561'; // 渡名喜村
const WAVE = 2025;
const VERSIONS = 20;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ limits: { ingestConcurrency: 2, ingestQueue: 32 } });
});
afterAll(async () => t?.close());

/** Version i: the first 10 + i rows of a generated file (so its respondent count names it). */
function version(i: number): Table {
  const table = generateNeeds({ seed: 100 + i, wave: WAVE, municipalities: [M] });
  const all = { header: table.header, rows: [...table.rows] };
  while (all.rows.length < 10 + VERSIONS) {
    const extra = generateNeeds({ seed: 1000 + all.rows.length, wave: WAVE, municipalities: [M] }).rows;
    const id = all.header.indexOf('respondent_id');
    for (const r of extra) all.rows.push(r.map((v, j) => (j === id ? `${v}-${all.rows.length}` : v)));
  }
  return { header: all.header, rows: all.rows.slice(0, 10 + i) };
}

/** The measures a version must produce: respondents and each flag's positive / undecidable counts. */
function expectedMeasures(table: Table): Record<string, number> {
  const flags = table.rows.map((r) =>
    computeNeedsFlags(Object.fromEntries(table.header.map((h, i) => [h, r[i] === '' ? null : Number(r[i])]))),
  );
  const out: Record<string, number> = { 'needs.respondents': table.rows.length };
  for (const f of NEEDS_FLAGS) {
    out[`needs.${f}.positive`] = flags.filter((x) => x[f] === 'positive').length;
    out[`needs.${f}.undecidable`] = flags.filter((x) => x[f] === 'undecidable').length;
  }
  return out;
}

async function readSlice(): Promise<Record<string, number>> {
  const res = await t.app.inject({ url: `/v1/measures?municipality=${M}&wave=${WAVE}&source=needs`, headers: t.admin });
  expect(res.statusCode).toBe(200);
  const rows = res.json() as { measure: string; value: number; sex?: number; ageBand?: number }[];
  return Object.fromEntries(rows.map((r) => [r.measure, r.value]));
}

describe('20 concurrent versions of one slice', () => {
  it('exactly one current, none lost, readers see whole versions only', async () => {
    const tables = Array.from({ length: VERSIONS }, (_, i) => version(i));
    const expected = new Map(tables.map((tb) => [tb.rows.length, expectedMeasures(tb)]));
    const seen: Record<string, number>[] = [];
    let storming = true;
    const reader = (async () => {
      while (storming) {
        seen.push(await readSlice());
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const answers = await Promise.all(
      tables.map((tb) => {
        const m = multipart(toCsv(tb), { wave: String(WAVE) });
        return t.app.inject({ method: 'POST', url: '/v1/surveys/needs/uploads', headers: { ...t.admin, ...m.headers }, payload: m.payload });
      }),
    );
    storming = false;
    await reader;
    for (const a of answers) expect(a.statusCode, a.body.slice(0, 300)).toBe(201);
    const ids = answers.map((a) => a.json().id as string);
    expect(new Set(ids).size).toBe(VERSIONS);

    // The history: every version stored, exactly one current.
    const slices = await queryRows<{ upload_id: string; status: string; rows: number }>(
      t.database.db,
      sql`SELECT upload_id, status, rows FROM upload_slices WHERE kind = 'needs' AND wave = ${WAVE} AND municipality_code = ${M}`,
    );
    expect(slices).toHaveLength(VERSIONS);
    expect(new Set(slices.map((s) => s.upload_id))).toEqual(new Set(ids));
    const current = slices.filter((s) => s.status === 'current');
    expect(current).toHaveLength(1);
    const list = await t.app.inject({ url: `/v1/surveys/needs/uploads?wave=${WAVE}&municipality=${M}`, headers: t.admin });
    expect(list.json()).toHaveLength(VERSIONS);

    // The stored rows and the measures are those of the current version.
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM survey_needs_main WHERE upload_id = ${current[0].upload_id}`,
    );
    expect(n).toBe(current[0].rows);
    const final = await readSlice();
    for (const [k, v] of Object.entries(expected.get(current[0].rows)!)) expect(final[k], k).toBe(v);

    // Every read during the storm: nothing yet, or one whole version.
    expect(seen.length).toBeGreaterThan(0);
    let whole = 0;
    for (const snapshot of seen) {
      if (Object.keys(snapshot).length === 0) continue;
      const want = expected.get(snapshot['needs.respondents']);
      expect(want, `a read saw ${snapshot['needs.respondents']} respondents, no version has that`).toBeDefined();
      for (const [k, v] of Object.entries(want!)) expect(snapshot[k], k).toBe(v);
      whole++;
    }
    console.log(`concurrency: ${VERSIONS} versions, ${seen.length} reads during the storm, ${whole} saw a version`);
  }, 300_000);
});
