import { isShown, Z95, type GapStatus, type PolarDirection, type UnitValue } from './gaps.types.js';
import { isShortfall } from './status.js';

/**
 * Standard error of a value on the side of its shortfall, from its 95 % CI (Wilson and Poisson
 * limits are asymmetric): (upper − value)/z when higher is better (the target lies above),
 * (value − lower)/z when lower is better. `null` without a CI or when that half-width is 0.
 */
export function shortfallSE(unit: UnitValue, direction: PolarDirection): number | null {
  if (!isShown(unit) || unit.lower === null || unit.upper === null) return null;
  const half = direction === 'higher_is_better' ? unit.upper - unit.value : unit.value - unit.lower;
  return half > 0 ? half / Z95 : null;
}

/** One municipality × indicator shortfall to rank. */
export interface PriorityInput {
  municipality: string;
  indicator: string;
  status: GapStatus;
  gap: number | null;
  target: number | null;
  /** From {@link shortfallSE}; null when the value has no CI. */
  standardError: number | null;
}

/** A ranked shortfall. */
export interface RankedGap extends PriorityInput {
  rank: number;
  /** gap ÷ SE: how many standard errors short; null without a CI. */
  standardisedDistance: number | null;
  /** gap ÷ |target|: the fallback measure for values without a CI. */
  relativeGap: number | null;
}

/**
 * Ranks the shortfalls (only 'not achieved' statuses take part) for 課題抽出: significant
 * shortfalls first, then not-significant ones, then those without a CI (status not_achieved:
 * counts, ratios — never ahead of a real, significant shortfall); within the first two by
 * standardised distance (gap ÷ SE, the SE allowing for overdispersion where the catalogue asks
 * for it) descending, the last by relative gap; ties by municipality and indicator id so the
 * order is stable.
 */
export function rankPriorities(items: readonly PriorityInput[]): RankedGap[] {
  const scored = items
    .filter((i) => isShortfall(i.status) && i.gap !== null)
    .map((i) => ({
      ...i,
      standardisedDistance: i.standardError ? i.gap! / i.standardError : null,
      relativeGap: i.target ? i.gap! / Math.abs(i.target) : null,
    }));
  const key = (a: (typeof scored)[number]) => [
    a.status === 'not_achieved_significant' ? 0 : 1,
    a.standardisedDistance === null ? 1 : 0,
    -(a.standardisedDistance ?? a.relativeGap ?? 0),
  ];
  scored.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.municipality.localeCompare(b.municipality) || a.indicator.localeCompare(b.indicator);
  });
  return scored.map((s, i) => ({ ...s, rank: i + 1 }));
}
