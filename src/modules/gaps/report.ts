import type { IndicatorDef, LogicModel } from '../logic-models/logic-models.definitions.js';
import type { Place, ResolvedTarget, TargetIndex } from '../targets/targets.inherit.js';
import { gapRow, type AppliedTarget, type GapRow } from './gap-row.js';
import type { UnitValue } from './gaps.types.js';
import { unitKey, type Snapshot } from './snapshot.js';
import { isShortfall } from './status.js';
import { upstreamPath, type UpstreamNode } from './upstream.js';
import { indicatorInfo } from './unit-value.js';

/** An indicator of a model with the nodes that carry it. */
export interface PlacedIndicator {
  def: IndicatorDef;
  nodes: { node: string; role: 'main' | 'supporting' }[];
}

/** The model's indicators (main and supporting, active and planned), in node order, each once. */
export function placedIndicators(model: LogicModel, catalogue: ReadonlyMap<string, IndicatorDef>): PlacedIndicator[] {
  const out = new Map<string, PlacedIndicator>();
  for (const n of model.nodes) {
    for (const [ids, role] of [
      [n.indicators, 'main'],
      [n.supporting_indicators, 'supporting'],
    ] as const) {
      for (const id of ids) {
        const def = catalogue.get(id);
        if (!def) continue;
        const p = out.get(id) ?? { def, nodes: [] };
        p.nodes.push({ node: n.id, role });
        out.set(id, p);
      }
    }
  }
  return [...out.values()];
}

/** What a report needs besides the municipality: the model, the values and the targets. */
export interface ReportContext {
  model: LogicModel;
  indicators: readonly PlacedIndicator[];
  snapshot: Snapshot;
  targets: TargetIndex;
  period: number;
  /** A fixed target year; by default each indicator's next milestone ({@link TargetIndex.effective}). */
  targetYear?: number;
  /** Stored version number of the model in force (null for a model given without one). */
  modelVersion?: number | null;
}

/** One row of a report: the gap with the indicator's labels and, for a shortfall, its upstream path. */
export interface ReportRow extends GapRow {
  placed: PlacedIndicator;
  previousPeriod: number | null;
  valuePeriod: number | null;
  upstream: UpstreamNode[] | null;
}

/** Counts (clinics, offices, calls) take only the municipality's own target: a prefecture's or
 * area's target for a count is a total, not each member's. */
const OWN_ONLY = ['municipality'] as const;

/** A unit's value in a snapshot's map, or null. */
export const at = (m: ReadonlyMap<string, UnitValue | null> | undefined, key: string) => m?.get(key) ?? null;

/**
 * A resolved target as a gap row carries it. The baseline belongs to the unit the target was set
 * for: an inherited target (source ≠ `own`) carries none, so progress is never measured from
 * another unit's starting point.
 */
export const applied = (r: ResolvedTarget | null, own: ResolvedTarget['source'] = 'municipality'): AppliedTarget | null =>
  r && {
    id: r.id,
    value: r.targetValue,
    source: r.source,
    targetYear: r.targetYear,
    baselineYear: r.source === own ? r.baselineYear : null,
    baselineValue: r.source === own ? r.baselineValue : null,
  };

/** The gap of one municipality for one indicator. */
export function municipalityGap(
  ctx: ReportContext,
  p: PlacedIndicator,
  place: Place,
): GapRow & { previousPeriod: number | null; valuePeriod: number | null } {
  const values = ctx.snapshot.get(p.def.id);
  const scopes = p.def.kind === 'count' ? OWN_ONLY : undefined;
  // The target is matched to the period of the value shown (the latest with data), not the one asked for.
  const judgedAt = values?.period ?? ctx.period;
  const resolved =
    p.def.status === 'active' ? ctx.targets.effective(p.def.id, place, judgedAt, ctx.targetYear, scopes) : null;
  const target = applied(resolved);
  const row = gapRow({
    indicator: indicatorInfo(p.def),
    municipality: at(values?.current, unitKey('municipality', place.municipality)),
    area: at(values?.current, unitKey('area', place.area)),
    prefecture: at(values?.current, unitKey('prefecture', place.prefecture)),
    previous: at(values?.previous, unitKey('municipality', place.municipality)),
    target,
  });
  return {
    ...row,
    previousPeriod: row.trend ? (values?.previousPeriod ?? null) : null,
    valuePeriod: values?.period ?? null,
  };
}

/**
 * Every indicator of the model for one municipality, and for each shortfall its upstream path
 * (要因分析) with the upstream indicators' own standing in the same municipality.
 */
export function municipalityReport(ctx: ReportContext, place: Place): ReportRow[] {
  const rows = ctx.indicators.map((p) => ({ placed: p, ...municipalityGap(ctx, p, place) }));
  const byId = new Map(rows.map((r) => [r.indicator, r]));
  return rows.map((r) => ({
    ...r,
    upstream: isShortfall(r.status) ? upstreamPath(ctx.model, r.indicator, (id) => byId.get(id)) : null,
  }));
}
