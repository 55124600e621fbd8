import { BadRequestError } from '../../../shared/errors.js';
import { funnelPlot } from '../../gaps/funnel.js';
import { unitValueOf } from '../../gaps/unit-value.js';
import { checkMunicipalityLevel, municipalitiesSeen } from '../charts.reader.js';
import type { FunnelInput } from '../specs/funnel.js';
import { aggregateRows } from './comparison.js';
import { indicatorOf, type Gather } from './common.js';
import { problemDetails } from '../../../shared/messages.js';

const NO_FUNNEL = problemDetails.noFunnel();

/**
 * Municipalities: the gaps service's funnel as it is. Areas (what a viewer may read): the same
 * funnel mathematics (gaps/funnel.ts) over the published area values.
 */
export async function funnelInput(g: Gather): Promise<FunnelInput> {
  const indicator = await indicatorOf(g);
  const prefName = await g.src.prefectureName(g.prefecture);
  const { period, targetYear, around } = g.params;
  if (g.params.level === 'area') {
    const def = (await g.src.logicModels(g.prefecture)).catalogue.indicators.find((d) => d.id === indicator.id)!;
    const published = await g.src.values({
      indicator: indicator.id,
      prefecture: g.prefecture,
      period,
      levels: ['area', 'prefecture'],
    });
    const areas = published.values.filter((v) => v.level === 'area');
    const pref = published.values.find((v) => v.level === 'prefecture');
    const centre =
      around === 'target'
        ? ((await aggregateRows(g, indicator.id)).prefecture.target?.value ?? null)
        : (unitValueOf(pref, def)?.value ?? null);
    const units = areas.map((a) => ({
      id: a.code,
      unit: unitValueOf(a, def) ?? {
        value: null,
        lower: null,
        upper: null,
        sampleSize: null,
        count: null,
        suppressed: false,
      },
    }));
    const plot = centre === null ? null : funnelPlot(def.kind ?? null, centre, def.factor / def.divisor, units);
    if (!plot || centre === null) throw new BadRequestError(NO_FUNNEL);
    return {
      indicator,
      period,
      scopeName: prefName,
      level: 'area',
      around,
      comparator: centre,
      limits: plot.limits,
      points: plot.points.map((p) => ({
        name: `${p.id}圏域`,
        denominator: p.denominator,
        value: p.value,
        zone: p.zone,
      })),
      suppressed: units.filter((u) => u.unit.suppressed).map((u) => `${u.id}圏域`),
    };
  }
  checkMunicipalityLevel(g.reader);
  const only = municipalitiesSeen(g.reader) === 'own' ? (g.reader.municipalityCode ?? '') : undefined;
  const gaps = await g.src.indicatorGaps({
    indicator: indicator.id,
    prefecture: g.prefecture,
    period,
    targetYear,
    around,
    only,
  });
  if (!gaps.funnel) throw new BadRequestError(NO_FUNNEL);
  const names = new Map(gaps.municipalities.map((m) => [m.municipality.code, m.municipality.name]));
  return {
    indicator,
    period,
    scopeName: prefName,
    level: 'municipality',
    around,
    comparator: gaps.funnel.comparator,
    limits: gaps.funnel.limits,
    points: gaps.funnel.points.map((p) => ({
      name: names.get(p.municipality) ?? p.municipality,
      denominator: p.denominator,
      value: p.value,
      zone: p.zone,
    })),
    suppressed: gaps.municipalities.filter((m) => m.status === 'suppressed').map((m) => m.municipality.name),
  };
}
