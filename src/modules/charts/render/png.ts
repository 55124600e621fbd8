import type { VlSpec } from '../specs/types.js';
import { FontSubsets } from './fonts.js';
import { RasterPool } from './raster-pool.js';
import { renderSvg, type RenderSize } from './svg.js';

const subsets = new FontSubsets();
const pool = new RasterPool();

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text drawn by an SVG (contents of its text elements, entities decoded). */
export function svgText(svg: string): string {
  const parts: string[] = [];
  for (const m of svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)) parts.push(m[1].replace(/<[^>]+>/g, ''));
  return parts
    .join('')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&(\w+);/g, (all, n) => ENTITIES[n] ?? all);
}

/**
 * SVG → PNG with resvg and Noto Sans JP (subset to the characters used), at `scale` × the SVG's
 * size. System fonts are not read: the result is the same on every machine. `fontHint`: characters
 * the next pictures will likely use too (see {@link FontSubsets.files}); it never changes the picture.
 */
export async function svgToPng(svg: string, scale = 1, fontHint = ''): Promise<Buffer> {
  const fontFiles = await subsets.files(svgText(svg), fontHint);
  // Parsed, drawn and encoded on a worker thread (raster-pool.ts): the event loop keeps serving
  // requests (and building the next charts' SVG) meanwhile, and the picture's memory is freed at once.
  return pool.png(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans JP', sansSerifFamily: 'Noto Sans JP' },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
}

/** A Vega-Lite spec → PNG of width·scale × height·scale pixels (pure: no database, no request). */
export async function renderPng(spec: VlSpec, opts: RenderSize = {}, fontHint = ''): Promise<Buffer> {
  return svgToPng(await renderSvg(spec, opts), opts.scale ?? 1, fontHint);
}
