import { NotFoundError } from '../../../shared/errors.js';
import type { GapIndicatorDto } from '../../gaps/gaps.schemas.js';
import { checkMunicipalityLevel, municipalitiesSeen } from '../charts.reader.js';
import type { ComparisonInput } from '../specs/comparison.js';
import type { UnitRow } from '../specs/types.js';
import { indicatorOf, type Gather } from './common.js';
import { problemDetails } from '../../../shared/messages.js';

/** A gap row (gaps service) → a bar. */
export function unitRowOf(code: string, name: string, r: GapIndicatorDto): UnitRow {
  return {
    code,
    name,
    status: r.status,
    value: r.value?.value ?? null,
    lower: r.value?.lower ?? null,
    upper: r.value?.upper ?? null,
    target: r.target?.value ?? null,
    targetSource: r.target?.source ?? null,
    targetYear: r.target?.targetYear ?? null,
  };
}

/** The prefecture and area rows of the aggregate gaps for one indicator (404 when it is not on the model). */
export async function aggregateRows(g: Gather, indicator: string) {
  const agg = await g.src.aggregateGaps({
    prefecture: g.prefecture,
    period: g.params.period,
    model: g.params.model,
    targetYear: g.params.targetYear,
  });
  const pick = (u: (typeof agg.units)[number]) => u.indicators.find((i) => i.indicator === indicator);
  const pref = agg.units.find((u) => u.level === 'prefecture');
  const areas = agg.units.filter((u) => u.level === 'area').map((u) => ({ code: u.code, row: pick(u) }));
  if (!pref || !pick(pref)) throw new NotFoundError(problemDetails.indicatorNotOnModel(indicator, agg.model));
  return { prefecture: pick(pref)!, areas };
}

/** Bars of every municipality the reader sees (gaps by indicator), or of every area (aggregate gaps). */
export async function comparisonInput(g: Gather): Promise<ComparisonInput> {
  const indicator = await indicatorOf(g);
  const prefName = await g.src.prefectureName(g.prefecture);
  const { period, targetYear } = g.params;
  if (g.params.level === 'area') {
    const { prefecture, areas } = await aggregateRows(g, indicator.id);
    return {
      indicator,
      period,
      scopeName: prefName,
      level: 'area',
      units: areas.filter((a) => a.row).map((a) => unitRowOf(a.code, `${a.code}圏域`, a.row!)),
      prefectureValue: prefecture.value?.value ?? null,
      prefectureTarget: prefecture.target
        ? { value: prefecture.target.value, year: prefecture.target.targetYear }
        : null,
    };
  }
  checkMunicipalityLevel(g.reader);
  const only = municipalitiesSeen(g.reader) === 'own' ? (g.reader.municipalityCode ?? '') : undefined;
  const gaps = await g.src.indicatorGaps({
    indicator: indicator.id,
    prefecture: g.prefecture,
    period,
    targetYear,
    around: 'prefecture',
    only,
  });
  const rows = gaps.municipalities.filter((m) => !g.params.area || m.municipality.area === g.params.area);
  if (g.params.area && rows.length === 0 && !only) throw new NotFoundError(problemDetails.noArea(String(g.params.area), g.prefecture));
  const prefTarget = rows.find((r) => r.target?.source === 'prefecture')?.target ?? null;
  return {
    indicator,
    period,
    scopeName: g.params.area ? `${prefName} ${g.params.area}圏域` : prefName,
    level: 'municipality',
    units: rows.map((r) => unitRowOf(r.municipality.code, r.municipality.name, r)),
    prefectureValue: gaps.prefectureValue,
    prefectureTarget: prefTarget ? { value: prefTarget.value, year: prefTarget.targetYear } : null,
  };
}
