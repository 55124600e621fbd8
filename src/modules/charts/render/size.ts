import type { VlSpec } from '../specs/types.js';

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
