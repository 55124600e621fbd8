import type { PolarDirection } from './gaps.types.js';

/**
 * The gap between a value and its target, signed so that a positive gap is a shortfall whatever
 * the direction: target − value when higher is better, value − target when lower is better.
 * Zero or negative means the target is reached (by that much).
 */
export function signedGap(value: number, target: number, direction: PolarDirection): number {
  return direction === 'higher_is_better' ? target - value : value - target;
}

/**
 * Achievement ratio (達成率), ≥ 1 when the target is reached: value ÷ target when higher is
 * better, target ÷ value when lower is better. `null` when the divisor is 0 (the ratio would be
 * infinite or undefined) or either side is negative.
 */
export function achievementRatio(value: number, target: number, direction: PolarDirection): number | null {
  if (value < 0 || target < 0) return null;
  const [num, den] = direction === 'higher_is_better' ? [value, target] : [target, value];
  return den === 0 ? null : num / den;
}

/**
 * Progress from the baseline towards the target: (value − baseline) ÷ (target − baseline);
 * 1 = reached, 0 = no change since the baseline, < 0 = moved away. Direction-free because the
 * target sits on the good side of the baseline. `null` without a baseline or when it equals the
 * target.
 */
export function progressRatio(value: number, baseline: number | null, target: number): number | null {
  if (baseline === null || target === baseline) return null;
  return (value - baseline) / (target - baseline);
}
