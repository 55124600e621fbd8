import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { IndicatorDef, LoadedLogicModels, LogicModel } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { TargetIndex } from '../targets/targets.inherit.js';
import type { TargetsService } from '../targets/targets.service.js';
import { MunicipalityGaps } from './gaps.schemas.js';
import { withActions, type ActionsReader, type MunicipalityReportDto } from './pdca-section.js';
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
import { ResultCache, weighSerialized, type Serialized } from './result-cache.js';
import { VersionedCache } from '../freshness/versioned-cache.js';
import { indicatorView, municipalityView, prioritiesView, type MunicipalityPlace } from './views.js';
import { problemDetails } from '../../shared/messages.js';

/** What gaps read: regions, targets, the logic models and the indicators service's stored values. */
export interface GapsDeps {
  regions: RegionsService;
  targets: TargetsService;
  /** The prefecture's catalogue and model in force (with its stored version number), at a data version when given. */
  logicModels: (prefecture: string, version?: number) => Promise<LoadedLogicModels & { active?: { version: number } | null }>;
  /** The measures (個別施策) and review notes of a municipality, listed in its report. */
  actions?: ActionsReader;
  /** Every indicator's stored values for several periods, at the data version read for the request. */
  values: (args: Parameters<ValuesReader>[0] & { version: number }) => ReturnType<ValuesReader>;
  /** The prefecture's data version now, for callers that give none (other services, the CLI). */
  currentVersion: (prefecture: string) => Promise<number>;
}

/**
 * Every gap read names the prefecture's data version it read for the request (freshness module):
 * values, targets and the municipality master are cached on it, so a write committed on any
 * replica is seen by the very next request.
 */
interface Versioned {
  /** Routes pass the version they read for the request; without one the current one is read. */
  version?: number;
}

/** Bytes the values snapshots may hold (one per prefecture, period and catalogue read). */
const SNAPSHOT_CACHE_BYTES = 48 * 2 ** 20;
/** Bytes the whole municipality reports may hold. */
const REPORT_CACHE_BYTES = 48 * 2 ** 20;

/** Roughly the bytes a snapshot holds: some 400 per unit value (current and previous period). */
const weighSnapshot = (s: Snapshot) => {
  let units = 0;
  for (const v of s.values()) units += v.current.size + v.previous.size;
  return units * 400;
};

