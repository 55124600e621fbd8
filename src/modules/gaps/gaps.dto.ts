import { statusLabels } from '../targets/targets.messages.js';
import type { GapRow } from './gap-row.js';
import type { GapIndicatorDto } from './gaps.schemas.js';
import type { PlacedIndicator } from './report.js';
import type { UpstreamNode } from './upstream.js';
import { comparisonLabels, directionLabels, labelOf, reasonLabels, trendLabels, unitLabels } from '../../shared/labels.js';

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
    value: row.value,
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
