/**
 * Ratio of sums × factor with no interval (e.g. mean age of the newly certified = Σ ages / count,
 * or monthly benefit per insured = benefit ÷ 12 ÷ insured with factor 1/12).
 * Returns `null` when the denominator is 0.
 * @throws RangeError when either sum is not finite.
 */
export function ratioOfSums(numerator: number, denominator: number, factor = 1): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || !Number.isFinite(factor)) {
    throw new RangeError('ratioOfSums: inputs must be finite');
  }
  if (denominator === 0) return null;
  return (numerator / denominator) * factor;
}

/**
 * A plain count with no interval and no suppression (e.g. offices from a public register):
 * the sum of the parts that are present; `null` when no part is present.
 * @throws RangeError when a present part is negative or not finite.
 */
export function plainCount(parts: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const part of parts) {
    if (part === null || part === undefined) continue;
    if (!Number.isFinite(part) || part < 0) throw new RangeError(`plainCount: invalid part ${part}`);
    total = (total ?? 0) + part;
  }
  return total;
}
