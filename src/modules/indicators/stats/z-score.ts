import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Checks that a two-sided confidence level lies strictly between 0 and 1.
 * @throws RangeError when it does not (e.g. 95 instead of 0.95).
 */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }
}

/**
 * The standard normal quantile for a two-sided interval: z such that P(|Z| ≤ z) = level
 * (1.959964… for 0.95, 3.090232… for 0.998). Taken from the quantile function, never a rounded
 * constant, so that limits match published implementations to many digits.
 */
export function zForLevel(level: number): number {
  assertLevel(level);
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}
