import { statusLabels } from '../targets/targets.messages.js';
import { displayOf } from '../indicators/indicators.dto.js';
import { sampleSizeOut } from '../../shared/numbers.js';
import type { GapRow, ShownValue } from './gap-row.js';
import type { GapIndicatorDto, GapValueDto } from './gaps.schemas.js';
import type { PlacedIndicator } from './report.js';
import type { UpstreamNode } from './upstream.js';
import { comparisonLabels, directionLabels, labelOf, reasonLabels, trendLabels, unitLabels } from '../../shared/labels.js';

/**
 * A shown value at the edge: the effective sample size to one decimal, display strings rounded to
 * the unit's decimals (docs/numbers.md; the serialiser cleans every other number of binary noise).
 */
export function gapValueDto(v: ShownValue | null, unit: string | null | undefined): GapValueDto | null {
  if (!v) return null;
  const ci = v.lower !== null && v.upper !== null ? { lower: v.lower, upper: v.upper } : null;
  return { ...v, sampleSize: sampleSizeOut(v.sampleSize), display: displayOf(v.value, ci, unit ?? null)! };
}

/** A gap row → its API shape (labels from the catalogue, status in Japanese). */
export function gapIndicatorDto(
  placed: PlacedIndicator,
  row: GapRow & { previousPeriod: number | null; valuePeriod?: number | null },
  upstream: UpstreamNode[] | null,
): GapIndicatorDto {
  const { def } = placed;
  return {
    indicator: def.id,
    label_ja: def.label_ja,
    unit: def.unit ?? null,
    unitLabel: labelOf(unitLabels, def.unit),
    direction: def.direction ?? null,
    directionLabel: labelOf(directionLabels, def.direction),
    nodes: placed.nodes,
    status: row.status,
    statusLabel: statusLabels[row.status],
    reason: row.reason,
    reasonLabel: labelOf(reasonLabels, row.reason),
    period: row.valuePeriod ?? null,
    value: gapValueDto(row.value, def.unit),
    target: row.target,
    gap: row.gap,
    achievementRatio: row.achievementRatio,
    progressRatio: row.progressRatio,
    comparison: {
      area: { ...row.comparison.area, resultLabel: labelOf(comparisonLabels, row.comparison.area.result) },
      prefecture: { ...row.comparison.prefecture, resultLabel: labelOf(comparisonLabels, row.comparison.prefecture.result) },
    },
    trend: row.trend && {
      previousPeriod: row.previousPeriod,
      ...row.trend,
      assessmentLabel: trendLabels[row.trend.assessment] ?? row.trend.assessment,
    },
    upstream: upstream && upstream.map((u) => ({ node: u.node, indicators: u.indicators })),
  };
}
