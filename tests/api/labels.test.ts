import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/fixtures/index.js';
import { reasonLabels } from '../../src/shared/labels.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { okinawa, referenceClient } from '../helpers/reference.js';

let t: TestApp;
let analyst: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  expect((await referenceClient(t).post(toCsv(okinawa))).statusCode).toBe(201);
});
afterAll(async () => t?.close());

describe('Japanese labels beside the codes', () => {
  it('indicator definitions and values: unit, direction, status and level', async () => {
    const def = (await t.app.inject({ url: '/v1/indicators/home_visit_medical_per_10k', headers: analyst })).json();
    expect(def).toMatchObject({ unit: 'per_10k', unitLabel: '件/1万人', direction: 'higher_is_better', directionLabel: '高い方が良い' });
    const values = (await t.app.inject({ url: '/v1/indicators/home_death_ratio/values?period=2024&level=area', headers: analyst })).json();
    expect(values).toMatchObject({ unit: 'percent', unitLabel: '％' });
    expect(values.values.map((v: { name: string }) => v.name)).toEqual(['北部', '中部', '南部', '宮古', '八重山']);
    // Each label follows its code; disclosure control may hide an area (reason suppressed, 秘匿).
    const labels: Record<string, [string, string | null]> = { shown: ['表示', null], suppressed: ['秘匿', reasonLabels.suppressed] };
    expect(values.values.filter((v: { status: string }) => v.status === 'shown').length).toBeGreaterThan(0);
    for (const v of values.values) {
      expect(Object.keys(labels)).toContain(v.status);
      expect(v).toMatchObject({ statusLabel: labels[v.status][0], levelLabel: '圏域', reasonLabel: labels[v.status][1] });
    }
  });

  it('gaps: unit, direction and status labels', async () => {
    const gaps = (await t.app.inject({ url: '/v1/municipalities/472018/gaps?model=okinawa-2026&period=2025', headers: analyst })).json();
    const benefit = gaps.indicators.find((i: { indicator: string }) => i.indicator === 'community_benefit_per_insured_month');
    expect(benefit).toMatchObject({ unitLabel: '円/月', directionLabel: '高い方が良い' });
    expect(benefit.statusLabel).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(benefit.comparison.area).toMatchObject({ result: null, resultLabel: null });
  });
});
