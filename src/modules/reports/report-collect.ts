import type { Principal } from '../auth/auth.types.js';
import { assertMunicipality, assertPrefecture } from '../../plugins/auth.js';
import { ForbiddenError } from '../../shared/errors.js';
import type { GapIndicatorDto } from '../gaps/gaps.schemas.js';
import type { IndicatorSection, MunicipalityReportData, PrefectureReportData, ReportMeta } from './report-data.js';
import { chartImage, dataVersions, type ReportSources } from './report-sources.js';
import { dateJa } from './xlsx/prefecture-workbook.js';
import { problemDetails } from '../../shared/messages.js';
import { limiter } from '../../shared/concurrent.js';

/** Trend charts in a municipality workbook: the first shortfalls in model order. */
const MAX_TREND_CHARTS = 6;

/** Progress of a job, 0–100. */
export type Progress = (percent: number) => Promise<void> | void;

async function metaOf(
  src: ReportSources,
  reader: Principal,
  prefecture: string,
  modelId: string,
  period: number,
  now: Date,
) {
  const pref = (await src.regions.listPrefectures()).find((p) => p.code === prefecture);
  const tree = await src.logicModels.tree(modelId);
  const meta: ReportMeta = {
    prefectureCode: prefecture,
    prefectureName: pref?.name ?? prefecture,
    model: { id: tree.id, title: tree.title, version: tree.version },
    period,
    createdAt: now,
    reader: `${reader.name}（${reader.role}）`,
  };
  return { meta, tree };
}

/** Upload ids behind the values a reader may see of the model's indicators. */
async function provenance(
  src: ReportSources,
  reader: Principal,
  prefecture: string,
  period: number,
  ids: string[],
  own?: string,
) {
  const uploads = new Set<string>();
  // The prefecture's value is computed from every municipality's inputs: its provenance is all of them.
  const levels = own ? (['municipality'] as const) : (['prefecture'] as const);
  // Read side by side (one round trip each, over the pool), not one after another.
  const all = await Promise.all(ids.map((id) => src.indicators.values({ indicator: id, prefecture, period, levels })));
  for (const res of all) {
    for (const v of res.values) {
      // The same rule as the values route: a municipality key reads its own municipality only.
      if (reader.role === 'municipality' && v.level === 'municipality' && v.code !== own) continue;
      for (const u of v.provenance.uploads) uploads.add(u);
    }
  }
  return uploads;
}

/**
 * The prefecture workbook's rows, read for `reader` (an analyst or admin of the prefecture):
 * the aggregate gaps, each indicator across the municipalities, the priorities, definitions and
 * the input versions behind them.
 */
