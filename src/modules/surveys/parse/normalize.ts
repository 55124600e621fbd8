const NON_ASCII = /[^\x00-\x7f]/;

/** Trims and, when there is anything beyond ASCII, applies NFKC (全角 → 半角 digits, ｶﾅ → カナ). */
export function normalizeCell(raw: string): string {
  const s = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw;
  return s.trim();
}

/** Header matching form: NFKC, no whitespace at all, lower case ('問２（１） 階段' ≡ '問2(1)階段'). */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** True when the cell holds nothing but whitespace. */
export const isBlank = (raw: string | undefined): boolean => raw === undefined || raw.trim() === '';
