import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus, hostileRoute, type HostileFile } from '../../src/fixtures/hostile.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';
import { multipart } from '../helpers/multipart.js';

/**
 * Every file of the hostile corpus against the running API: each must get a 4xx problem+json
 * that says what is wrong (and where, for content), with a bounded body; the process stays up
 * with bounded memory under a storm of zip bombs; the database is unchanged at the end.
 */
const UPLOAD_LIMIT = 4 * 1024 * 1024;
const IMPORT_LIMIT = 1024 * 1024;
const corpus = hostileCorpus({ oversizeBytes: UPLOAD_LIMIT, importLimitBytes: IMPORT_LIMIT });

// This file's own temporary folder (os.tmpdir() reads TMPDIR): what uploads leave is theirs.
const privateTmp = mkdtempSync(join(tmpdir(), 'carelogic-hostile-test-'));
process.env.TMPDIR = privateTmp;

let t: TestApp;
let before: Record<string, string>;
const results: { name: string; status: number; code?: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({
    maxUploadBytes: UPLOAD_LIMIT,
    limits: { importBodyBytes: IMPORT_LIMIT, ingestConcurrency: 2, ingestQueue: 64 },
  });
  before = await tableChecksums(t.database);
});
afterAll(async () => {
  await t?.close();
  rmSync(privateTmp, { recursive: true, force: true });
});

async function send(f: HostileFile) {
  const route = hostileRoute(f.target);
  const bytes = f.bytes();
  if (f.rawContentType || route.raw) {
    return t.app.inject({
      method: 'POST',
      url: route.url,
      headers: { ...t.admin, 'content-type': f.rawContentType ?? 'text/csv' },
      payload: bytes,
    });
  }
  const m = multipart(bytes, route.fields, f.fileName);
  return t.app.inject({ method: 'POST', url: route.url, headers: { ...t.admin, ...m.headers }, payload: m.payload });
}

function checkAnswer(f: HostileFile, res: Awaited<ReturnType<typeof send>>) {
  expect(res.statusCode, `${f.name}: ${res.body.slice(0, 300)}`).toBe(f.expect.status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.body.length, f.name).toBeLessThan(256 * 1024);
  const body = res.json();
  expect(body.status).toBe(f.expect.status);
  expect(typeof body.detail).toBe('string');
  expect(body.detail.length).toBeGreaterThan(5);
  if (f.expect.status === 422) {
    // What and where: each error has a code, a message, and row / column (null when file-wide).
    expect(Array.isArray(body.errors), f.name).toBe(true);
    expect(body.errors.length).toBeGreaterThan(0);
    for (const e of body.errors) {
      expect(e).toHaveProperty('row');
      expect(e).toHaveProperty('column');
      expect(typeof e.code).toBe('string');
      expect(typeof e.message).toBe('string');
      if (typeof e.value === 'string') expect(e.value.length).toBeLessThanOrEqual(65);
    }
    if (f.expect.code) {
      const codes = typeof f.expect.code === 'string' ? [f.expect.code] : f.expect.code;
      expect(codes, `${f.name}: ${JSON.stringify(body.errors[0])}`).toContain(body.errors[0].code);
    }
  }
  if (f.expect.status === 415) expect(body.accepted.length).toBeGreaterThan(0);
  results.push({ name: f.name, status: res.statusCode, code: body.errors?.[0]?.code });
}

describe('hostile files', () => {
  it('the corpus has at least 200 files across every import', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const targets = new Set(corpus.map((f) => f.target));
    for (const t of ['needs', 'homecare-offices', 'homecare-clients', 'residence', 'workforce-establishments', 'workforce-staff', 'reference', 'targets', 'regions'])
      expect(targets.has(t as HostileFile['target']), t).toBe(true);
    expect(new Set(corpus.map((f) => f.name)).size).toBe(corpus.length);
  });

  const plain = corpus.filter((f) => f.category !== 'zip-bomb');
  it.each(plain.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    checkAnswer(f, await send(f));
  });

  it('a storm of zip bombs, all at once: each refused, memory bounded, the process still answers', async () => {
    const bombs = corpus.filter((f) => f.category === 'zip-bomb');
    expect(bombs.length).toBeGreaterThanOrEqual(12);
    const start = process.memoryUsage().rss;
    let peak = start;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      // Twice over, concurrently: more than the ingest slots, so some wait in the queue.
      const all = [...bombs, ...bombs];
      const answers = await Promise.all(all.map((f) => send(f)));
      answers.forEach((res, i) => checkAnswer(all[i], res));
    } finally {
      clearInterval(timer);
    }
    const growthMb = (peak - start) / 1024 / 1024;
    console.log(
      `zip-bomb storm: ${bombs.length * 2} bombs, RSS start ${Math.round(start / 1048576)} MB, peak ${Math.round(peak / 1048576)} MB (+${Math.round(growthMb)} MB)`,
    );
    expect(growthMb).toBeLessThan(400);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  }, 300_000);

  it('leaves the database and the temporary folder as they were', async () => {
    expect(await tableChecksums(t.database)).toEqual(before);
    expect(tmpdir()).toBe(privateTmp);
    // Nothing but the app's own reports directory (made at start, removed by close()): no staged file is left.
    expect(readdirSync(privateTmp).filter((name) => join(privateTmp, name) !== t.reportsDir)).toEqual([]);
    const byStatus = results.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});
    console.log(`hostile corpus: ${results.length} requests, ${corpus.length} files, answers ${JSON.stringify(byStatus)}`);
  });
});