export async function collectPrefecture(
  src: ReportSources,
  reader: Principal,
  args: {
    prefecture: string;
    model: string;
    period: number;
    now: Date;
    /** Charts drawn at once (default {@link CHART_CONCURRENCY}; the chart warmer draws one at a time). */
    chartConcurrency?: number;
  },
  progress: Progress,
): Promise<PrefectureReportData> {
  if (reader.role !== 'admin' && reader.role !== 'analyst')
    throw new ForbiddenError(problemDetails.prefectureWorkbookForAnalysts());
  assertPrefecture(reader, args.prefecture);
  const { prefecture, period, model } = args;
  const { meta } = await metaOf(src, reader, prefecture, model, period, args.now);
  const aggregate = await src.gaps.aggregateGaps({ prefecture, period, model });
  const defs = new Map((await src.indicators.definitions(model, prefecture)).map((d) => [d.id, d]));
  const prefUnit = aggregate.body.units.find((u) => u.level === 'prefecture');
  const order = (prefUnit?.indicators ?? []).map((g) => g.indicator).filter((id) => defs.has(id));
  const byUnit = (code: string) =>
    new Map((aggregate.body.units.find((u) => u.code === code)?.indicators ?? []).map((g) => [g.indicator, g]));
  const prefRows = byUnit(prefecture);
  const areas = aggregate.body.units
    .filter((u) => u.level === 'area')
    .map((u) => ({ area: u.code, rows: byUnit(u.code) }));

  const sections: IndicatorSection[] = [];
  // Charts are drawn off the event loop (resvg on the thread pool), a few at a time, while the next
  // indicators' rows are read.
  const draw = limiter(args.chartConcurrency ?? CHART_CONCURRENCY);
  const charts: Promise<void>[] = [];
  for (const [i, id] of order.entries()) {
    const gaps = (await src.gaps.indicatorGaps({ indicator: id, prefecture, period, around: 'prefecture' })).body;
    const def = defs.get(id)!;
    const section: IndicatorSection = {
      def,
      gaps,
      prefecture: prefRows.get(id) ?? null,
      areas: areas.flatMap((a) => (a.rows.get(id) ? [{ area: a.area, gap: a.rows.get(id) as GapIndicatorDto }] : [])),
      chart: null,
    };
    sections.push(section);
    // A chart only where there is something to draw: an active indicator with a shown value.
    if (def.status === 'active' && gaps.municipalities.some((g) => g.value !== null)) {
      charts.push(
        draw(async () => {
          section.chart = await chartImage(src, reader, `${def.label_ja}（市町村比較）`, 'comparison', {
            indicator: id,
            prefecture,
            period,
          });
        }),
      );
    }
    await progress(5 + Math.round((60 * (i + 1)) / order.length));
  }
  await Promise.all(charts);
  await progress(75);
  const priorities = (await src.gaps.priorities({ prefecture, period, model, limit: 10000 })).body;
  const municipalities = (await src.regions.listMunicipalities(prefecture)).map((m) => ({
    code: m.code,
    name: m.name,
    area: m.area.medical,
  }));
  const ids = await provenance(src, reader, prefecture, period, order);
  // The tracker as it stands the day the workbook is made (Japan's date), if anything is recorded.
  const tracker = src.items ? await src.items.summary(prefecture, dateJa(args.now)) : null;
  const items = tracker?.items.some((i) => i.unknown < tracker.municipalities) ? tracker : null;
  await progress(85);
  return {
    meta,
    municipalities,
    sections,
    priorities,
    items,
    versions: await dataVersions(src, reader, prefecture, ids),
  };
}

/** Charts drawn at once while a workbook is collected. */
const CHART_CONCURRENCY = 4;

/** A municipality workbook's rows, read for `reader` (an analyst of its prefecture, or its own key). */
export async function collectMunicipality(
  src: ReportSources,
  reader: Principal,
  args: { municipality: string; model: string; period: number; now: Date },
  progress: Progress,
): Promise<MunicipalityReportData> {
  if (reader.role === 'viewer') throw new ForbiddenError(problemDetails.viewerAggregatesOnly());
  assertMunicipality(reader, args.municipality);
  const prefecture = args.municipality.slice(0, 2);
  const { meta, tree } = await metaOf(src, reader, prefecture, args.model, args.period, args.now);
  const gaps = (await src.gaps.municipalityGaps({ code: args.municipality, period: args.period, model: args.model }))
    .body;
  await progress(30);
  const definitions = await src.indicators.definitions(args.model, prefecture);
  const ids = await provenance(
    src,
    reader,
    prefecture,
    args.period,
    gaps.indicators.map((g) => g.indicator),
    args.municipality,
  );
  await progress(50);
  // The profile (every indicator against area and prefecture), then the trend of each shortfall.
  const charts = [];
  // The prefecture named: a key of no prefecture (an admin) reads the charts too.
  const base = { prefecture, municipality: args.municipality, period: args.period, model: args.model };
  const profile: [string, string, Record<string, unknown>][] = gaps.indicators.some((g) => g.value !== null)
    ? [[`${gaps.municipality.name}のプロファイル（県・圏域との比較）`, 'profile', base]]
    : [];
  const wanted: [string, string, Record<string, unknown>][] = [
    ...profile,
    ...gaps.indicators
      .filter((g) => g.status.startsWith('not_achieved'))
      .slice(0, MAX_TREND_CHARTS)
      .map((g): [string, string, Record<string, unknown>] => [
        `${g.label_ja}の推移`,
        'trend',
        { ...base, indicator: g.indicator },
      ]),
  ];
  for (const [caption, kind, params] of wanted) {
    const img = await chartImage(src, reader, caption, kind, params);
    if (img) charts.push(img);
  }
  await progress(70);
  return { meta, gaps, tree, definitions, versions: await dataVersions(src, reader, prefecture, ids), charts };
}
