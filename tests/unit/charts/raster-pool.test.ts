import { renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { MIMALLOC_PURGE_DELAY_MS, RasterPool, svgText } from '../../../src/modules/charts/render/raster-pool.js';

/** The operator's own value, if the environment had one before any worker started. */
const operatorDelay = process.env.MIMALLOC_PURGE_DELAY;
import { renderSvg } from '../../../src/modules/charts/render/svg.js';

const svg = (w: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="30"><rect x="2" y="2" width="${w - 4}" height="26" fill="#2e75b6"/></svg>`;
const options = { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom' as const, value: 2 }, background: '#ffffff' };

describe('raster pool', () => {
  it('draws on worker threads the same PNG as resvg on the event loop, in order, several at once', async () => {
    const pool = new RasterPool(2);
    try {
      const widths = [40, 60, 80, 100, 120];
      const pngs = await Promise.all(widths.map((w) => pool.png(svg(w), options)));
      for (const [i, w] of widths.entries()) {
        const direct = (await renderAsync(svg(w), options)).asPng();
        expect(Buffer.compare(pngs[i], direct), `width ${w}`).toBe(0);
        expect(pngs[i].readUInt32BE(16)).toBe(w * 2);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails the one picture resvg cannot read, and keeps drawing', async () => {
    const pool = new RasterPool(1);
    try {
      await expect(pool.png('<not-svg', options)).rejects.toThrow();
      expect((await pool.png(svg(50), options)).readUInt32BE(16)).toBe(100);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('draws a Vega-Lite spec on the worker: the SVG vega draws on the event loop, and its PNG', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 200,
      height: 80,
      data: { values: [{ name: '那覇市', value: 12.5 }, { name: '宮古島市', value: 7.25 }] },
      mark: 'bar',
      encoding: { y: { field: 'name', type: 'nominal' }, x: { field: 'value', type: 'quantitative' } },
    };
    const pool = new RasterPool(1);
    try {
      const svg = await renderSvg(spec);
      expect(await pool.chartSvg(spec)).toBe(svg);
      // The fonts are asked for with the SVG's text; the picture is the one of that SVG.
      const asked: string[] = [];
      const png = await pool.chartPng(spec, options, async (text) => {
        asked.push(text);
        return [];
      });
      expect(asked).toEqual([svgText(svg)]);
      expect(Buffer.compare(png, await pool.png(svg, options))).toBe(0);
      await expect(pool.chartSvg({ mark: 'no-such-mark' } as never)).rejects.toThrow();
      expect(await pool.chartSvg(spec)).toBe(svg);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('raster pool: idle workers', () => {
  it('ends a worker idle for the idle time and starts one again for the next picture', async () => {
    const pool = new RasterPool(1, 200);
    try {
      expect((await pool.png(svg(50), options)).readUInt32BE(16)).toBe(100);
      expect(pool.workers).toBe(1);
      // Busy pictures one after another keep the same worker.
      for (const w of [60, 70]) expect((await pool.png(svg(w), options)).readUInt32BE(16)).toBe(w * 2);
      expect(pool.workers).toBe(1);
      await new Promise((r) => setTimeout(r, 600));
      expect(pool.workers).toBe(0);
      const again = await pool.png(svg(80), options);
      expect(Buffer.compare(again, (await renderAsync(svg(80), options)).asPng())).toBe(0);
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('keeps the allocator’s freed pages for a second, unless the operator chose otherwise', async () => {
    const pool = new RasterPool(1);
    try {
      await pool.png(svg(40), options);
      // Set before the first worker loaded resvg (an operator's own value is kept).
      expect(process.env.MIMALLOC_PURGE_DELAY).toBe(operatorDelay ?? MIMALLOC_PURGE_DELAY_MS);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
