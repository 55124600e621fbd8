import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
let analyst: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
});
afterAll(async () => t?.close());

const put = (body: object, headers = analyst) =>
  t.app.inject({ method: 'PUT', url: '/v1/targets', headers, payload: body });
const base = { indicator: 'home_death_ratio', targetYear: 2026 };

describe('PUT /v1/targets', () => {
  it('creates (201), updates (200) and keeps every change with who, when, old → new', async () => {
    const created = await put({
      ...base,
      scope: 'prefecture',
      value: 20,
      baselineYear: 2022,
      baselineValue: 15,
      note: '第9期計画',
    });
    expect(created.statusCode).toBe(201);
    const target = created.json();
    expect(target).toMatchObject({
      prefecture: '47',
      scope: 'prefecture',
      code: '47',
      value: 20,
      baselineValue: 15,
      updatedBy: 'test analyst',
    });

    const same = await put({
      ...base,
      scope: 'prefecture',
      value: 20,
      baselineYear: 2022,
      baselineValue: 15,
      note: '第9期計画',
    });
    expect(same.statusCode).toBe(200);
    const updated = await put({
      ...base,
      scope: 'prefecture',
      code: '47',
      value: 22,
      baselineYear: 2022,
      baselineValue: 15,
      note: '見直し',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id: target.id, value: 22, note: '見直し' });

    const history = await t.app.inject({ url: `/v1/targets/${target.id}/history`, headers: t.admin });
    expect(history.statusCode).toBe(200);
    const changes = history.json();
    expect(changes.map((c: { action: string }) => c.action)).toEqual(['created', 'updated']);
    expect(changes[1]).toMatchObject({
      via: 'api',
      old: { value: 20, note: '第9期計画' },
      new: { value: 22, note: '見直し' },
      changedBy: { name: 'test analyst' },
    });
    expect(Date.parse(changes[1].changedAt)).toBeGreaterThanOrEqual(Date.parse(changes[0].changedAt));
  });

  it('PATCH changes only the fields sent; PUT replaces the whole target', async () => {
    const created = await put({
      indicator: 'kayoi_rate',
      targetYear: 2029,
      scope: 'municipality',
      code: '472018',
      value: 12,
      baselineYear: 2022,
      baselineValue: 9,
      note: '第10期計画',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const patch = (payload: object, headers = analyst) =>
      t.app.inject({ method: 'PATCH', url: `/v1/targets/${id}`, headers, payload });

    const changed = await patch({ value: 13 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id, value: 13, baselineYear: 2022, baselineValue: 9, note: '第10期計画' });
    const cleared = await patch({ note: null });
    expect(cleared.json()).toMatchObject({ value: 13, baselineValue: 9, note: null });

    const bad = await patch({ value: 'x' });
    expect(bad.statusCode).toBe(400);
    const empty = await patch({});
    expect(empty.statusCode).toBe(400);
    const invalid = await patch({ baselineYear: 2031 });
    expect(invalid.statusCode).toBe(422);
    const viewer = await t.keyFor('viewer');
    expect((await patch({ value: 1 }, viewer)).statusCode).toBe(403);
    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/v1/targets/00000000-0000-4000-8000-000000000000',
      headers: analyst,
      payload: { value: 1 },
    });
    expect(missing.statusCode).toBe(404);

    // PUT with only a value is a full replace: baseline and note are cleared (documented).
    const replaced = await put({ indicator: 'kayoi_rate', targetYear: 2029, scope: 'municipality', code: '472018', value: 14 });
    expect(replaced.json()).toMatchObject({ id, value: 14, baselineYear: null, baselineValue: null, note: null });
    const history = (await t.app.inject({ url: `/v1/targets/${id}/history`, headers: analyst })).json();
    expect(history.map((c: { action: string }) => c.action)).toEqual(['created', 'updated', 'updated', 'updated']);
  });

  it('answers 422 problem+json with the reason for a planned, unknown or direction-less indicator and unknown codes', async () => {
    const cases: [object, string][] = [
      [{ ...base, indicator: 'dementia_supporters', scope: 'prefecture', value: 1 }, 'planned_indicator'],
      [{ ...base, indicator: 'nope', scope: 'prefecture', value: 1 }, 'unknown_indicator'],
      [{ ...base, indicator: 'care_worker_60plus_rate', scope: 'prefecture', value: 1 }, 'no_direction'],
      [{ ...base, scope: 'area', code: '東部', value: 1 }, 'unknown_area'],
      [{ ...base, scope: 'municipality', code: '472019', value: 1 }, 'unknown_municipality'],
      [{ ...base, scope: 'prefecture', value: 101 }, 'out_of_range'],
    ];
    for (const [body, code] of cases) {
      const res = await put(body);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ type: '/problems/invalid-content', errors: [{ code, row: null }] });
    }
  });

  it('lets only analysts write, and a prefecture-bound key only its prefecture', async () => {
    const viewer = await t.keyFor('viewer');
    expect((await put({ ...base, scope: 'prefecture', value: 1 }, viewer)).statusCode).toBe(403);
    const muni = await t.keyFor('municipality', { municipality: '472018' });
    expect((await put({ ...base, scope: 'municipality', code: '472018', value: 1 }, muni)).statusCode).toBe(403);
    const tokyo = await t.keyFor('analyst', { prefecture: '13' });
    expect((await put({ ...base, scope: 'municipality', code: '472018', value: 1 }, tokyo)).statusCode).toBe(403);
    // An unbound admin must name the prefecture of an area target.
    expect((await put({ ...base, scope: 'area', code: '南部', value: 1 }, t.admin)).statusCode).toBe(400);
  });
});

