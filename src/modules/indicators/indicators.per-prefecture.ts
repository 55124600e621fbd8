import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { mapConcurrent } from '../../shared/concurrent.js';
import { disclosureThread } from '../disclosure/disclosure-thread.js';
import type { LoadedLogicModels } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { IndicatorDefinitionDto } from './indicators.schemas.js';
import { createIndicatorsService, createValuesCache, type IndicatorsService } from './indicators.service.js';

/**
 * The indicators service per prefecture: each prefecture computes with its own catalogue (the
 * standard one plus the indicators its active logic model defines), so one indicators service is
 * built per catalogue object and kept while that catalogue is in force. The engine is unchanged:
 * it receives the extended catalogue.
 */
export function createPrefectureIndicators(deps: {
  database: Database;
  regions: RegionsService;
  /** The prefecture's catalogue; at a data version when given (read once per version, not per call). */
  logicModels: (prefecture: string, version?: number) => Promise<LoadedLogicModels>;
  /** The catalogue shipped with the service, for callers with no prefecture. */
  files: LoadedLogicModels;
}) {
  const cores = new WeakMap<LoadedLogicModels, IndicatorsService>();
  // One cache of values answers for every prefecture's service: its byte budget bounds them all.
  const valuesCache = createValuesCache();
  const coreOf = (loaded: LoadedLogicModels) => {
    let core = cores.get(loaded);
    if (!core)
      cores.set(
        loaded,
        (core = createIndicatorsService({ database: deps.database, regions: deps.regions, logicModels: loaded, valuesCache })),
      );
    return core;
  };
  const coreFor = async (prefecture: string | null | undefined, version?: number) =>
    coreOf(prefecture ? await deps.logicModels(prefecture, version) : deps.files);

  /** Periods with measures or stored values for the prefecture, oldest first. */
  const periodsOf = async (prefecture: string) =>
    (
      await queryRows<{ period: number }>(
        deps.database.db,
        sql`SELECT period FROM measures WHERE prefecture_code = ${prefecture}
            UNION SELECT period FROM indicator_runs WHERE prefecture_code = ${prefecture} ORDER BY period`,
      )
    ).map((r) => Number(r.period));

  return {
    recompute: async (args: Parameters<IndicatorsService['recompute']>[0]) => (await coreFor(args.prefecture)).recompute(args),

    // Reads name the data version of their request: the catalogue in force at it is reused.
    values: async (args: Parameters<IndicatorsService['values']>[0]) =>
      (await coreFor(args.prefecture, args.version)).values(args),

    valuesBatch: async (args: Parameters<IndicatorsService['valuesBatch']>[0]) =>
      (await coreFor(args.prefecture, args.version)).valuesBatch(args),

    /** Definitions of the prefecture's catalogue (the standard one without a prefecture), or of one model. */
    async definitions(model?: string, prefecture?: string | null): Promise<IndicatorDefinitionDto[]> {
      return (await coreFor(prefecture)).definitions(model);
    },

    /** One definition of the prefecture's catalogue; 404 when unknown. */
    async definition(id: string, prefecture?: string | null): Promise<IndicatorDefinitionDto> {
      return (await coreFor(prefecture)).definition(id);
    },

    /**
     * Recomputes every period of a prefecture in full (after its catalogue changed): as many
     * periods at once as there are disclosure threads (each period is its own transaction and
     * lock), answered in period order.
     */
    async recomputeAll(prefecture: string) {
      if ((await deps.regions.municipalityRows(prefecture)).length === 0) return [];
      const core = await coreFor(prefecture);
      return mapConcurrent(await periodsOf(prefecture), disclosureThread.threads, async (period) => {
        const r = await core.recompute({ prefecture, period });
        return { period, indicators: r.indicators, values: r.values };
      });
    },
  };
}

export type PrefectureIndicators = ReturnType<typeof createPrefectureIndicators>;
