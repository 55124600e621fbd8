import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import type { Place } from '../targets/targets.inherit.js';
import { funnelPlot } from './funnel.js';
import { gapIndicatorDto } from './gaps.dto.js';
import type { MunicipalityGapsDto } from './gaps.schemas.js';
import type { IndicatorGapsDto, PrioritiesDto } from './views.schemas.js';
import { NO_VALUE } from './gaps.types.js';
import { rankPriorities } from './priority.js';
import { municipalityGap, municipalityReport, type ReportContext } from './report.js';
import { unitKey } from './snapshot.js';

/** A municipality as the reports name it. */
export interface MunicipalityPlace extends Place {
  name: string;
}

/** Level and title of each node a report names, so that paths carry node ids only. */
function nodeTitles(ctx: ReportContext, rows: ReturnType<typeof municipalityReport>) {
  const named = new Set(
    rows.flatMap((r) => [...r.placed.nodes.map((n) => n.node), ...(r.upstream ?? []).map((u) => u.node)]),
  );
  return Object.fromEntries(
    ctx.model.nodes.filter((n) => named.has(n.id)).map((n) => [n.id, { level: n.level, title: n.title }]),
  );
}

const ref = (p: MunicipalityPlace) => ({ code: p.municipality, name: p.name, area: p.area });

/** The report of one municipality: every indicator of the model, with a count per status. */
export function municipalityView(ctx: ReportContext, place: MunicipalityPlace): MunicipalityGapsDto {
  const rows = municipalityReport(ctx, place);
  const summary: Record<string, number> = {};
  for (const r of rows) summary[r.status] = (summary[r.status] ?? 0) + 1;
  return {
    municipality: ref(place),
    model: ctx.model.id,
    period: ctx.period,
    summary,
    indicators: rows.map((r) => gapIndicatorDto(r.placed, r, r.upstream)),
    nodes: nodeTitles(ctx, rows),
  };
}

/**
 * One indicator across the prefecture: every municipality's gap (or only `only`'s) and the funnel
 * centred on the prefecture value or the prefecture's own target.
 */
export function indicatorView(
  ctx: ReportContext,
  def: IndicatorDef,
  places: readonly MunicipalityPlace[],
  args: { prefecture: string; around: 'prefecture' | 'target'; only?: string },
): IndicatorGapsDto {
  const placed = ctx.indicators.find((p) => p.def.id === def.id) ?? { def, nodes: [] };
  const keep = (code: string) => !args.only || code === args.only;
  const values = ctx.snapshot.get(def.id)?.current;
  const pref = values?.get(unitKey('prefecture', args.prefecture));
  const prefectureValue = pref && !pref.suppressed ? pref.value : null;
  const centre =
    args.around === 'target'
      ? (ctx.targets.prefectureTarget(def.id, args.prefecture, ctx.period, ctx.targetYear)?.targetValue ?? null)
      : prefectureValue;
  // A municipality key's funnel is drawn from its own point only: the grid of denominators would
  // otherwise reveal the other municipalities' sizes.
  const units = places
    .filter((p) => keep(p.municipality))
    .map((p) => ({ id: p.municipality, unit: values?.get(unitKey('municipality', p.municipality)) ?? NO_VALUE }));
  const plot = centre === null ? null : funnelPlot(def.kind ?? null, centre, def.factor / def.divisor, units);
  return {
    indicator: def.id,
    label_ja: def.label_ja,
    prefecture: args.prefecture,
    period: ctx.period,
    prefectureValue,
    municipalities: places
      .filter((p) => keep(p.municipality))
      .map((p) => ({ municipality: ref(p), ...gapIndicatorDto(placed, municipalityGap(ctx, placed, p), null) })),
    funnel: plot && {
      around: args.around,
      comparator: centre!,
      method: def.kind === 'proportion' ? 'score_wilson' : 'byar',
      limits: plot.limits,
      points: plot.points.map(({ id, ...p }) => ({ municipality: id, ...p })),
    },
  };
}

/** Shortfalls of the chosen municipalities × the model's indicators, ranked, at most `limit`. */
export function prioritiesView(
  ctx: ReportContext,
  places: readonly MunicipalityPlace[],
  args: { prefecture: string; area?: string; only?: string; limit?: number },
): PrioritiesDto {
  const chosen = places.filter(
    (p) => (!args.area || p.area === args.area) && (!args.only || p.municipality === args.only),
  );
  const rows = chosen.flatMap((place) =>
    ctx.indicators.map((placed) => ({ place, placed, row: municipalityGap(ctx, placed, place) })),
  );
  const byKey = new Map(rows.map((r) => [`${r.place.municipality}|${r.placed.def.id}`, r]));
  const ranked = rankPriorities(
    rows.map(({ place, placed, row }) => ({
      municipality: place.municipality,
      indicator: placed.def.id,
      status: row.status,
      gap: row.gap,
      target: row.target?.value ?? null,
      standardError: row.standardError,
    })),
  );
  return {
    model: ctx.model.id,
    prefecture: args.prefecture,
    area: args.area ?? null,
    period: ctx.period,
    total: ranked.length,
    items: ranked.slice(0, args.limit ?? ranked.length).map((r) => {
      const { place, placed, row } = byKey.get(`${r.municipality}|${r.indicator}`)!;
      return {
        rank: r.rank,
        municipality: ref(place),
        indicator: r.indicator,
        label_ja: placed.def.label_ja,
        status: r.status,
        value: row.value,
        target: row.target,
        gap: r.gap,
        standardError: r.standardError,
        standardisedDistance: r.standardisedDistance,
        relativeGap: r.relativeGap,
      };
    }),
  };
}
