import { createHash } from 'node:crypto';
import { withBulkTransaction } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../shared/errors.js';
import { isActive } from '../logic-models/indicator-rules.js';
import type { ActiveIndicator, LoadedLogicModels, MeasureSource } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import { computeIndicators } from './engine/engine.js';
import { measuresOf } from './engine/terms.js';
import type { Level } from './engine/types.js';
import { mapDefinition, mapUnitValue } from './indicators.dto.js';
import { loadEngineInput, loadGeography, measureOrigins, scopeOf } from './indicators.inputs.js';
import { readInputState } from './indicators.read.js';
import * as repo from './indicators.repository.js';
import type { IndicatorDefinitionDto, IndicatorValuesDto } from './indicators.schemas.js';
import { problemDetails } from '../../shared/messages.js';
import { labelOf, unitLabels } from '../../shared/labels.js';

/** What the indicators service is built on. */
export interface IndicatorsDeps {
  database: Database;
  logicModels: LoadedLogicModels;
  regions: RegionsService;
}

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
  const fingerprint = createHash('sha256').update(JSON.stringify(catalogue)).digest('hex').slice(0, 16);
  const touches = (ind: ActiveIndicator, sources: ReadonlySet<string>) =>
    measuresOf(ind).some((m) => sources.has(sourceOf.get(m) ?? ''));

  const findDefinition = (id: string) => {
    const ind = catalogue.indicators.find((i) => i.id === id);
    if (!ind) throw new NotFoundError(problemDetails.noIndicator(id));
    return ind;
  };

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
  }): Promise<RecomputeSummary> {
    const { prefecture, period } = args;
    const { geography, state: regionsState } = await loadGeography(deps.regions, prefecture);
    return withBulkTransaction(deps.database, async (bulk) => {
      const tx = bulk.db;
      await repo.lockPrefecturePeriod(tx, prefecture, period);
      const run = await repo.findRun(tx, prefecture, period);
      const full = !args.sources || !run || run.fingerprint !== fingerprint;
      const sources = new Set<string>(args.sources ?? []);
      const inds = full ? active : active.filter((i) => touches(i, sources));
      const { input, state } = await loadEngineInput(tx, { prefecture, period, geography, indicators: inds, catalogue, origins });
      // The old rows are deleted on the server while the engine computes the new ones.
      const deleting = repo.deleteValues(tx, prefecture, period, full ? null : inds.map((i) => i.id));
      let values: ReturnType<typeof computeIndicators>;
      try {
        values = computeIndicators(inds, input);
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
      return { prefecture, period, indicators: inds.length, values: values.length, full };
    });
  }

  /** Recomputes what is stale: never computed, another catalogue, or a source whose measures changed. */
  async function ensureFresh(prefecture: string, period: number) {
    const run = await repo.findRun(db, prefecture, period);
    if (!run || run.fingerprint !== fingerprint) return recompute({ prefecture, period });
    const state = await readInputState(db, everything(prefecture, period));
    state[REGIONS] = (await loadGeography(deps.regions, prefecture)).state;
    const same = (a?: { at: string; n: number }, b?: { at: string; n: number }) => a?.at === b?.at && a?.n === b?.n;
    const stale = [...new Set([...Object.keys(state), ...Object.keys(run.inputs)])].filter(
      (s) => !same(state[s], run.inputs[s]),
    );
    if (stale.includes(REGIONS)) return recompute({ prefecture, period });
    if (stale.length) return recompute({ prefecture, period, sources: stale as MeasureSource[] });
  }

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
     * Stored values of one indicator for a prefecture and period (computed first when never
     * computed or stale); a planned indicator answers with status planned and no values.
     */
    async values(args: { indicator: string; prefecture: string; period: number; levels?: readonly Level[] }): Promise<IndicatorValuesDto> {
      const ind = findDefinition(args.indicator);
      const head = {
        indicator: ind.id,
        label_ja: ind.label_ja,
        unit: ind.unit ?? null,
        unitLabel: labelOf(unitLabels, ind.unit),
        status: ind.status,
        prefecture: args.prefecture,
        period: args.period,
      };
      if (!isActive(ind)) return { ...head, computedAt: null, values: [] };
      await ensureFresh(args.prefecture, args.period);
      const rows = await repo.readValues(db, args.prefecture, ind.id, args.period, args.levels);
      const computedAt = rows.length ? new Date(rows[0].computed_at).toISOString() : null;
      return { ...head, computedAt, values: rows.map(mapUnitValue) };
    },
  };
}

export type IndicatorsService = ReturnType<typeof createIndicatorsService>;
