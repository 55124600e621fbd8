import type { IndicatorDefinitionDto, IndicatorValuesDto } from '../indicators/indicators.schemas.js';
import type { MunicipalityGapsDto } from '../gaps/gaps.schemas.js';
import type { AggregateGapsDto, IndicatorGapsDto } from '../gaps/views.schemas.js';
import type { LoadedLogicModels } from '../logic-models/logic-models.definitions.js';

type Level = 'municipality' | 'area' | 'insurer' | 'prefecture';

/**
 * The published reads a chart is drawn from — the indicators and gaps services, as their JSON
 * routes return them — so a chart shows exactly what its reader may read, with disclosure
 * control already applied. Wired in app.ts.
 */
export interface ChartSources {
  values(args: {
    indicator: string;
    prefecture: string;
    period: number;
    levels: readonly Level[];
  }): Promise<IndicatorValuesDto>;
  indicatorGaps(args: {
    indicator: string;
    prefecture: string;
    period: number;
    targetYear?: number;
    around: 'prefecture' | 'target';
    only?: string;
  }): Promise<IndicatorGapsDto>;
  municipalityGaps(args: {
    code: string;
    period: number;
    model?: string;
    targetYear?: number;
  }): Promise<MunicipalityGapsDto>;
  aggregateGaps(args: {
    prefecture: string;
    period: number;
    model?: string;
    targetYear?: number;
  }): Promise<AggregateGapsDto>;
  /** A definition of the prefecture's catalogue (its model's own indicators included). */
  definition(id: string, prefecture: string): Promise<IndicatorDefinitionDto>;
  municipalities(prefecture: string): Promise<{ code: string; name: string; area: string }[]>;
  prefectureName(prefecture: string): Promise<string>;
  /** The prefecture's catalogue and model in force. */
  logicModels: (prefecture: string) => Promise<LoadedLogicModels>;
}
