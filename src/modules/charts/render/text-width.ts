/**
 * Text width for layout without a canvas. vega's own estimate (0.8 em a character) is too narrow
 * for Japanese (full-width, 1 em) and too wide for digits, so labels were cut or overlapped; this
 * one uses Noto Sans JP's advance widths by character class. Self-contained: the raster workers
 * evaluate its source (raster-pool.ts).
 */
export function estimateWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff61 && c <= 0xff9f)
      em += 0.5; // half-width katakana
    else if (c >= 0x2e80)
      em += 1; // CJK, kana, full-width forms
    else if (c === 0x20) em += 0.224;
    else if (c >= 0x30 && c <= 0x39) em += 0.555;
    else if (c >= 0x41 && c <= 0x5a) em += 0.64;
    else if (c >= 0x61 && c <= 0x7a) em += 0.53;
    else if (c === 0x2026) em += 1;
    else em += 0.38; // punctuation and the rest
  }
  return em * fontSize;
}

type Item = { text?: unknown; fontSize?: number; limit?: number };

/**
 * vega's text width with {@link estimateWidth}. Self-contained but for that one call: the raster
 * workers evaluate its source (raster-pool.ts), so that charts drawn there are laid out the same.
 */
export function textWidth(item: Item, text?: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const s = text == null ? '' : String(text).trim();
  return estimateWidth(s, size);
}
