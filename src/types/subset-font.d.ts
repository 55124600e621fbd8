declare module 'subset-font' {
  /** Subsets a TTF/WOFF/WOFF2 font to the given characters (harfbuzz hb-subset as WebAssembly). */
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
