import { zForLevel } from '../indicators/stats/index.js';
import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import type { IndicatorUnitValueDto } from '../indicators/indicators.schemas.js';
import type { IndicatorInfo, UnitValue } from './gaps.types.js';

/**
 * Kish's effective sample size recovered from a weighted proportion's Wilson interval (the engine
 * reports the interval, computed on n_eff, but not n_eff itself). With W the interval's width and
 * p the proportion (0..1), Wilson's width W = z·√(z² + 4n·p(1−p)) / (n + z²) squared gives
 * W²n² + (2W²z² − 4z²p(1−p))·n + z⁴(W² − 1) = 0, whose one positive root is n.
 * `null` when the width is not in (0, 1).
 */
export function effectiveNFromWilson(p: number, lower: number, upper: number, level = 0.95): number | null {
  const w = upper - lower;
  if (!(w > 0 && w < 1)) return null;
  const z2 = zForLevel(level) ** 2;
  const a = w * w;
  const b = 2 * a * z2 - 4 * z2 * p * (1 - p);
  const c = z2 * z2 * (a - 1);
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

/** The catalogue entry as the gap logic sees it. */
export function indicatorInfo(def: IndicatorDef): IndicatorInfo {
  return {
    id: def.id,
    kind: def.kind ?? null,
    direction: def.direction ?? null,
    scale: def.factor / def.divisor,
    measurable: def.status === 'active',
  };
}

/** Reasons for which a value is absent rather than withheld. */
const ABSENT = new Set(['zero_denominator', 'no_standard_population', 'inconsistent_strata']);

/**
 * A stored unit value (indicators service) → the gap logic's {@link UnitValue}. Suppressed values
 * stay suppressed; values withheld for a statistical reason (a DSR on too few events) stay
 * not_shown with their reason — the same words as the values endpoint; the other reasons count as
 * no data. The sample size is the denominator, or for a weighted proportion n_eff recovered from
 * its interval.
 */
export function unitValueOf(v: IndicatorUnitValueDto | undefined, def: IndicatorDef): UnitValue | null {
  if (!v) return null;
  const none = { value: null, lower: null, upper: null, sampleSize: null, count: null };
  if (v.status === 'suppressed') return { ...none, suppressed: true };
  if (v.status === 'not_shown' && !ABSENT.has(v.reason ?? ''))
    return { ...none, suppressed: false, notShown: v.reason ?? 'not_shown' };
  if (v.status !== 'shown' || v.value === null) return null;
  const scale = def.factor / def.divisor;
  let sampleSize = def.kind === 'proportion' || def.kind === 'rate' ? v.denominator : null;
  if (def.ci === 'wilson_weighted' && v.ci95)
    sampleSize = effectiveNFromWilson(v.value / scale, v.ci95.lower / scale, v.ci95.upper / scale) ?? sampleSize;
  return {
    value: v.value,
    lower: v.ci95?.lower ?? null,
    upper: v.ci95?.upper ?? null,
    sampleSize,
    count: def.kind === 'rate' ? v.numerator : null,
    suppressed: false,
  };
}
