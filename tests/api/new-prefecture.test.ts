/**
 * The README's "A second prefecture from nothing" walkthrough, executed: the same curl requests,
 * in the same order, against a fresh service, then a look at what they produced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootDir } from '../../src/paths.js';
import { ADMIN_KEY, createTestApp, type TestApp } from '../helpers/app.js';
import { runCommands, sectionCommands, type CurlRun } from '../helpers/readme-curl.js';

type Doc = Record<string, any>;
let t: TestApp;
let runs: CurlRun[];
const vars: Record<string, string> = { ADMIN: ADMIN_KEY };
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const runFor = (pattern: RegExp) => runs.find((r) => pattern.test(r.url))!;

describe('README: a second prefecture from nothing', () => {
  it('runs every request of the walkthrough, in order, each answered 2xx', async () => {
    const commands = sectionCommands(readFileSync(join(rootDir, 'README.md'), 'utf8'), '## A second prefecture from nothing');
    expect(commands.length).toBe(13);
    runs = await runCommands(t.app, commands, join(rootDir, 'examples', 'new-prefecture'), vars);
    expect(runs.map((r) => r.status).every((s) => s >= 200 && s < 300)).toBe(true);
    expect([vars.K, vars.M, vars.V].every((k) => typeof k === 'string' && k.length > 20)).toBe(true);
  });

  it('left the prefecture with its model in force, values, targets, a gap report and the item table', async () => {
    const model = JSON.parse(runFor(/activate$/).body);
    expect(model).toMatchObject({ prefecture: '31', version: 1 });

    const report = JSON.parse(runFor(/\/municipalities\/312011\/gaps/).body);
    expect(report).toMatchObject({ municipality: { code: '312011', name: '鳥取市', area: '東部' }, model: 'tottori-example', modelVersion: 1 });
    const row = (id: string) => report.indicators.find((i: Doc) => i.indicator === id);
    // (310 + 95 + 60) ÷ 1900 × 100, the prefecture's own indicator, against the prefecture target 30.
    expect(row('home_or_care_death_ratio').value.value).toBeCloseTo((465 / 1900) * 100, 9);
    expect(row('home_or_care_death_ratio').target).toMatchObject({ value: 30 });
    expect(row('home_death_ratio').value.value).toBeCloseTo((310 / 1900) * 100, 9);
    // 鳥取市's two facilities: (14 + 4) + (9 + 3) deaths ÷ all leavers, (2+1+3+12+0+14+4) + (20+5+4+15+1+9+3).
    expect(row('facility_death_discharge_ratio').value.value).toBeCloseTo((30 / 93) * 100, 9);

    const summary = JSON.parse(runs.at(-1)!.body);
    expect(summary).toMatchObject({ prefecture: '31', asOf: '2025-12-31', municipalities: 4 });
    const item = (id: string) => summary.items.find((i: Doc) => i.item === id);
    expect(item('a')).toMatchObject({ implemented: 2, planned: 0, total: 2, notStarted: 1 });
    expect(item('a').implementedMunicipalities.map((m: Doc) => m.name)).toEqual(['鳥取市', '米子市']);
    expect(item('g')).toMatchObject({ implemented: 1, planned: 1, plannedMunicipalities: [{ code: '312011', name: '鳥取市' }] });
  });
});
