/**
 * Okinawa fixtures for the chart tests, the browser test and the chart benchmark: the gap fixtures
 * with their targets, and the queries of one chart of each kind.
 */
import type { Services } from '../../src/app.js';
import { gapTargetFile, loadGapFixtures } from './okinawa-gaps.js';

export const CHART_WAVE = 2024;

/** The charts drawn of each kind: an analyst's (every municipality) and an embed link's (areas only). */
export interface ChartCases {
  indicator: string;
  /** A municipality whose value of `indicator` is suppressed. */
  hidden: { code: string; name: string };
  analyst: Record<string, Record<string, string>>;
  viewer: Record<string, Record<string, string>>;
}

/** Loads the surveys, statistics and targets, and picks a proportion with a suppressed municipality. */
export async function loadChartFixtures(services: Services, scale = 0.2): Promise<ChartCases> {
  await loadGapFixtures(services, { wave: CHART_WAVE, scale });
  const file = Buffer.from(await gapTargetFile(services, CHART_WAVE));
  await services.targets.importCsv(file, '47', { keyId: null, name: 'fixtures' });
  return chartCases(services);
}

/** The first proportion with a direction, a funnel and a suppressed municipality. */
export async function chartCases(services: Services): Promise<ChartCases> {
  const period = String(CHART_WAVE);
  for (const d of await services.indicators.definitions('okinawa-2026', '47')) {
    if (d.status !== 'active' || d.kind !== 'proportion' || !d.direction || d.direction === 'none') continue;
    const g = (
      await services.gaps.indicatorGaps({ indicator: d.id, prefecture: '47', period: CHART_WAVE, around: 'prefecture' })
    ).body;
    const s = g.municipalities.find((m) => m.status === 'suppressed');
    if (!s || !g.funnel) continue;
    const hidden = { code: s.municipality.code, name: s.municipality.name };
    return {
      indicator: d.id,
      hidden,
      analyst: {
        comparison: { period, indicator: d.id },
        funnel: { period, indicator: d.id },
        trend: { period, indicator: d.id, municipality: '472018', from: String(CHART_WAVE - 3) },
        profile: { period, municipality: '472018' },
        'logic-model': { period, municipality: '472018' },
      },
      viewer: {
        comparison: { period, indicator: d.id, level: 'area' },
        funnel: { period, indicator: d.id, level: 'area' },
        trend: { period, indicator: d.id, area: '南部', from: String(CHART_WAVE - 3) },
        profile: { period, area: '南部' },
        'logic-model': { period },
      },
    };
  }
  throw new Error('No proportion with a suppressed municipality in the fixtures.');
}
