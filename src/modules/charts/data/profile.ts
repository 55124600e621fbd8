import { municipalitiesSeen } from '../charts.reader.js';
import { spreadOf, type ProfileInput } from '../specs/profile.js';
import type { Gather } from './common.js';
import { unitReport } from './unit-report.js';

/**
 * Every indicator of the model for one unit, against the spread of the units the reader may see:
 * every municipality (analysts), else the areas. The centre is the prefecture's value.
 */
export async function profileInput(g: Gather): Promise<ProfileInput> {
  const { model, unit, rows, aggregates } = await unitReport(g);
  const pref = aggregates.units.find((u) => u.level === 'prefecture')?.indicators ?? [];
  const areas = aggregates.units.filter((u) => u.level === 'area');
  const against = municipalitiesSeen(g.reader) === 'all' ? 'municipality' : 'area';
  const spreads = await Promise.all(
    rows.map(async (r) => {
      if (against === 'area') {
        const vs = areas.map((a) => a.indicators.find((i) => i.indicator === r.indicator)?.value?.value);
        return spreadOf(vs.filter((v): v is number => typeof v === 'number'));
      }
      if (r.status === 'not_yet_measurable') return null;
      // The gaps service's view of the indicator across the prefecture (cached per data snapshot).
      const across = await g.src.indicatorGaps({
        indicator: r.indicator,
        prefecture: g.prefecture,
        period: g.params.period,
        targetYear: g.params.targetYear,
        around: 'prefecture',
      });
      return spreadOf(across.municipalities.flatMap((m) => (m.value ? [m.value.value] : [])));
    }),
  );
  return {
    unitName: unit.name,
    modelTitle: model.title,
    period: g.params.period,
    against,
    rows: rows.map((r, i) => ({
      indicator: r.indicator,
      label: r.label_ja,
      unit: r.unit,
      direction: r.direction,
      status: r.status,
      value: r.value?.value ?? null,
      target: r.target?.value ?? null,
      // A count's prefecture value is the sum of its units: the middle of the spread is the comparator.
      centre:
        r.unit === 'count'
          ? (spreads[i]?.median ?? null)
          : (pref.find((p) => p.indicator === r.indicator)?.value?.value ?? null),
      spread: spreads[i],
    })),
  };
}
