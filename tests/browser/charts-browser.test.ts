/**
 * Charts in a real browser: Debian's Chromium (playwright-core) against the server listening on
 * loopback. For each kind, the html format (analyst key) and an embed link (no key) are opened
 * with every request outside the server blocked; the page must draw an SVG with marks and log no
 * console error (a CSP violation or a failed bundle is one). Screenshots go to test-output/charts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/chromium.js';
import { loadChartFixtures, type ChartCases } from '../helpers/okinawa-charts.js';

const OUT = join(import.meta.dirname, '..', '..', 'test-output', 'charts');
let t: TestApp;
let base: string;
let cases: ChartCases;
let analyst: { authorization: string };
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  // The browser first: without one the test fails here, clearly, before any fixture work.
  ({ browser, close: closeBrowser } = await launchChromium());
  t = await createTestApp();
  analyst = await t.keyFor('analyst');
  cases = await loadChartFixtures(t.services, 0.1);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  mkdirSync(OUT, { recursive: true });
}, 600_000);
afterAll(async () => {
  await closeBrowser?.();
  await t?.close();
});

/** Opens `url` in a fresh context with only the server reachable; returns what went wrong and the mark count. */
async function open(url: string, shot: string, headers: Record<string, string> = {}) {
  const context: BrowserContext = await browser.newContext({
    extraHTTPHeaders: headers,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(`${base}/`)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    await page.waitForSelector('body[data-chart]', { timeout: 30_000 });
    const state = await page.getAttribute('body', 'data-chart');
    const marks = await page
      .locator(
        '#chart svg g[class*="mark-"] path, #chart svg g[class*="mark-"] text, #chart svg g[class*="mark-"] line',
      )
      .count();
    const text = (await page.locator('#chart svg').textContent()) ?? '';
    await page.locator('#chart').screenshot({ path: join(OUT, `${shot}.png`) });
    return { state, marks, errors, blocked, text };
  } finally {
    await context.close();
  }
}

const query = (q: Record<string, string>) => new URLSearchParams(q).toString();
const KINDS = ['comparison', 'funnel', 'trend', 'profile', 'logic-model'];

describe('chart pages in Chromium', () => {
  it.each(KINDS)('%s: html format and embed link draw offline, without console errors', async (kind) => {
    const html = await open(
      `${base}/v1/charts/${kind}?${query({ ...cases.analyst[kind], format: 'html' })}`,
      `${kind}-html`,
      analyst,
    );
    expect(html).toMatchObject({ state: 'ready', errors: [], blocked: [] });
    expect(html.marks).toBeGreaterThan(5);

    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/embeds',
      headers: analyst,
      payload: { kind, params: cases.viewer[kind] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const embed = await open(`${base}${created.json().urls.html}`, `${kind}-embed`);
    expect(embed).toMatchObject({ state: 'ready', errors: [], blocked: [] });
    expect(embed.marks).toBeGreaterThan(5);
    expect(embed.text).not.toContain('那覇市');
  });
});