describe('inheritance, listing, deletion', () => {
  it('resolves municipality → area → prefecture and says where the target came from', async () => {
    await put({ ...base, indicator: 'kayoi_rate', scope: 'prefecture', value: 10 });
    await put({ ...base, indicator: 'kayoi_rate', scope: 'area', code: '北部', value: 12 });
    await put({ ...base, indicator: 'kayoi_rate', scope: 'municipality', code: '472093', value: 15 });
    const eff = async (m: string) =>
      (
        await t.app.inject({
          url: `/v1/targets/effective?indicator=kayoi_rate&municipality=${m}&year=2026`,
          headers: analyst,
        })
      ).json();
    expect(await eff('472093')).toMatchObject({ source: 'municipality', target: { value: 15 } });
    expect(await eff('473014')).toMatchObject({ source: 'area', target: { value: 12 } }); // 国頭村, 北部
    expect(await eff('472018')).toMatchObject({ source: 'prefecture', target: { value: 10 } });
    const none = await t.app.inject({
      url: '/v1/targets/effective?indicator=kayoi_rate&municipality=472018&year=2030',
      headers: analyst,
    });
    expect(none.json()).toEqual({ source: null, target: null });
  });

  it('lists by indicator and scope; readers read; other prefectures are refused', async () => {
    const viewer = await t.keyFor('viewer');
    const res = await t.app.inject({ url: '/v1/targets?indicator=kayoi_rate&scope=area', headers: viewer });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((x: { code: string }) => x.code)).toEqual(['北部']);
    const other = await t.app.inject({ url: '/v1/targets?prefecture=13', headers: viewer });
    expect(other.statusCode).toBe(403);
  });

  it('deletes (204) and keeps the history, deletion included', async () => {
    const { id } = (
      await put({ ...base, indicator: 'kayoi_rate', scope: 'municipality', code: '472051', value: 9 })
    ).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/targets/${id}`, headers: analyst });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/targets/${id}`, headers: analyst })).statusCode).toBe(404);
    const history = (await t.app.inject({ url: `/v1/targets/${id}/history`, headers: analyst })).json();
    expect(history.map((c: { action: string }) => c.action)).toEqual(['created', 'deleted']);
    expect(history[1]).toMatchObject({ old: { value: 9 }, new: null });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/targets/${id}`, headers: analyst })).statusCode).toBe(404);
  });
});

describe('POST /v1/targets/import', () => {
  const file = [
    'indicator,scope,code,target_year,target_value,baseline_year,baseline_value,note',
    'home_to_facility_move_rate,prefecture,,2026,8,2022,10,県計画',
    'home_to_facility_move_rate,area,南部,2026,7.5,,,',
    'home_to_facility_move_rate,municipality,472018,2026,7,,,',
  ].join('\n');

  it('loads a CSV body, then the same file again changes nothing', async () => {
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/targets/import',
        headers: { ...analyst, 'content-type': 'text/csv' },
        payload: file,
      });
    const first = await post();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ prefecture: '47', rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect((await post()).json()).toEqual({ prefecture: '47', rows: 3, created: 0, updated: 0, unchanged: 3 });
  });

  it('loads a multipart file and records the import in the history', async () => {
    const body = multipart(Buffer.from(file.replace(',7,,,', ',6.5,,,')));
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/targets/import',
      headers: { ...analyst, ...body.headers },
      payload: body.payload,
    });
    expect(res.json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const [target] = (
      await t.app.inject({ url: '/v1/targets?indicator=home_to_facility_move_rate&code=472018', headers: analyst })
    ).json();
    const history = (await t.app.inject({ url: `/v1/targets/${target.id}/history`, headers: analyst })).json();
    expect(history.at(-1)).toMatchObject({ action: 'updated', via: 'import', old: { value: 7 }, new: { value: 6.5 } });
  });

  it('is all or nothing: one bad row rejects the file with row errors in Japanese', async () => {
    const bad = `${file.replace('2026,8,', '2026,9,')}\nhome_to_facility_move_rate,municipality,472019,2026,x,,,\ndementia_supporters,prefecture,,2026,1,,,\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/targets/import',
      headers: { ...analyst, 'content-type': 'text/csv' },
      payload: bad,
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    // Every bad cell of a row: row 5 has a non-numeric value and an unknown municipality.
    expect(problem).toMatchObject({ type: '/problems/invalid-content', totalErrors: 3 });
    expect(problem.errors).toMatchObject([
      { row: 5, column: 'target_value', value: 'x', code: 'non_numeric', message: '数値ではありません' },
      { row: 5, column: 'code', value: '472019', code: 'unknown_municipality' },
      { row: 6, column: 'indicator', code: 'planned_indicator' },
    ]);
    const [pref] = (
      await t.app.inject({ url: '/v1/targets?indicator=home_to_facility_move_rate&scope=prefecture', headers: analyst })
    ).json();
    expect(pref.value).toBe(8);
  });
});
