import { expect } from 'vitest';
import { generateReference, type Table } from '../../src/fixtures/index.js';
import type { TestApp } from './app.js';
import { multipart } from './multipart.js';

export const NAHA = '472018';
export const GINOWAN = '472051';
/** 渡名喜村: the smallest municipality. */
export const TONAKI = '473561';

/** The generated Okinawa reference file (two years) and a one-municipality one (2025). */
export const okinawa = generateReference({ seed: 7, periods: [2023, 2024] });
export const small = generateReference({ seed: 7, periods: [2025], municipalities: [TONAKI] });

/** The CSV's value of one cell of a long table (sex / band '' for unstratified rows). */
export const csvValue = (table: Table, measure: string, code: string, period: number, sex = '', band = '') =>
  Number(
    table.rows.find(
      (r) => r[0] === measure && r[1] === code && r[2] === String(period) && r[4] === sex && r[5] === band,
    )![3],
  );

type Auth = { authorization: string };

/** Request helpers for the reference-statistics API of one test app. */
export function referenceClient(t: TestApp) {
  const get = (url: string, auth: Auth = t.admin) => t.app.inject({ url, headers: auth });
  return {
    get,
    post(file: Buffer, auth: Auth = t.admin, fields: Record<string, string> = {}) {
      const body = multipart(file, fields, 'reference.csv');
      return t.app.inject({
        method: 'POST',
        url: '/v1/reference-statistics',
        payload: body.payload,
        headers: { ...body.headers, ...auth },
      });
    },
    del: (id: string, auth: Auth = t.admin) =>
      t.app.inject({ method: 'DELETE', url: `/v1/reference-statistics/uploads/${id}`, headers: auth }),

    /** The reference measures of one measure, municipality and period, through GET /v1/measures. */
    async measure(measure: string, code: string, period: number) {
      const res = await get(`/v1/measures?measure=${measure}&municipality=${code}&wave=${period}&source=reference`);
      expect(res.statusCode).toBe(200);
      return res.json() as { measure: string; sex: number; ageBand: number; value: number }[];
    },

    /** Everything a rejected upload must leave alone: reference measures and the upload list. */
    async state() {
      const [m, national, uploads] = await Promise.all([
        get('/v1/measures?source=reference&prefecture=47'),
        get('/v1/measures?source=reference&prefecture=00'),
        get('/v1/reference-statistics/uploads'),
      ]);
      return {
        measures: m.json(),
        national: national.json(),
        uploads: uploads.json().map((u: { id: string; status: string }) => [u.id, u.status]),
      };
    },
  };
}
