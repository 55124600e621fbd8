import { statusLabels } from '../targets/targets.messages.js';
import type { GapRow } from './gap-row.js';
import type { GapIndicatorDto } from './gaps.schemas.js';
import type { PlacedIndicator } from './report.js';
import type { UpstreamNode } from './upstream.js';

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
    direction: def.direction ?? null,
    nodes: placed.nodes,
    status: row.status,
    statusLabel: statusLabels[row.status],
    reason: row.reason,
    period: row.valuePeriod ?? null,
    value: row.value,
    target: row.target,
    gap: row.gap,
    achievementRatio: row.achievementRatio,
    progressRatio: row.progressRatio,
    comparison: row.comparison,
    trend: row.trend && { previousPeriod: row.previousPeriod, ...row.trend },
    upstream: upstream && upstream.map((u) => ({ node: u.node, indicators: u.indicators })),
  };
}
