import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const TOKYO = 'code,name,medical_area,welfare_area,insurer,insurer_confirmed\n131016,千代田区,区中央部,区中央部,千代田区,yes\n131024,中央区,区中央部,区中央部,中央区,yes\n131032,港区,区中央部,区中央部,港区,yes\n';

describe('Okinawa seed', () => {
  it('has 41 municipalities', async () => {
    const res = await t.app.inject({ url: '/v1/municipalities?prefecture=47', headers: t.admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(41);
  });

  it('has the five areas with 9 / 11 / 16 / 2 / 3 municipalities', async () => {
    const res = await t.app.inject({ url: '/v1/prefectures/47/areas', headers: t.admin });
    const medical = Object.fromEntries(
      res.json().filter((a: { kind: string }) => a.kind === 'medical').map((a: { name: string; municipalityCount: number }) => [a.name, a.municipalityCount]),
    );
    expect(medical).toEqual({ 北部: 9, 中部: 11, 南部: 16, 宮古: 2, 八重山: 3 });
  });

  it("lists areas and municipalities in the master's order (the prefecture's own), not code order", async () => {
    const areas = (await t.app.inject({ url: '/v1/prefectures/47/areas', headers: t.admin })).json();
    expect(areas.filter((a: { kind: string }) => a.kind === 'medical').map((a: { name: string }) => a.name)).toEqual([
      '北部', '中部', '南部', '宮古', '八重山',
    ]);
    const all = (await t.app.inject({ url: '/v1/municipalities?prefecture=47', headers: t.admin })).json();
    expect(all[0].area.medical).toBe('北部');
    expect(all.at(-1).area.medical).toBe('八重山');
    // A master in another order changes the listing: the order is stored at import.
    const reversed = `code,name,medical_area,welfare_area,insurer,insurer_confirmed\n${all
      .slice()
      .reverse()
      .map((m: { code: string; name: string; area: { medical: string; welfare: string }; insurer: { name: string; confirmed: boolean } }) =>
        [m.code, m.name, m.area.medical, m.area.welfare, m.insurer.name, m.insurer.confirmed ? 'yes' : 'inferred'].join(','),
      )
      .join('\n')}\n`;
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/regions/import?prefecture=47',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: reversed,
    });
    expect(imported.statusCode).toBe(201);
    const after = (await t.app.inject({ url: '/v1/municipalities?prefecture=47', headers: t.admin })).json();
    expect(after.map((m: { code: string }) => m.code)).toEqual(all.map((m: { code: string }) => m.code).reverse());
    // Back to the bundled master for the other tests of this file.
    await t.services.regions.seed();
  });

  it('filters by area and returns one municipality with its insurer', async () => {
    const res = await t.app.inject({ url: '/v1/municipalities?prefecture=47&area=宮古', headers: t.admin });
    expect(res.json().map((m: { name: string }) => m.name)).toEqual(['宮古島市', '多良間村']);
    const one = await t.app.inject({ url: '/v1/municipalities/472123', headers: t.admin });
    expect(one.json()).toEqual({
      code: '472123',
      name: '豊見城市',
      prefecture: '47',
      area: { medical: '南部', welfare: '南部' },
      insurer: { name: '沖縄県介護保険広域連合', confirmed: true },
    });
  });

  it('answers 404 problem+json for unknown and check-digit-invalid codes', async () => {
    for (const code of ['472019', '131016', 'abc']) {
      const res = await t.app.inject({ url: `/v1/municipalities/${code}`, headers: t.admin });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
    }
  });

  it('lists the 47 prefectures with counts', async () => {
    const res = await t.app.inject({ url: '/v1/prefectures', headers: t.admin });
    const prefs = res.json();
    expect(prefs).toHaveLength(47);
    expect(prefs.find((p: { code: string }) => p.code === '47')).toEqual({ code: '47', name: '沖縄県', municipalityCount: 41 });
  });
});

describe('POST /v1/regions/import', () => {
  const post = (body: string, query = '?prefecture=13') =>
    t.app.inject({ method: 'POST', url: `/v1/regions/import${query}`, headers: { ...t.admin, 'content-type': 'text/csv' }, payload: body });

  it('loads a second prefecture, then answers 200 for the same content', async () => {
    const first = await post(TOKYO);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ prefecture: '13', rows: 3, inserted: 3, updated: 0 });
    const again = await post(TOKYO);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const list = await t.app.inject({ url: '/v1/municipalities?prefecture=13', headers: t.admin });
    expect(list.json()).toHaveLength(3);
  });

  it('takes the prefecture from a column', async () => {
    const res = await post('prefecture,code,name,medical_area\n13,131016,千代田区,区中央部\n', '');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ prefecture: '13', updated: 0, notInFile: ['131024', '131032'] });
  });

  it('rejects the whole file with row errors and changes nothing', async () => {
    const before = (await t.app.inject({ url: '/v1/municipalities?prefecture=13', headers: t.admin })).json();
    const res = await post('code,name,medical_area\n131016,千代田区（改）,区中央部\n131025,中央区,区中央部\n');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: '/problems/invalid-content',
      status: 422,
      totalErrors: 1,
      errors: [{ row: 3, column: 'code', value: '131025', code: 'invalid_check_digit' }],
    });
    const after = (await t.app.inject({ url: '/v1/municipalities?prefecture=13', headers: t.admin })).json();
    expect(after).toEqual(before);
  });

  it('is for admins only', async () => {
    const analyst = await t.keyFor('analyst', { prefecture: null });
    const res = await t.app.inject({ method: 'POST', url: '/v1/regions/import?prefecture=13', headers: { ...analyst, 'content-type': 'text/csv' }, payload: TOKYO });
    expect(res.statusCode).toBe(403);
  });
});
