import { createHash } from 'node:crypto';
import { withBulkTransaction, type BulkTx } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import { mapConcurrent } from '../../shared/concurrent.js';
import { NotFoundError } from '../../shared/errors.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { VersionedCache } from '../freshness/versioned-cache.js';
import { isActive } from '../logic-models/indicator-rules.js';
import type { ActiveIndicator, LoadedLogicModels, MeasureSource } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import { DISCLOSURE_VERSION } from '../disclosure/disclosure.types.js';
import { linkedClosure } from '../disclosure/linked.js';
import { restrictAggregates, type Audience } from '../publication/audience.js';
import { disclosureThread } from '../disclosure/disclosure-thread.js';
import { computeIndicatorsWith } from './engine/engine.js';
import { measuresOf } from './engine/terms.js';
import type { Level } from './engine/types.js';
import { mapDefinition, mapUnitValue } from './indicators.dto.js';
import { loadEngineInput, loadGeography, measureOrigins, scopeOf } from './indicators.inputs.js';
import { readPeriodChecks, type PeriodCheck } from './indicators.read.js';
import * as repo from './indicators.repository.js';
import type { IndicatorDefinitionDto, IndicatorUnitValueDto, IndicatorValuesDto } from './indicators.schemas.js';
import { problemDetails } from '../../shared/messages.js';
import { labelOf, unitLabels } from '../../shared/labels.js';

/** What the indicators service is built on. */
export interface IndicatorsDeps {
  database: Database;
  logicModels: LoadedLogicModels;
  regions: RegionsService;
  /**
   * The cache of values answers, when shared by the services of several catalogues (one per
   * prefecture: see indicators.per-prefecture.ts), so that its byte budget holds for them all.
   */
  valuesCache?: VersionedCache<IndicatorValuesDto>;
}

/** Bytes the values answers may hold (some 1 kB a unit value with its provenance). */
const VALUES_CACHE_BYTES = 48 * 2 ** 20;

/**
 * A cache of values answers bounded by bytes as well as entries: a national deployment reads
 * every prefecture's values.
 */
export const createValuesCache = () =>
  new VersionedCache<IndicatorValuesDto>(5_000, { maxBytes: VALUES_CACHE_BYTES, weigh: (dto) => dto.values.length * 1024 });

/** Tells the services sharing a values cache apart in its keys (each computes with its own catalogue). */
let serviceSerial = 0;

/** What one recompute did. */
export interface RecomputeSummary {
  prefecture: string;
  period: number;
  /** Indicators recomputed (every active one when `full`). */
  indicators: number;
  /** Unit values stored. */
  values: number;
  full: boolean;
}

/** Pseudo-source for the municipality master: a change of area or insurer touches every aggregate. */
const REGIONS = 'regions';

