import type { Scope } from '../targets/targets.validate.js';
import { gapIndicatorDto } from './gaps.dto.js';
import { gapRow } from './gap-row.js';
import { applied, at, type ReportContext } from './report.js';
import { unitKey } from './snapshot.js';
import { indicatorInfo } from './unit-value.js';
import type { AggregateGapsDto } from './views.schemas.js';

/** An area (二次医療圏) or the prefecture, as the aggregate report lists them. */
export interface AggregateUnit {
  level: 'area' | 'prefecture';
  code: string;
}

/**
 * The targets an aggregate is judged against: an area its own, else the prefecture's (a count
 * only its own: the prefecture's total is no area's target); the prefecture its own.
 */
const scopesOf = (level: AggregateUnit['level'], count: boolean): readonly Scope[] =>
  level === 'prefecture' ? ['prefecture'] : count ? ['area'] : ['area', 'prefecture'];

/**
 * Gaps of the aggregates — each area and the prefecture — on every indicator of the model, for
 * keys that read aggregates only (viewers). An area is compared with the prefecture; the
 * prefecture with nothing. Suppressed aggregates carry no numbers, as everywhere.
 */
export function aggregateView(ctx: ReportContext, prefecture: string, areas: readonly string[]): AggregateGapsDto {
  const units: AggregateUnit[] = [
    { level: 'prefecture', code: prefecture },
    ...areas.map((code) => ({ level: 'area' as const, code })),
  ];
  return {
    prefecture,
    model: ctx.model.id,
    period: ctx.period,
    units: units.map((u) => ({
      level: u.level,
      code: u.code,
      indicators: ctx.indicators.map((p) => {
        const values = ctx.snapshot.get(p.def.id);
        const place = { municipality: '', area: u.level === 'area' ? u.code : '', prefecture };
        const scopes = scopesOf(u.level, p.def.kind === 'count');
        const resolved =
          p.def.status === 'active'
            ? ctx.targets.effective(p.def.id, place, values?.period ?? ctx.period, ctx.targetYear, scopes)
            : null;
        const row = gapRow({
          indicator: indicatorInfo(p.def),
          municipality: at(values?.current, unitKey(u.level, u.code)),
          area: null,
          prefecture: u.level === 'area' ? at(values?.current, unitKey('prefecture', prefecture)) : null,
          previous: at(values?.previous, unitKey(u.level, u.code)),
          target: applied(resolved, u.level),
        });
        return gapIndicatorDto(
          p,
          {
            ...row,
            previousPeriod: row.trend ? (values?.previousPeriod ?? null) : null,
            valuePeriod: values?.period ?? null,
          },
          null,
        );
      }),
    })),
  };
}
