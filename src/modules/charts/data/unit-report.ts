import type { GapIndicatorDto } from '../../gaps/gaps.schemas.js';
import { checkMunicipality } from '../charts.reader.js';
import { drawnUnit, modelOf, type Gather } from './common.js';

/**
 * Every indicator of the model for the drawn unit, as the gaps service judges it: a
 * municipality's gap report, or the area's / prefecture's row of the aggregate gaps.
 */
export async function unitReport(g: Gather) {
  const model = await modelOf(g);
  const unit = await drawnUnit(g);
  const args = { period: g.params.period, model: model.id, targetYear: g.params.targetYear };
  const agg = await g.src.aggregateGaps({ prefecture: g.prefecture, ...args });
  let rows: GapIndicatorDto[];
  if (unit.level === 'municipality') {
    checkMunicipality(g.reader, unit.code);
    rows = (await g.src.municipalityGaps({ code: unit.code, ...args })).indicators;
  } else {
    rows = agg.units.find((u) => u.level === unit.level && u.code === unit.code)?.indicators ?? [];
  }
  return { model, unit, rows, aggregates: agg };
}
