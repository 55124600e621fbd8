import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNeeds, generateReference, toCsv, toXlsx, type Table } from '../../src/fixtures/index.js';
import { ADMIN_KEY, createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

/**
 * A whole workflow at LOG_LEVEL=trace with every log line captured: keys created, surveys and
 * statistics uploaded (CSV and XLSX, accepted and rejected), targets set, indicators and gaps
 * read, an upload retracted. No key and no cell of any row may appear in the log.
 */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    cb();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logLevel: 'trace', logStream: sink });
});
afterAll(async () => t?.close());

const TONAKI = '473561';
const WAVE = 2025;

/** A needs table whose ids and free texts are markers that must never reach the log. */
function markedNeeds(): { table: Table; markers: string[] } {
  const table = generateNeeds({ seed: 11, wave: WAVE, municipalities: [TONAKI] });
  const id = table.header.indexOf('respondent_id');
  const markers: string[] = [];
  table.rows.forEach((r, i) => {
    r[id] = `RSPX${String(i).padStart(5, '0')}Q`;
    markers.push(r[id]);
  });
  return { table, markers };
}

describe('logs at trace level', () => {
  it('carry no key and no row content through a full workflow', async () => {
    const keys: string[] = [ADMIN_KEY];
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'analyst', name: 'secrets test analyst', prefecture: '47' },
    });
    expect(created.statusCode).toBe(201);
    const analystKey: string = created.json().key;
    keys.push(analystKey);
    const muni = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.admin,
      payload: { role: 'municipality', name: 'secrets test municipality', municipality: TONAKI },
    });
    const muniKey: string = muni.json().key;
    keys.push(muniKey);
    const analyst = { authorization: `Bearer ${analystKey}` };
    const municipality = { authorization: `Bearer ${muniKey}` };

    const { table, markers } = markedNeeds();
    const upload = (file: Buffer, name: string, auth: { authorization: string }) => {
      const m = multipart(file, { wave: String(WAVE) }, name);
      return t.app.inject({
        method: 'POST',
        url: '/v1/surveys/needs/uploads',
        headers: { ...auth, ...m.headers },
        payload: m.payload,
      });
    };
    const ok = await upload(toCsv(table), 'needs.csv', municipality);
    expect(ok.statusCode, ok.body).toBe(201);
    const xlsx = await upload(await toXlsx(table), 'needs.xlsx', analyst);
    expect([200, 201]).toContain(xlsx.statusCode);

    // A rejected file: its bad values are answered to the user, never logged.
    const bad = { header: table.header, rows: table.rows.map((r) => [...r]) };
    const BAD_VALUE = 'BADCELLZ9';
    bad.rows[3][bad.header.indexOf('sex')] = BAD_VALUE;
    const rejected = await upload(toCsv(bad), 'bad.csv', analyst);
    expect(rejected.statusCode).toBe(422);
    markers.push(BAD_VALUE);

    const generated = generateReference({ seed: 11, periods: [WAVE], municipalities: [TONAKI] });
    // National standard-population rows need a key bound to no prefecture: not this one's.
    const reference = { header: generated.header, rows: generated.rows.filter((r) => r[1] !== '000000') };
    const ref = multipart(toCsv(reference), {}, 'reference.csv');
    const refRes = await t.app.inject({
      method: 'POST',
      url: '/v1/reference-statistics',
      headers: { ...analyst, ...ref.headers },
      payload: ref.payload,
    });
    expect(refRes.statusCode, refRes.body).toBe(201);

    const NOTE = 'NOTEMARKERQ7';
    const target = await t.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: analyst,
      payload: { indicator: 'home_death_ratio', targetYear: 2026, scope: 'prefecture', value: 20, note: NOTE },
    });
    expect(target.statusCode).toBe(201);
    markers.push(NOTE);

    for (const url of [
      `/v1/indicators/home_death_ratio/values?period=${WAVE}&prefecture=47`,
      `/v1/municipalities/${TONAKI}/gaps?model=okinawa-2026&period=${WAVE}`,
      `/v1/measures?municipality=${TONAKI}&wave=${WAVE}`,
      '/v1/api-keys',
    ]) {
      const res = await t.app.inject({ url, headers: url.includes('api-keys') ? t.admin : analyst });
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/uploads/${ok.json().id}`, headers: municipality });
    expect(del.statusCode).toBe(200);
    // Failed authentications log nothing of the key tried either.
    const GUESS = 'cl_guessedKeyThatMustNotBeLogged';
    await t.app.inject({ url: '/v1/prefectures', headers: { authorization: `Bearer ${GUESS}` } });
    keys.push(GUESS);

    expect(lines.length).toBeGreaterThan(30);
    expect(lines.some((l) => l.includes('"level":10'))).toBe(true); // trace lines were written
    const log = lines.join('\n');
    for (const key of keys) {
      expect(log).not.toContain(key);
      expect(log).not.toContain(key.slice(8)); // no part beyond the displayed prefix either
    }
    const leaked = markers.filter((m) => log.includes(m));
    expect(leaked).toEqual([]);
    expect(log).toContain('[redacted]');
  });
});
