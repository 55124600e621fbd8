import type { VlSpec } from './types.js';

/**
 * Font list of every chart: Noto Sans JP first (shipped by an npm package, loaded by the PNG
 * renderer; in a browser the local Japanese fonts follow).
 */
export const FONT = 'Noto Sans JP, Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif';

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Config shared by every chart: Japanese font, readable sizes, no grey box. */
export const CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: null },
  title: {
    fontSize: 16,
    fontWeight: 'bold',
    subtitleFontSize: 12,
    subtitleColor: '#555555',
    anchor: 'start',
    offset: 12,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#333333',
    titleColor: '#333333',
  },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    orient: 'bottom',
    direction: 'horizontal',
    // Long Japanese status labels: wrap to rows of four rather than run off the picture.
    columns: 4,
    labelLimit: 260,
  },
};

/** Size of a chart: the whole picture (autosize fit), in CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/** The top level every spec shares: schema, title, size that the whole picture fits, config. */
export function frame(args: { title: string; subtitle: string[]; size: ChartSize; description: string }): VlSpec {
  return {
    $schema: VL_SCHEMA,
    description: args.description,
    title: { text: args.title, subtitle: args.subtitle.filter((s) => s.length > 0) },
    width: args.size.width,
    height: args.size.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    config: CONFIG,
  };
}

/** Rounds for the data carried in a spec: enough digits, no float noise. */
export const round = (v: number | null, digits = 4): number | null =>
  v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
