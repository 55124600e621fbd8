import { BadRequestError, NotFoundError } from '../../../shared/errors.js';
import type { IndicatorUnitValueDto } from '../../indicators/indicators.schemas.js';
import type { ChartParamsDto } from '../charts.schemas.js';
import type { ChartReader } from '../charts.reader.js';
import type { ChartSources } from '../charts.sources.js';
import type { ChartIndicator } from '../specs/types.js';
import { problemDetails } from '../../../shared/messages.js';

/** What every data gatherer is given. */
export interface Gather {
  src: ChartSources;
  params: ChartParamsDto;
  reader: ChartReader;
  prefecture: string;
}

/** The indicator named by `indicator` (400 when missing, 404 when unknown). */
export async function indicatorOf(g: Gather): Promise<ChartIndicator> {
  if (!g.params.indicator) throw new BadRequestError(problemDetails.chartNeedsIndicator());
  const d = await g.src.definition(g.params.indicator, g.prefecture);
  return { id: d.id, label: d.label_ja, unit: d.unit, direction: d.direction };
}

/** The logic model drawn (the prefecture's model in force by default). */
export async function modelOf(g: Gather) {
  const models = (await g.src.logicModels(g.prefecture)).models;
  const m = g.params.model ? models.find((x) => x.id === g.params.model) : models.find((x) => x.prefecture_code === g.prefecture);
  if (!m) throw new NotFoundError(g.params.model ? problemDetails.noLogicModel(g.params.model) : problemDetails.noLogicModelForPrefecture(g.prefecture));
  if (m.prefecture_code !== g.prefecture) throw new BadRequestError(problemDetails.logicModelOtherPrefecture(m.id, g.prefecture));
  return m;
}

/** A published unit value as a chart point: withheld values (disclosure control) carry no number. */
export function pointOf(v: IndicatorUnitValueDto | undefined) {
  const withheld = v?.status === 'suppressed' || (v?.status === 'not_shown' && v.suppressed);
  const shown = v?.status === 'shown' && v.value !== null;
  return {
    value: shown ? v!.value : null,
    lower: shown ? (v!.ci95?.lower ?? null) : null,
    upper: shown ? (v!.ci95?.upper ?? null) : null,
    suppressed: !!withheld || !!v?.suppressed,
  };
}

/** The unit a trend, profile or logic-model chart draws: a municipality, an area, or the prefecture. */
export interface DrawnUnit {
  level: 'municipality' | 'area' | 'prefecture';
  code: string;
  name: string;
  /** The municipality's area (for its area line). */
  area: string | null;
}

/** The unit named by `municipality` / `area`, else the prefecture (404 for an unknown one). */
export async function drawnUnit(g: Gather): Promise<DrawnUnit> {
  const prefName = await g.src.prefectureName(g.prefecture);
  if (g.params.municipality) {
    const m = (await g.src.municipalities(g.prefecture)).find((x) => x.code === g.params.municipality);
    if (!m) throw new NotFoundError(problemDetails.noMunicipalityInPrefecture(String(g.params.municipality), g.prefecture));
    return { level: 'municipality', code: m.code, name: m.name, area: m.area };
  }
  if (g.params.area) {
    const areas = new Set((await g.src.municipalities(g.prefecture)).map((m) => m.area));
    if (!areas.has(g.params.area)) throw new NotFoundError(problemDetails.noArea(String(g.params.area), g.prefecture));
    return { level: 'area', code: g.params.area, name: `${g.params.area}圏域`, area: null };
  }
  return { level: 'prefecture', code: g.prefecture, name: prefName, area: null };
}
