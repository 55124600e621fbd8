import * as vega from 'vega';
import type { VlSpec } from '../specs/types.js';
import { toVega } from './compile.js';
import { sized, type RenderSize } from './size.js';
import { textWidth } from './text-width.js';

export { sized, type RenderSize } from './size.js';

let installed = false;

/** Makes vega lay text out with the charts' text width (once per process; vega allows a user function). */
export function installTextWidth(): void {
  if (installed) return;
  installed = true;
  // vega-scenegraph's textMetrics is exported at run time but absent from vega's typings.
  (vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth;
}

/**
 * Vega-Lite → SVG with vega's headless view on this thread (no canvas, no network: the data are
 * inline). Text stays text, in the charts' font list (Noto Sans JP first). The service draws its
 * charts on the raster workers instead (raster-pool.ts), the same way.
 */
export async function renderSvg(spec: VlSpec, size: RenderSize = {}): Promise<string> {
  installTextWidth();
  const { vega: compiled } = toVega(sized(spec, size));
  const view = new vega.View(vega.parse(compiled as vega.Spec), {
    renderer: 'none',
    loader: vega.loader({ mode: 'file' }),
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
