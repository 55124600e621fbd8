/** Stored values follow their inputs: on demand, incrementally, after uploads, retractions and reference loads. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { queryRows } from '../../src/db/query.js';
import { generateNeeds, generateReference, toCsv } from '../../src/fixtures/index.js';
import { LogicModelError } from '../../src/modules/logic-models/logic-models.errors.js';
import { loadLogicModelsSync, validateLogicModels } from '../../src/modules/logic-models/logic-models.loader.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { folder } from '../unit/logic-models/small-model.js';
import { principal } from './indicators-okinawa.js';

const WAVE = 2025;
const THREE = ['473014', '473022', '473031']; // 国頭村, 大宜味村, 東村 (北部)
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function uploadNeeds(seed: number, codes: string[]) {
  const staged = await t.services.uploads.stage(Readable.from(toCsv(generateNeeds({ seed, wave: WAVE, municipalities: codes }))));
  const { body } = await t.services.uploads.upload({ kind: 'needs', wave: WAVE, staged, principal, fileName: 'needs.csv' });
  return body.id!;
}
const motor = async (code: string) => {
  const res = await t.app.inject({ url: `/v1/indicators/motor_risk_rate/values?period=${WAVE}&prefecture=47`, headers: t.admin });
  expect(res.statusCode).toBe(200);
  return (res.json().values as { code: string; level: string }[]).find((v) => v.code === code)! as Record<string, any>;
};
const measure = async (name: string, code: string) =>
  (await queryRows<{ value: number }>(t.database.db, sql`
    SELECT value FROM measures WHERE measure = ${name} AND municipality_code = ${code} AND period = ${WAVE}`))[0]?.value;
const runs = () => queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM indicator_runs`);

describe('recompute', () => {
  let first: string;
  let second: string;

  it('computes the period when an upload commits, with partial coverage said so', async () => {
    first = await uploadNeeds(3, THREE);
    // The upload's onChanged hook recomputed the needs indicators of 2025 for the prefecture.
    expect((await runs())[0].n).toBe(1);
    const pref = await motor('47');
    expect(pref.coverage).toEqual({ contributing: 3, members: 41 });
    expect(pref.numerator).toBe(
      (await Promise.all(THREE.map((c) => measure('needs.motor.w_positive', c)))).reduce((s, v) => s + v, 0),
    );
    expect((await motor('472018')).status).toBe('no_data');
    expect((await motor('473014')).provenance.uploads).toEqual([first]);
  });

  it('recomputes only the indicators fed by the given sources', async () => {
    const r = await t.services.indicators.recompute({ prefecture: '47', period: WAVE, sources: ['needs'] });
    expect(r).toMatchObject({ full: false, indicators: 12 });
    const all = await t.services.indicators.recompute({ prefecture: '47', period: WAVE });
    expect(all).toMatchObject({ full: true, indicators: 33, values: 33 * (1 + 5 + 13 + 41) });
  });

  it('picks up a new version of one slice, and its retraction, even when nobody called recompute', async () => {
    second = await uploadNeeds(99, ['473014']);
    const after = await motor('473014');
    expect(after.provenance.uploads).toEqual([second]);
    expect(after.denominator ?? null).toBe(after.status === 'suppressed' ? null : await measure('needs.motor.w_decidable', '473014'));
    expect((await motor('47')).provenance.uploads).toEqual([first, second].sort());
    await t.services.uploads.retract(second, principal);
    expect((await motor('473014')).provenance.uploads).toEqual([first]);
  });

  it('is told by reference loads (national standard population included)', async () => {
    const ref = generateReference({ seed: 5, periods: [WAVE], municipalities: THREE });
    const { body } = await t.services.reference.upload({ stream: Readable.from(toCsv(ref)), principal, fileName: 'ref.csv' });
    const stored = await queryRows<{ uploads: string[] }>(t.database.db, sql`
      SELECT uploads FROM indicator_values
      WHERE prefecture_code = '47' AND period = ${WAVE} AND indicator = 'adjusted_light_certification_rate' AND unit_code = '473014'`);
    expect(stored[0].uploads).toEqual([body.id]);
  });
});

describe('logic models at start', () => {
  it('takes the models given in AppDeps', async () => {
    const database = await createTestDatabase();
    const logicModels = validateLogicModels(folder());
    const { app } = await buildApp({ logLevel: 'silent', maxUploadBytes: 1024 }, { database, logicModels });
    try {
      await app.ready();
      expect(app.hasRoute({ method: 'GET', url: '/v1/logic-models/:id' })).toBe(true);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('refuses to build services on an invalid folder, naming the file and node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'carelogic-models-'));
    try {
      const files = folder({ model: (d) => ((d.nodes as { parent?: string }[])[1].parent = 'nowhere') });
      for (const f of [files.measures, files.catalogue, ...files.models]) writeFileSync(join(dir, f.file), f.text!);
      expect(() => loadLogicModelsSync(dir)).toThrow(LogicModelError);
      expect(() => loadLogicModelsSync(dir)).toThrow(/small\.yaml: node "field\.one"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
