import { compareUnit, type Comparison } from './compare.js';
import { achievementRatio, progressRatio, signedGap } from './gap.js';
import { isShown, type GapStatus, type IndicatorInfo, type UnitValue } from './gaps.types.js';
import { shortfallSE } from './priority.js';
import { gapStatus } from './status.js';
import { trendOf, type Trend } from './trend.js';

/** Where a target came from after inheritance. */
export type TargetSource = 'municipality' | 'area' | 'prefecture';

/** The target that applies, as the gap logic needs it. */
export interface AppliedTarget {
  id: string;
  value: number;
  source: TargetSource;
  targetYear: number;
  baselineYear: number | null;
  baselineValue: number | null;
}

/** The inputs of one municipality × indicator gap. */
export interface GapInput {
  indicator: IndicatorInfo;
  municipality: UnitValue | null;
  area: UnitValue | null;
  prefecture: UnitValue | null;
  previous: UnitValue | null;
  target: AppliedTarget | null;
}

/** A shown value with its 95 % CI (null limits when the method has none). */
export interface ShownValue {
  value: number;
  lower: number | null;
  upper: number | null;
  sampleSize: number | null;
}

/** One municipality × indicator gap; a suppressed value carries no number anywhere. */
export interface GapRow {
  indicator: string;
  status: GapStatus;
  value: ShownValue | null;
  target: AppliedTarget | null;
  gap: number | null;
  achievementRatio: number | null;
  progressRatio: number | null;
  comparison: {
    area: { value: number | null; result: Comparison | null };
    prefecture: { value: number | null; result: Comparison | null };
  };
  trend: Trend | null;
  /** On the side of the shortfall, for ranking; null without a CI or a direction. */
  standardError: number | null;
  /** Why the value is withheld when the status is not_shown (e.g. dsr_count_below_minimum). */
  reason: string | null;
}

const shown = (u: UnitValue | null): ShownValue | null =>
  isShown(u) ? { value: u.value, lower: u.lower, upper: u.upper, sampleSize: u.sampleSize } : null;

/**
 * Assembles one gap: status, signed gap (positive = shortfall), achievement and progress ratios,
 * comparison with area and prefecture, trend. Numbers of a suppressed (or missing) value are left
 * out entirely; area and prefecture values appear only when they are themselves shown.
 */
export function gapRow(input: GapInput): GapRow {
  const { indicator, municipality: m, target } = input;
  const status = gapStatus(indicator, m, target?.value ?? null);
  const polar = indicator.direction && indicator.direction !== 'none' ? indicator.direction : null;
  const judged = isShown(m) && polar && target && status !== 'not_yet_measurable';
  const measurable = indicator.measurable;
  // A count (clinics, offices) of a municipality is no share of its area's or prefecture's total:
  // the totals are not shown beside it, nor compared.
  const comparable = measurable && indicator.kind !== 'count';
  return {
    indicator: indicator.id,
    status,
    value: measurable ? shown(m) : null,
    target: measurable ? target : null,
    gap: judged ? signedGap(m.value, target.value, polar) : null,
    achievementRatio: judged ? achievementRatio(m.value, target.value, polar) : null,
    progressRatio: judged ? progressRatio(m.value, target.baselineValue, target.value) : null,
    comparison: {
      area: {
        value: comparable ? (shown(input.area)?.value ?? null) : null,
        result: comparable ? compareUnit(m, input.area, indicator.direction) : null,
      },
      prefecture: {
        value: comparable ? (shown(input.prefecture)?.value ?? null) : null,
        result: comparable ? compareUnit(m, input.prefecture, indicator.direction) : null,
      },
    },
    trend: measurable ? trendOf(indicator, input.previous, m) : null,
    standardError: judged ? shortfallSE(m, polar) : null,
    reason: measurable ? (m?.notShown ?? null) : null,
  };
}
