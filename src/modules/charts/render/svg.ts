import * as vega from 'vega';
import type { VlSpec } from '../specs/types.js';
import { toVega } from './compile.js';
import { installTextWidth } from './text-width.js';

/** Size of a rendered chart: the whole picture in CSS pixels, and the pixel ratio of a PNG. */
export interface RenderSize {
  width?: number;
  height?: number;
  scale?: number;
}

/** The spec with the picture's size set (the builders draw with autosize fit: the whole picture is this size). */
export function sized(spec: VlSpec, size: RenderSize): VlSpec {
  return {
    ...spec,
    ...(size.width ? { width: size.width } : {}),
    ...(size.height ? { height: size.height } : {}),
  };
}

/**
 * Vega-Lite → SVG with vega's headless view (no canvas, no network: the data are inline). Text
 * stays text, in the charts' font list (Noto Sans JP first).
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