/** Gap analysis: every municipality against its targets, area and prefecture, ranked for 課題抽出. */
export function createGapsService(deps: GapsDeps) {
  // Caches bounded by bytes as well as entries: a national deployment reads every prefecture.
  const snapshots = new VersionedCache<Snapshot>(200, { maxBytes: SNAPSHOT_CACHE_BYTES, weigh: weighSnapshot });
  const indexes = new VersionedCache<TargetIndex>(100);
  const places = new VersionedCache<Map<string, MunicipalityPlace>>(100);
  const results = new ResultCache();
  // Whole municipality reports (the gap report with its measures and review notes), for one data
  // version: PDCA writes bump the version too, so a repeated request costs a lookup.
  const reports = new VersionedCache<Serialized<MunicipalityReportDto>>(2000, {
    maxBytes: REPORT_CACHE_BYTES,
    weigh: weighSerialized,
  });

  const placesOf = (prefecture: string, version: number) =>
    places.get(prefecture, version, async () => {
      const rows = await deps.regions.municipalityRows(prefecture);
      return new Map(
        rows.map((m) => [m.code, { municipality: m.code, name: m.name, area: m.medicalArea, prefecture }]),
      );
    });

  // Derived once per loaded catalogue and model (a prefecture's change when another model version is activated).
  const catalogues = new WeakMap<LoadedLogicModels, Map<string, IndicatorDef>>();
  const serials = new WeakMap<LoadedLogicModels, number>();
  let catalogueSerial = 0;
  const placements = new WeakMap<LogicModel, PlacedIndicator[]>();
  async function catalogueOf(prefecture: string, version: number) {
    const loaded = await deps.logicModels(prefecture, version);
    let byId = catalogues.get(loaded);
    if (!byId) {
      catalogues.set(loaded, (byId = new Map(loaded.catalogue.indicators.map((i) => [i.id, i]))));
      serials.set(loaded, catalogueSerial++);
    }
    return { loaded, byId, serial: serials.get(loaded)! };
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
    targetYear: number | undefined,
    version: number,
  ): Promise<ReportContext> {
    const { loaded, byId, serial } = await catalogueOf(prefecture, version);
    const model = modelFor(loaded, prefecture, modelId);
    const [snapshot, targets] = await Promise.all([
      snapshots.get(`${prefecture}:${period}:${serial}`, version, () =>
        loadSnapshot((a) => deps.values({ ...a, version }), loaded.catalogue.indicators, prefecture, period),
      ),
      indexes.get(prefecture, version, () => deps.targets.index(prefecture)),
    ]);
    return { model, indicators: placedOf(model, byId), snapshot, targets, period, targetYear, modelVersion: loaded.active?.version ?? null };
  }

  return {
    /** Every indicator of the model for one municipality, with the upstream path of each shortfall. */
    async municipalityGaps(args: {
      code: string;
      period: number;
      model?: string;
      targetYear?: number;
    } & Versioned): Promise<Serialized<MunicipalityReportDto>> {
      const prefecture = args.code.slice(0, 2);
      const version = args.version ?? (await deps.currentVersion(prefecture));
      // Read side by side; an unknown municipality is said first, whatever else failed.
      const [places, context] = await Promise.allSettled([
        placesOf(prefecture, version),
        contextFor(prefecture, args.period, args.model, args.targetYear, version),
      ]);
      if (places.status === 'rejected') throw places.reason;
      const place = places.value.get(args.code);
      if (!place) throw new NotFoundError(problemDetails.noMunicipality(args.code));
      if (context.status === 'rejected') throw context.reason;
      const ctx = context.value;
      const key = `m|${args.code}|${ctx.model.id}|${args.period}|${args.targetYear ?? ''}`;
      return reports.get(`${prefecture}|${key}|${ctx.modelVersion ?? ''}`, version, async () => {
        // The measures and notes are read while the report is computed, not after it (one turn of
        // the event loop lets their queries go out first). Should the report throw, their own
        // failure is not left unhandled.
        const actions = deps.actions?.(args.code, args.period);
        actions?.catch(() => {});
        await new Promise(setImmediate);
        const report = results.get([ctx.snapshot, ctx.targets], key, MunicipalityGaps, () => municipalityView(ctx, place));
        return withActions(report, ctx.model, ctx.modelVersion, await actions);
      });
    },

    /** One indicator for every municipality (or only `only`), with funnel-plot data. */
    async indicatorGaps(args: {
      indicator: string;
      prefecture: string;
      period: number;
      targetYear?: number;
      around: 'prefecture' | 'target';
      only?: string;
    } & Versioned): Promise<Serialized<IndicatorGapsDto>> {
      const version = args.version ?? (await deps.currentVersion(args.prefecture));
      const def = (await catalogueOf(args.prefecture, version)).byId.get(args.indicator);
      if (!def) throw new NotFoundError(problemDetails.noIndicator(args.indicator));
      const ctx = await contextFor(args.prefecture, args.period, undefined, args.targetYear, version);
      const places = [...(await placesOf(args.prefecture, version)).values()];
      const key = `i|${def.id}|${args.prefecture}|${args.period}|${args.targetYear ?? ''}|${args.around}|${args.only ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, IndicatorGaps, () => indicatorView(ctx, def, places, args));
    },

    /** The prefecture and each area against their own targets (aggregates: every reader may see them). */
    async aggregateGaps(args: {
      prefecture: string;
      period: number;
      model?: string;
      targetYear?: number;
    } & Versioned): Promise<Serialized<AggregateGapsDto>> {
      const version = args.version ?? (await deps.currentVersion(args.prefecture));
      const ctx = await contextFor(args.prefecture, args.period, args.model, args.targetYear, version);
      const areas = [...new Set([...(await placesOf(args.prefecture, version)).values()].map((p) => p.area))];
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
    } & Versioned): Promise<Serialized<PrioritiesDto>> {
      const version = args.version ?? (await deps.currentVersion(args.prefecture));
      const ctx = await contextFor(args.prefecture, args.period, args.model, args.targetYear, version);
      const places = [...(await placesOf(args.prefecture, version)).values()];
      const key = `p|${args.prefecture}|${ctx.model.id}|${args.period}|${args.targetYear ?? ''}|${args.area ?? ''}|${args.only ?? ''}|${args.limit ?? ''}`;
      return results.get([ctx.snapshot, ctx.targets], key, Priorities, () => prioritiesView(ctx, places, args));
    },
  };
}

/** The gaps service's API. */
export type GapsService = ReturnType<typeof createGapsService>;
