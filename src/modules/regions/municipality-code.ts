/**
 * 全国地方公共団体コード check digit: S = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5,
 * check = (11 − S mod 11) mod 10 (那覇市 472018, 宜野湾市 472051).
 */
export function municipalityCheckDigit(first5: string): number {
  const d = [...first5].map(Number);
  const s = 6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4];
  return (11 - (s % 11)) % 10;
}

/** True for a six-digit code whose last digit is its check digit. */
export function isValidMunicipalityCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return municipalityCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/** The prefecture (first two digits) a municipality code belongs to. */
export const prefectureOf = (code: string) => code.slice(0, 2);
