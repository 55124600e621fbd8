import type { VlSpec } from '../specs/types.js';
import { FontSubsets } from './fonts.js';
import { RasterPool, svgText } from './raster-pool.js';
import { sized, type RenderSize } from './size.js';

export { svgText } from './raster-pool.js';

const subsets = new FontSubsets();
const pool = new RasterPool();

/** resvg's options for a chart: Noto Sans JP only (the subset files), zoomed by `scale`, on white. */
const rasterOptions = (fontFiles: string[], scale: number) => ({
  font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans JP', sansSerifFamily: 'Noto Sans JP' },
  fitTo: { mode: 'zoom' as const, value: scale },
  background: '#ffffff',
});

/**
 * SVG → PNG with resvg and Noto Sans JP (subset to the characters used), at `scale` × the SVG's
 * size. System fonts are not read: the result is the same on every machine. `fontHint`: characters
 * the next pictures will likely use too (see {@link FontSubsets.files}); it never changes the picture.
 */
export async function svgToPng(svg: string, scale = 1, fontHint = ''): Promise<Buffer> {
  const fontFiles = await subsets.files(svgText(svg), fontHint);
  // Parsed, drawn and encoded on a worker thread (raster-pool.ts): the event loop keeps serving
  // requests (and building the next charts' SVG) meanwhile, and the picture's memory is freed at once.
  return pool.png(svg, rasterOptions(fontFiles, scale));
}

/**
 * A Vega-Lite spec → PNG of width·scale × height·scale pixels (pure: no database, no request): the
 * same picture as {@link svgToPng} of its SVG, both drawn on a worker thread.
 */
export async function renderPng(spec: VlSpec, opts: RenderSize = {}, fontHint = ''): Promise<Buffer> {
  return pool.chartPng(sized(spec, opts), rasterOptions([], opts.scale ?? 1), (text) => subsets.files(text, fontHint));
}

/** A Vega-Lite spec → SVG, drawn by vega on a worker thread (the same SVG as svg.ts's renderSvg). */
export async function chartSvg(spec: VlSpec, opts: RenderSize = {}): Promise<string> {
  return pool.chartSvg(sized(spec, opts));
}
