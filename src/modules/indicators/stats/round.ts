/**
 * Rounds half away from zero (四捨五入, Excel's ROUND) to `digits` decimals, for display only —
 * stored and JSON values stay unrounded. The scaled value is first cut to 15 significant digits
 * so that binary noise does not flip a written half (1.005 → 1.01, 2.675 → 2.68, as in Excel).
 * Non-finite values are returned unchanged.
 * @throws RangeError unless digits is an integer in 0..15.
 */
export function roundHalfUp(x: number, digits = 1): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    throw new RangeError(`roundHalfUp: digits must be an integer in 0..15, got ${digits}`);
  }
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** digits;
  const scaled = Number((Math.abs(x) * scale).toPrecision(15));
  const rounded = (Math.sign(x) * Math.round(scaled)) / scale;
  return rounded === 0 ? 0 : rounded;
}
