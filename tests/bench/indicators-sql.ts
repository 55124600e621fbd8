/**
 * The benchmark's floor: ONE hand-written SQL aggregate over the same tables computing the same
 * figures — every non-standardised active indicator's numerator, denominator and value per
 * municipality, area, insurer and prefecture (GROUPING SETS), summing signed measure terms. No
 * intervals, no standardisation, no disclosure control, nothing stored: what the engine adds.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import { isActive } from '../../src/modules/logic-models/indicator-rules.js';
import type { IndicatorCatalogue } from '../../src/modules/logic-models/logic-models.definitions.js';

/** The (indicator, measure, part, sign, factor) rows of the catalogue's formulas, as a VALUES list. */
function termsValues(catalogue: IndicatorCatalogue): string {
  const rows: string[] = [];
  for (const ind of catalogue.indicators.filter(isActive)) {
    if (ind.kind === 'dsr') continue;
    const k = ind.factor / ind.divisor;
    for (const t of ind.numerator) rows.push(`('${ind.id}', '${t.measure}', 'n', ${t.sign}, ${k})`);
    for (const t of ind.denominator ?? []) rows.push(`('${ind.id}', '${t.measure}', 'd', ${t.sign}, ${k})`);
  }
  return rows.join(',\n');
}

/** Runs the aggregate for one period over every prefecture; answers the number of result rows. */
export async function handWrittenAggregate(db: Db, catalogue: IndicatorCatalogue, period: number): Promise<number> {
  const rows = await queryRows<Record<string, unknown>>(db, sql.raw(`
    WITH terms(indicator, measure, part, sign, k) AS (VALUES ${termsValues(catalogue)}),
    per_municipality AS (
      SELECT me.prefecture_code, me.municipality_code, t.indicator, max(t.k) AS k,
             sum(me.value * t.sign) FILTER (WHERE t.part = 'n') AS num,
             sum(me.value * t.sign) FILTER (WHERE t.part = 'd') AS den
      FROM measures me JOIN terms t ON t.measure = me.measure
      WHERE me.period = ${period}
      GROUP BY me.prefecture_code, me.municipality_code, t.indicator)
    SELECT p.prefecture_code, mu.medical_area, mu.insurer, p.municipality_code, p.indicator,
           sum(p.num) AS numerator, sum(p.den) AS denominator,
           CASE WHEN max(p.den) IS NULL THEN sum(p.num) * max(p.k) ELSE sum(p.num) / nullif(sum(p.den), 0) * max(p.k) END AS value
    FROM per_municipality p JOIN municipalities mu ON mu.code = p.municipality_code
    GROUP BY GROUPING SETS ((p.prefecture_code, p.indicator),
                            (p.prefecture_code, mu.medical_area, p.indicator),
                            (p.prefecture_code, mu.insurer, p.indicator),
                            (p.prefecture_code, mu.medical_area, mu.insurer, p.municipality_code, p.indicator))`));
  return rows.length;
}
