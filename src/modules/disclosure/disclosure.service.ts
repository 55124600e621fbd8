import type { Database } from '../../db/client.js';
import { isActive } from '../logic-models/indicator-rules.js';
import type { LoadedLogicModels } from '../logic-models/logic-models.definitions.js';
import { reportingUnits } from '../indicators/engine/units.js';
import { loadEngineInput, loadGeography, measureOrigins } from '../indicators/indicators.inputs.js';
import type { PrefectureIndicators } from '../indicators/indicators.per-prefecture.js';
import type { RegionsService } from '../regions/regions.service.js';
import { type AuditReport, auditDisclosure } from './audit.js';
import { decideDisclosure, type DisclosureDecision } from './disclose.js';
import type { ProtectionOptions } from './disclosure.types.js';
import { totalsOf } from './engine-hook.js';
import { publishedCells, type PublishedValue } from './published.js';
import { loadSolver } from './solver.js';

/** What the disclosure service reads: the indicators' published values, the measures behind them, the master. */
export interface DisclosureDeps {
  database: Database;
  /** The prefecture's catalogue in force (the standard one plus its logic model's own indicators). */
  logicModels: (prefecture: string) => Promise<LoadedLogicModels>;
  regions: RegionsService;
  indicators: Pick<PrefectureIndicators, 'values'>;
}

/**
 * The auditor over what is stored and served: for one prefecture and period, the published values
 * of every active indicator (as analysts read them: every level) against the true counts.
 */
export function createDisclosureService(deps: DisclosureDeps) {
  async function truth(prefecture: string, period: number) {
    const { catalogue, measures } = await deps.logicModels(prefecture);
    const active = catalogue.indicators.filter(isActive);
    const origins = measureOrigins(measures);
    const { geography } = await loadGeography(deps.regions, prefecture);
    const { input } = await loadEngineInput(deps.database.db, { prefecture, period, geography, indicators: active, catalogue, origins });
    return { catalogue, active, units: reportingUnits(geography), totals: totalsOf(input.measures) };
  }

  return {
    /** Runs the attacker's model over the published values for every role; each risk found, and the work done. */
    async audit(args: { prefecture: string; period: number; options?: Partial<ProtectionOptions> }): Promise<AuditReport & { ms: number }> {
      const { catalogue, active, units, totals } = await truth(args.prefecture, args.period);
      const published: PublishedValue[] = [];
      for (const ind of active) {
        const dto = await deps.indicators.values({ indicator: ind.id, prefecture: args.prefecture, period: args.period, audience: 'analyst' });
        published.push(...dto.values.map((v) => ({ ...v, indicator: ind.id })));
      }
      await loadSolver();
      const t0 = performance.now();
      const report = auditDisclosure({ catalogue, indicators: active, units, totals, published: publishedCells(published), options: args.options });
      return { ...report, ms: performance.now() - t0 };
    },

    /** Disclosure control alone, on the stored measures (what a recompute runs), with its figures and time. */
    async decide(args: { prefecture: string; period: number; options?: Partial<ProtectionOptions> }): Promise<DisclosureDecision & { ms: number }> {
      const { catalogue, active, units, totals } = await truth(args.prefecture, args.period);
      await loadSolver();
      const t0 = performance.now();
      const decision = decideDisclosure({ catalogue, indicators: active, units, totals, options: args.options });
      return { ...decision, ms: performance.now() - t0 };
    },
  };
}

export type DisclosureService = ReturnType<typeof createDisclosureService>;
