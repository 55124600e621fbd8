import { renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { RasterPool } from '../../../src/modules/charts/render/raster-pool.js';

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
});
