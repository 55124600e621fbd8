import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { IndicatorDef, LoadedLogicModels, LogicModel } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { TargetIndex } from '../targets/targets.inherit.js';
import type { TargetsService } from '../targets/targets.service.js';
import { MunicipalityGaps, type MunicipalityGapsDto } from './gaps.schemas.js';
import {
  AggregateGaps,
  IndicatorGaps,
  Priorities,
  type AggregateGapsDto,
  type IndicatorGapsDto,
  type PrioritiesDto,
} from './views.schemas.js';
import { aggregateView } from './aggregate.js';
import { placedIndicators, type PlacedIndicator, type ReportContext } from './report.js';
import { loadSnapshot, type Snapshot, type ValuesReader } from './snapshot.js';
import { ResultCache, type Serialized } from './result-cache.js';
import { TtlCache } from './ttl-cache.js';
import { indicatorView, municipalityView, prioritiesView, type MunicipalityPlace } from './views.js';
import { problemDetails } from '../../shared/messages.js';

/** What gaps read: regions, targets, the logic models and the indicators service's stored values. */
export interface GapsDeps {
  regions: RegionsService;
  targets: TargetsService;
  logicModels: () => Promise<LoadedLogicModels>;
  values: ValuesReader;
  /**
   * How long values and regions read from other modules are served before they are re-read in
   * the background (default 30 s): gap reports are computed in memory from them, so a new upload
   * shows in the gaps within this time. Target writes of this process are seen at once.
   */
  cacheTtlMs?: number;
}

/** Gap analysis: every municipality against its targets, area and prefecture, ranked for 課題抽出. */
export function createGapsService(deps: GapsDeps) {
  const ttl = deps.cacheTtlMs ?? 30_000;
  const snapshots = new TtlCache<Snapshot>(ttl);
  const indexes = new TtlCache<TargetIndex>(ttl);
  const places = new TtlCache<Map<string, MunicipalityPlace>>(ttl);
  const results = new ResultCache();

  const placesOf = (prefecture: string) =>
    places.get(prefecture, async () => {
      const rows = await deps.regions.municipalityRows(prefecture);
      return new Map(
        rows.map((m) => [m.code, { municipality: m.code, name: m.name, area: m.medicalArea, prefecture }]),
      );
    });

  // Derived once per loaded catalogue and model (they never change while the process runs).
  const catalogues = new WeakMap<LoadedLogicModels, Map<string, IndicatorDef>>();
  const placements = new WeakMap<LogicModel, PlacedIndicator[]>();
  async function catalogueOf() {
    const loaded = await deps.logicModels();
    let byId = catalogues.get(loaded);
    if (!byId) catalogues.set(loaded, (byId = new Map(loaded.catalogue.indicators.map((i) => [i.id, i]))));
    return { loaded, byId };
  }
  const placedOf = (model: LogicModel, byId: ReadonlyMap<string, IndicatorDef>) => {
    let placed = placements.get(model);
    if (!placed) placements.set(model, (placed = placedIndicators(model, byId)));
    return placed;
  };

  function modelFor(loaded: LoadedLogicModels, prefecture: string, id?: string): LogicModel {
    const model = id
      ? loaded.models.find((m) => m.id === id)
      : loaded.models.find((m) => m.prefecture_code === prefecture);
    if (!model) throw new NotFoundError(id ? problemDetails.noLogicModel(id) : problemDetails.noLogicModelForPrefecture(prefecture));
    if (model.prefecture_code !== prefecture)
      throw new BadRequestError(problemDetails.logicModelOtherPrefecture(model.id, prefecture));
    return model;
  }

  async function contextFor(
    prefecture: string,
    period: number,
    modelId: string | undefined,
    targetYear?: number,
  ): Promise<ReportContext> {
    const { loaded, byId } = await catalogueOf();
    const model = modelFor(loaded, prefecture, modelId);
    const [snapshot, targets] = await Promise.all([
      snapshots.get(`${prefecture}:${period}`, () =>
        loadSnapshot(deps.values, loaded.catalogue.indicators, prefecture, period),
      ),
      indexes.get(prefecture, () => deps.targets.index(prefecture), deps.targets.version(prefecture)),
    ]);
    return { model, indicators: placedOf(model, byId), snapshot, targets, period, targetYear };
  }

  return {
    /** Every indicator of the model for one municipality, with the upstream path of each shortfall. */
    async municipalityGaps(args: {
      code: string;
      period: number;
      model?: string;
      targetYear?: number;
    }): Promise<Serialized<MunicipalityGapsDto>> {
      const prefecture = args.code.slice(0, 2);
      const place = (await placesOf(prefecture)).get(args.code);
      if (!place) throw new NotFoundError(problemDetails.noMunicipality(args.code));
      const ctx = await contextFor(prefecture, args.period, args.model, args.targetYear);
      const key = `m|${args.code}|${ctx.model.id}|${args.period}|${args.targetYear ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, MunicipalityGaps, () => municipalityView(ctx, place));
    },

    /** One indicator for every municipality (or only `only`), with funnel-plot data. */
    async indicatorGaps(args: {
      indicator: string;
      prefecture: string;
      period: number;
      targetYear?: number;
      around: 'prefecture' | 'target';
      only?: string;
    }): Promise<Serialized<IndicatorGapsDto>> {
      const def = (await catalogueOf()).byId.get(args.indicator);
      if (!def) throw new NotFoundError(problemDetails.noIndicator(args.indicator));
      const ctx = await contextFor(args.prefecture, args.period, undefined, args.targetYear);
      const places = [...(await placesOf(args.prefecture)).values()];
      const key = `i|${def.id}|${args.prefecture}|${args.period}|${args.targetYear ?? ''}|${args.around}|${args.only ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, IndicatorGaps, () => indicatorView(ctx, def, places, args));
    },

    /** The prefecture and each area against their own targets (aggregates: every reader may see them). */
    async aggregateGaps(args: {
      prefecture: string;
      period: number;
      model?: string;
      targetYear?: number;
    }): Promise<Serialized<AggregateGapsDto>> {
      const ctx = await contextFor(args.prefecture, args.period, args.model, args.targetYear);
      const areas = [...new Set([...(await placesOf(args.prefecture)).values()].map((p) => p.area))];
      const key = `a|${args.prefecture}|${ctx.model.id}|${args.period}|${args.targetYear ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, AggregateGaps, () =>
        aggregateView(ctx, args.prefecture, areas),
      );
    },

    /** Shortfalls of every municipality × indicator, ranked: significant first, then by gap ÷ SE. */
    async priorities(args: {
      prefecture: string;
      period: number;
      model?: string;
      area?: string;
      targetYear?: number;
      only?: string;
      limit?: number;
    }): Promise<Serialized<PrioritiesDto>> {
      const ctx = await contextFor(args.prefecture, args.period, args.model, args.targetYear);
      const places = [...(await placesOf(args.prefecture)).values()];
      const key = `p|${args.prefecture}|${ctx.model.id}|${args.period}|${args.targetYear ?? ''}|${args.area ?? ''}|${args.only ?? ''}|${args.limit ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, Priorities, () => prioritiesView(ctx, places, args));
    },
  };
}

/** The gaps service's API. */
export type GapsService = ReturnType<typeof createGapsService>;
