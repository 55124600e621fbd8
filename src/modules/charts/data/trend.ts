import { BadRequestError, NotFoundError } from '../../../shared/errors.js';
import { checkMunicipality } from '../charts.reader.js';
import type { TrendInput, TrendSeries } from '../specs/trend.js';
import { aggregateRows } from './comparison.js';
import { drawnUnit, indicatorOf, pointOf, type Gather } from './common.js';
import { problemDetails } from '../../../shared/messages.js';

/** Periods a trend looks at, at most. */
export const MAX_TREND_PERIODS = 20;

/**
 * The unit's published values over the periods (and its area's and the prefecture's), read period
 * by period from the indicators service with the reader's levels; periods where no series has a
 * value or a withheld one are left out. The target is the one the gaps service applies.
 */
export async function trendInput(g: Gather): Promise<TrendInput> {
  const indicator = await indicatorOf(g);
  const unit = await drawnUnit(g);
  if (unit.level === 'municipality') checkMunicipality(g.reader, unit.code);
  const to = g.params.period;
  const from = g.params.from ?? to - 9;
  if (from > to || to - from + 1 > MAX_TREND_PERIODS)
    throw new BadRequestError(problemDetails.trendRange(MAX_TREND_PERIODS));
  const prefName = await g.src.prefectureName(g.prefecture);
  const wanted: {
    role: TrendSeries['role'];
    level: 'municipality' | 'area' | 'prefecture';
    code: string;
    name: string;
  }[] = [{ role: 'unit', level: unit.level, code: unit.code, name: unit.name }];
  if (unit.area) wanted.push({ role: 'area', level: 'area', code: unit.area, name: `${unit.area}圏域` });
  if (unit.level !== 'prefecture')
    wanted.push({ role: 'prefecture', level: 'prefecture', code: g.prefecture, name: prefName });
  const levels = [...new Set(wanted.map((w) => w.level))];
  const periods = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const read = await Promise.all(
    periods.map((period) => g.src.values({ indicator: indicator.id, prefecture: g.prefecture, period, levels })),
  );
  const series: TrendSeries[] = wanted.map((w) => ({ name: w.name, role: w.role, points: [] }));
  read.forEach((published, i) => {
    const pts = wanted.map((w) => pointOf(published.values.find((v) => v.level === w.level && v.code === w.code)));
    if (!pts.some((p) => p.value !== null || p.suppressed)) return;
    pts.forEach((p, j) => series[j].points.push({ period: periods[i], ...p }));
  });
  return { indicator, unitName: unit.name, series, target: await targetOf(g, indicator.id, unit) };
}

async function targetOf(g: Gather, indicator: string, unit: Awaited<ReturnType<typeof drawnUnit>>) {
  let t: { value: number; targetYear: number; source: string } | null | undefined;
  if (unit.level === 'municipality') {
    const report = await g.src.municipalityGaps({
      code: unit.code,
      period: g.params.period,
      model: g.params.model,
      targetYear: g.params.targetYear,
    });
    t = report.indicators.find((r) => r.indicator === indicator)?.target;
  } else {
    // An indicator that is not on the model has no aggregate target.
    const rows = await aggregateRows(g, indicator).catch((e: unknown) => {
      if (e instanceof NotFoundError) return null;
      throw e;
    });
    t =
      unit.level === 'prefecture'
        ? rows?.prefecture.target
        : rows?.areas.find((a) => a.code === unit.code)?.row?.target;
  }
  return t ? { value: t.value, year: t.targetYear, source: t.source } : null;
}
