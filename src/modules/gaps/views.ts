import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import type { Place } from '../targets/targets.inherit.js';
import { funnelPlot, unitsOverdispersion } from './funnel.js';
import { gapIndicatorDto, gapValueDto } from './gaps.dto.js';
import type { MunicipalityGapsDto } from './gaps.schemas.js';
import type { IndicatorGapsDto, PrioritiesDto } from './views.schemas.js';
import { NO_VALUE } from './gaps.types.js';
import { rankPriorities } from './priority.js';
import { municipalityGap, municipalityReport, type ReportContext } from './report.js';
import { unitKey } from './snapshot.js';
import { statusLabels } from '../targets/targets.messages.js';

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

/**
 * The overdispersion of one indicator among every shown municipality of the prefecture around a
 * centre (display scale), when the catalogue asks for it; null otherwise.
 */
function dispersionOf(ctx: ReportContext, def: IndicatorDef, places: readonly MunicipalityPlace[], centre: number | null) {
  if (centre === null) return null;
  const values = ctx.snapshot.get(def.id)?.current;
  const units = places.map((p) => ({ unit: values?.get(unitKey('municipality', p.municipality)) ?? NO_VALUE }));
  return unitsOverdispersion(def.kind ?? null, def.overdispersion ?? 'none', centre, def.factor / def.divisor, units);
}

/** The prefecture's shown value of an indicator, or null. */
function prefectureValueOf(ctx: ReportContext, def: IndicatorDef, prefecture: string): number | null {
  const pref = ctx.snapshot.get(def.id)?.current?.get(unitKey('prefecture', prefecture));
  return pref && !pref.suppressed ? pref.value : null;
}

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
  const prefectureValue = prefectureValueOf(ctx, def, args.prefecture);
  const valuePeriod = ctx.snapshot.get(def.id)?.period ?? ctx.period;
  const centre =
    args.around === 'target'
      ? (ctx.targets.prefectureTarget(def.id, args.prefecture, valuePeriod, ctx.targetYear)?.targetValue ?? null)
      : prefectureValue;
  // Overdispersion is estimated from every shown municipality (suppressed ones never take part),
  // even when the key reads its own point only: it is a property of the prefecture's spread.
  const dispersion = dispersionOf(ctx, def, places, centre);
  // A municipality key's funnel is drawn from its own point only: the grid of denominators would
  // otherwise reveal the other municipalities' sizes.
  const units = places
    .filter((p) => keep(p.municipality))
    .map((p) => ({ id: p.municipality, unit: values?.get(unitKey('municipality', p.municipality)) ?? NO_VALUE }));
  const plot = centre === null ? null : funnelPlot(def.kind ?? null, centre, def.factor / def.divisor, units, dispersion);
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
      method: dispersion && dispersion.tau2 > 0 ? 'random_effects' : def.kind === 'proportion' ? 'score_wilson' : 'byar',
      overdispersion: dispersion && { phi: dispersion.phi, tau2: dispersion.tau2 * (def.factor / def.divisor) ** 2, units: dispersion.units },
      limits: plot.limits,
      points: plot.points.map(({ id, ...p }) => ({ municipality: id, ...p })),
    },
  };
}

/** √(SE² + τ²): a shortfall's standard error allowing for between-unit variance. */
const withTau2 = (se: number | null, tau2: number) => (se === null ? null : Math.sqrt(se * se + tau2));

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
  // Between-municipality variance (display scale²) of the indicators that allow for overdispersion,
  // estimated around the prefecture value over every municipality of the prefecture.
  const tau2 = new Map(
    ctx.indicators.map(({ def }) => {
      const d = dispersionOf(ctx, def, places, prefectureValueOf(ctx, def, args.prefecture));
      return [def.id, (d?.tau2 ?? 0) * (def.factor / def.divisor) ** 2] as const;
    }),
  );
  const ranked = rankPriorities(
    rows.map(({ place, placed, row }) => ({
      municipality: place.municipality,
      indicator: placed.def.id,
      status: row.status,
      gap: row.gap,
      target: row.target?.value ?? null,
      standardError: withTau2(row.standardError, tau2.get(placed.def.id) ?? 0),
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
        statusLabel: statusLabels[r.status as keyof typeof statusLabels] ?? r.status,
        value: gapValueDto(row.value, placed.def.unit),
        target: row.target,
        gap: r.gap,
        standardError: r.standardError,
        standardisedDistance: r.standardisedDistance,
        relativeGap: r.relativeGap,
      };
    }),
  };
}
