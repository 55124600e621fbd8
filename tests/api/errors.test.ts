import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let analyst: { authorization: string };
let port: number;
beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => t?.close());

/** Sends raw bytes over TCP (as curl does with an unencoded URL) and returns the raw answer. */
function rawRequest(bytes: Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('raw UTF-8 in the query string', () => {
  it("answers the README's curl '…/v1/municipalities?prefecture=47&area=南部' like its percent-encoded form", async () => {
    const res = await rawRequest(
      Buffer.from(
        `GET /v1/municipalities?prefecture=47&area=南部 HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${analyst.authorization}\r\n\r\n`,
        'utf8',
      ),
    );
    expect(res.status).toBe(200);
    expect(res.headers).toContain('content-type: application/json');
    const encoded = await t.app.inject({ url: `/v1/municipalities?prefecture=47&area=${encodeURIComponent('南部')}`, headers: analyst });
    expect(JSON.parse(res.body)).toEqual(encoded.json());
    expect(JSON.parse(res.body)).toHaveLength(16);
  });

  it('still needs the key: a raw UTF-8 request goes through authentication', async () => {
    const res = await rawRequest(Buffer.from('GET /v1/municipalities?area=南部 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8'));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ type: '/problems/unauthorized' });
  });

  it('a request Node cannot parse otherwise gets problem+json explaining percent-encoding', async () => {
    const res = await rawRequest(
      Buffer.from('POST /v1/targets?x=南部 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}', 'utf8'),
    );
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/problem+json');
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ type: '/problems/bad-request', status: 400 });
    expect(body.detail).toMatch(/パーセントエンコード/);
    expect(body.detail).toContain('--data-urlencode');
  });
});

describe('parameters: the error names the parameter and the expected form', () => {
  it('a missing period', async () => {
    const res = await t.app.inject({ url: '/v1/indicators/home_death_ratio/values?level=area', headers: analyst });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.type).toBe('/problems/validation');
    expect(body.errors[0]).toMatchObject({ location: 'querystring', path: 'period' });
    expect(body.errors[0].message).toContain('「period」がありません');
    expect(body.errors[0].message).toContain('整数');
    expect(body.errors[0].message).toContain('1900～2200');
    expect(body.detail).not.toMatch(/NaN|expected|received/);
  });

  it('a malformed value quotes it', async () => {
    const res = await t.app.inject({ url: '/v1/indicators/home_death_ratio/values?period=abc', headers: analyst });
    expect(res.json().errors[0].message).toMatch(/「period」の値「abc」は正しくありません。整数/);
  });

  it('an enum lists its choices', async () => {
    const res = await t.app.inject({ url: '/v1/indicators/home_death_ratio/values?period=2024&level=town', headers: analyst });
    const error = res.json().errors.find((e: { path: string }) => e.path === 'level');
    expect(error.message).toMatch(/次のいずれか（municipality/);
  });

  it('a bad path parameter and a bad JSON field are named too', async () => {
    const res = await t.app.inject({ url: '/v1/prefectures/4/areas', headers: analyst });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ location: 'params', path: 'pref' });
    expect(res.json().errors[0].message).toMatch(/パスパラメーター「pref」の値「4」/);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: { ...analyst, 'content-type': 'application/json' },
      payload: { indicator: 'home_death_ratio', scope: 'prefecture', code: '47', targetYear: 'next', value: 25 },
    });
    expect(put.statusCode).toBe(400);
    const e = put.json().errors.find((x: { path: string }) => x.path === 'targetYear');
    expect(e.message).toMatch(/本文の項目「targetYear」の値「next」/);
  });
});

describe('media types, bodies and routes', () => {
  it('415 names the accepted types (targets import without a content type)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/targets/import',
      headers: { ...analyst, 'content-type': 'application/x-whatever' },
      payload: 'x',
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain('text/csv');
    expect(res.json().detail).toContain('multipart/form-data');
  });

  it('invalid JSON and unknown routes answer in Japanese', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/v1/targets',
      headers: { ...analyst, 'content-type': 'application/json' },
      payload: '{"indicator":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/JSON/);
    expect(bad.json().detail).toMatch(japanese);
    const nf = await t.app.inject({ url: '/v1/nothing-here', headers: analyst });
    expect(nf.json().detail).toMatch(japanese);
  });

  it('every problem of a rejected upload has a Japanese detail and title; codes stay English', async () => {
    const boundary = 'b0undary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="wave"\r\n\r\n2025\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\nrespondent_id,municipality_code\r\n1,472018\r\n` +
        `--${boundary}--\r\n`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/surveys/needs/uploads',
      headers: { ...analyst, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.detail).toMatch(japanese);
    expect(body.title).toMatch(japanese);
    for (const e of body.errors) {
      expect(e.code).toMatch(/^[a-z_]+$/);
      expect(e.message).toMatch(japanese);
    }
  });

  it('a targets row with two bad cells reports both', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/targets/import',
      headers: { ...analyst, 'content-type': 'text/csv' },
      payload: 'indicator,scope,code,target_year,target_value\nno_such_indicator,municipality,472019,2026,x\n',
    });
    expect(res.statusCode).toBe(422);
    const columns = res.json().errors.map((e: { column: string }) => e.column).sort();
    expect(columns).toEqual(['code', 'indicator', 'target_value']);
  });
});