/** Indicators: definitions from the catalogue, values computed by the engine and stored per period. */
export function createIndicatorsService(deps: IndicatorsDeps) {
  const db = deps.database.db;
  const { catalogue, measures, models } = deps.logicModels;
  const active = catalogue.indicators.filter(isActive);
  const sourceOf = new Map(measures.measures.map((m) => [m.id, m.source as string]));
  const origins = measureOrigins(measures);
  const everything = (prefecture: string, period: number) => scopeOf(prefecture, period, active);
  // Values computed under another catalogue are stale as a whole.
  const fingerprint = createHash('sha256').update(JSON.stringify(catalogue)).update(DISCLOSURE_VERSION).digest('hex').slice(0, 16);
  const touches = (ind: ActiveIndicator, sources: ReadonlySet<string>) =>
    measuresOf(ind).some((m) => sources.has(sourceOf.get(m) ?? ''));

  const findDefinition = (id: string) => {
    const ind = catalogue.indicators.find((i) => i.id === id);
    if (!ind) throw new NotFoundError(problemDetails.noIndicator(id));
    return ind;
  };

  const same = (a?: { at: string; n: number }, b?: { at: string; n: number }) => a?.at === b?.at && a?.n === b?.n;
  /**
   * What is stale in a period: null when nothing (or nothing of its own to compute from), 'all'
   * when never computed under this catalogue or the master changed, else the sources whose
   * measures changed since the stored run.
   */
  function staleOf(check: PeriodCheck, regionsState: { at: string; n: number }): null | 'all' | MeasureSource[] {
    const { run, hasData } = check;
    if (!run && !hasData) return null;
    if (!run || run.fingerprint !== fingerprint) return 'all';
    const state: repo.InputState = { ...check.state, [REGIONS]: regionsState };
    const stale = [...new Set([...Object.keys(state), ...Object.keys(run.inputs)])].filter((s) => !same(state[s], run.inputs[s]));
    if (stale.includes(REGIONS)) return 'all';
    return stale.length ? (stale as MeasureSource[]) : null;
  }

  /**
   * Recomputes and stores a prefecture's values for one period: the indicators fed by `sources`
   * (every active one when omitted, or when the period was never computed under this catalogue),
   * for every municipality, area, insurer and the prefecture — aggregates and secondary
   * suppression depend on every member, so a touched indicator is recomputed whole.
   */
  async function recompute(args: {
    prefecture: string;
    period: number;
    sources?: readonly MeasureSource[];
    /**
     * Recompute only what is stale once the period's lock is held (see {@link staleOf}), whatever
     * `sources` says: a writer's recompute after its commit and a reader's repair of the same
     * change then do the work once between them, not twice.
     */
    ifStale?: boolean;
    /**
     * The writer's own transaction: the values are recomputed from its uncommitted measures and
     * commit with them, so that no reader ever sees new measures beside old values (nor waits for
     * the recompute). Without one, a transaction of its own.
     */
    tx?: BulkTx;
  }): Promise<RecomputeSummary> {
    const { prefecture, period } = args;
    const { geography, state: regionsState } = await loadGeography(deps.regions, prefecture);
    const inTransaction = (fn: (bulk: BulkTx) => Promise<RecomputeSummary>) =>
      args.tx ? fn(args.tx) : withBulkTransaction(deps.database, fn);
    return inTransaction(async (bulk) => {
      const tx = bulk.db;
      await repo.lockPrefecturePeriod(tx, prefecture, period);
      let wanted = args.sources;
      let run: { fingerprint: string; inputs: repo.InputState } | null | undefined;
      if (args.ifStale) {
        // The check reads the stored run too: no second read of it.
        const { period: _, ...scope } = everything(prefecture, period);
        const check = (await readPeriodChecks(tx, scope, [period])).get(period)!;
        const stale = staleOf(check, regionsState);
        if (stale === null) return { prefecture, period, indicators: 0, values: 0, full: false };
        wanted = stale === 'all' ? undefined : stale;
        run = check.run;
      } else run = await repo.findRun(tx, prefecture, period);
      const full = !wanted || !run || run.fingerprint !== fingerprint;
      const sources = new Set<string>(wanted ?? []);
      // Linked indicators (sharing a measure) are protected together: recompute whole groups.
      const inds = full ? active : linkedClosure(active.filter((i) => touches(i, sources)), active);
      const { input, state } = await loadEngineInput(tx, { prefecture, period, geography, indicators: inds, catalogue, origins });
      // The old rows are deleted on the server while the engine computes the new ones.
      const deleting = repo.deleteValues(tx, prefecture, period, full ? null : inds.map((i) => i.id));
      let values: Awaited<ReturnType<typeof computeIndicatorsWith>>;
      try {
        // Disclosure control's linear programs run on the disclosure thread: reads go on meanwhile.
        values = await computeIndicatorsWith(inds, input, disclosureThread);
      } finally {
        await deleting;
      }
      await repo.copyValues(bulk, prefecture, period, values);
      const inputs: repo.InputState = full ? { ...state, [REGIONS]: regionsState } : { ...run!.inputs };
      for (const s of full ? [] : sources) {
        if (state[s]) inputs[s] = state[s];
        else delete inputs[s]; // every measure of the source is gone (e.g. its only upload retracted)
      }
      await repo.upsertRun(tx, prefecture, period, fingerprint, inputs);
      // Stored values changed: readers of the prefecture see them from this commit on.
      await bumpDataVersion(tx, prefecture);
      return { prefecture, period, indicators: inds.length, values: values.length, full };
    });
  }

  /**
   * What is stale among these periods: never computed (when there are data to compute from),
   * computed under another catalogue or master, or a source whose measures changed. Writers
   * recompute what they touch right after their commit, so this only repairs what no writer told
   * (a failed recompute, a new catalogue). One round trip for every period.
   */
  async function ensureFresh(prefecture: string, periods: readonly number[]): Promise<boolean> {
    const { period: _, ...scope } = everything(prefecture, periods[0]);
    const [{ state: regionsState }, checks] = await Promise.all([
      loadGeography(deps.regions, prefecture),
      readPeriodChecks(db, scope, periods),
    ]);
    const stale = [...checks].filter(([, check]) => staleOf(check, regionsState) !== null).map(([period]) => period);
    // Checked again under each period's lock: the writer's own recompute may be the one holding
    // it. Periods are recomputed side by side, as many as there are disclosure threads.
    await mapConcurrent(stale, disclosureThread.threads, (period) => recompute({ prefecture, period, ifStale: true }));
    return stale.length > 0;
  }

  // The staleness check runs once per prefecture, periods and data version: any write bumps the
  // version, so a check made at a version holds until the next one.
  const checked = new VersionedCache<boolean>(10_000);
  const freshAt = (prefecture: string, periods: readonly number[], version: number) =>
    checked.get(`${prefecture}:${periods.join(',')}`, version, () => ensureFresh(prefecture, periods));

  const headOf = (ind: ReturnType<typeof findDefinition>, prefecture: string, period: number) => ({
    indicator: ind.id,
    label_ja: ind.label_ja,
    unit: ind.unit ?? null,
    unitLabel: labelOf(unitLabels, ind.unit),
    status: ind.status,
    prefecture,
    period,
  });

  const valuesCache = deps.valuesCache ?? createValuesCache();
  const serial = ++serviceSerial;

  return {
    recompute,

    /** Definitions of the catalogue, or of the indicators placed on one model (404 for an unknown model). */
    definitions(model?: string): IndicatorDefinitionDto[] {
      let list = catalogue.indicators;
      if (model) {
        const m = models.find((x) => x.id === model);
        if (!m) throw new NotFoundError(problemDetails.noLogicModel(model));
        const placed = new Set(m.nodes.flatMap((n) => [...n.indicators, ...n.supporting_indicators]));
        list = list.filter((i) => placed.has(i.id));
      }
      return list.map((i) => mapDefinition(i, catalogue, sourceOf));
    },

    /** One definition; 404 when unknown. */
    definition: (id: string) => mapDefinition(findDefinition(id), catalogue, sourceOf),

    /**
     * Stored values of one indicator for a prefecture and period (repaired first when stale, see
     * ensureFresh); a planned indicator answers with status planned and no values. `version` is
     * the prefecture's data version the caller read for this request: answers are cached on it.
     * The one published path: disclosure control is in the stored values, and for the
     * `restricted` audience (the default: viewer and municipality keys, every gap view, chart and
     * report built for them) an aggregate of fewer contributing members than an aggregate needs is
     * withheld too.

     */
    async values(args: {
      indicator: string;
      prefecture: string;
      period: number;
      levels?: readonly Level[];
      /** Without one (CLI, tests), nothing is cached: the staleness check and the read run now. */
      version?: number;
      /** analyst: every unit as stored; restricted (default): aggregates of one member withheld. */
      audience?: Audience;

    }): Promise<IndicatorValuesDto> {
      const ind = findDefinition(args.indicator);
      const head = headOf(ind, args.prefecture, args.period);
      if (!isActive(ind)) return { ...head, computedAt: null, values: [] };
      const read = async () => {
        const rows = await repo.readValues(db, args.prefecture, ind.id, args.period, args.levels);
        const computedAt = rows.length ? new Date(rows[0].computed_at).toISOString() : null;
        return { ...head, computedAt, values: rows.map((r) => mapUnitValue(r, ind.unit ?? null)) };
      };
      // The restriction maps the cached answer: one cache for every audience.
      const restrict = (dto: IndicatorValuesDto): IndicatorValuesDto =>
        args.audience === 'analyst' ? dto : { ...dto, values: restrictAggregates(dto.values) };
      const { version } = args;
      if (version === undefined) {
        await ensureFresh(args.prefecture, [args.period]);
        return restrict(await read());
      }
      const key = `${serial}|${args.prefecture}|${ind.id}|${args.period}|${args.levels?.join(',') ?? ''}`;
      return restrict(
        await valuesCache.get(key, version, async () => {
          await freshAt(args.prefecture, [args.period], version);
          return read();
        }),
      );
    },

    /**
     * Stored values of every active indicator of a prefecture for several periods, read in one
     * round trip (after the staleness check of each period): `indicator:period` → unit values.
     */
    async valuesBatch(args: {
      prefecture: string;
      periods: readonly number[];
      levels?: readonly Level[];
      version: number;
      /** As for values(); gaps read with the default, restricted. */
      audience?: Audience;
    }): Promise<Map<string, IndicatorUnitValueDto[]>> {
      // The check and the read run side by side; the read is redone only when the check recomputed.
      const read = () => repo.readValuesBatch(db, args.prefecture, args.periods, args.levels);
      const [recomputed, first] = await Promise.all([freshAt(args.prefecture, args.periods, args.version), read()]);
      const rows = recomputed ? await read() : first;
      const out = new Map<string, IndicatorUnitValueDto[]>();
      const units = new Map(catalogue.indicators.map((i) => [i.id, i.unit ?? null]));
      for (const r of rows) {
        const key = `${r.indicator}:${r.period}`;
        let list = out.get(key);
        if (!list) out.set(key, (list = []));
        list.push(mapUnitValue(r, units.get(r.indicator) ?? null));
      }
      if (args.audience !== 'analyst') for (const [key, list] of out) out.set(key, restrictAggregates(list));
      return out;
    },
  };
}

export type IndicatorsService = ReturnType<typeof createIndicatorsService>;
