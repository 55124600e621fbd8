import type { CsvColumn, CsvTable } from '../../shared/csv.js';
import { comparisonLabels, directionLabels, labelOf, levelLabels, unitLabels } from '../../shared/labels-ja.js';
import { sourceLabels, statusLabels as statusLabelsJa } from '../targets/targets.messages.js';
import type { GapIndicatorDto, MunicipalityGapsDto } from './gaps.schemas.js';
import type { AggregateGapsDto, IndicatorGapsDto, PrioritiesDto } from './views.schemas.js';

/**
 * The gap views as CSV tables (src/plugins/csv.ts): one row per indicator or municipality, the
 * same fields as the JSON. A suppressed row has empty number cells and 状態 秘匿.
 */
type Ref = { code: string; name: string; area: string };

const src = (s: string | undefined) => (s ? sourceLabels[s as keyof typeof sourceLabels] : null);

/** The columns of one gap, after the columns that say whose it is. */
export const gapColumns: CsvColumn<GapIndicatorDto>[] = [
  { label: '指標ID', value: (g) => g.indicator },
  { label: '指標名', value: (g) => g.label_ja },
  { label: '単位', value: (g) => labelOf(unitLabels, g.unit) },
  { label: '方向', value: (g) => labelOf(directionLabels, g.direction) },
  { label: '期間', value: (g) => g.period },
  { label: '状態', value: (g) => g.statusLabel },
  { label: '理由', value: (g) => g.reason },
  { label: '値', value: (g) => g.value?.value },
  { label: '95%信頼区間下限', value: (g) => g.value?.lower },
  { label: '95%信頼区間上限', value: (g) => g.value?.upper },
  { label: 'n', value: (g) => g.value?.sampleSize },
  { label: '目標値', value: (g) => g.target?.value },
  { label: '目標の出所', value: (g) => src(g.target?.source) },
  { label: '目標年度', value: (g) => g.target?.targetYear },
  { label: '基準年度', value: (g) => g.target?.baselineYear },
  { label: '基準値', value: (g) => g.target?.baselineValue },
  { label: 'ギャップ（正＝不足）', value: (g) => g.gap },
  { label: '達成率', value: (g) => g.achievementRatio },
  { label: '進捗率', value: (g) => g.progressRatio },
  { label: '圏域値', value: (g) => g.comparison.area.value },
  { label: '圏域との比較', value: (g) => labelOf(comparisonLabels, g.comparison.area.result) },
  { label: '県値', value: (g) => g.comparison.prefecture.value },
  { label: '県との比較', value: (g) => labelOf(comparisonLabels, g.comparison.prefecture.result) },
  { label: '前期', value: (g) => g.trend?.previousPeriod },
  { label: '前期からの変化', value: (g) => g.trend?.change },
  { label: '推移', value: (g) => labelOf(comparisonLabels, g.trend?.assessment) },
  {
    label: '推移の有意性',
    value: (g) => (g.trend?.significant == null ? null : g.trend.significant ? '有意' : '有意差なし'),
  },
];

const withRef = <R>(ref: (r: R) => Ref, gap: (r: R) => GapIndicatorDto): CsvColumn<R>[] => [
  { label: '市町村コード', value: (r) => ref(r).code },
  { label: '市町村名', value: (r) => ref(r).name },
  { label: '圏域', value: (r) => ref(r).area },
  ...gapColumns.map((c) => ({ label: c.label, value: (r: R) => c.value(gap(r)) })),
];

type MunicipalityRow = { m: MunicipalityGapsDto['municipality']; g: GapIndicatorDto };
export const municipalityGapsCsv: CsvTable<MunicipalityGapsDto, MunicipalityRow> = {
  rows: (b) => b.indicators.map((g) => ({ m: b.municipality, g })),
  columns: withRef(
    (r) => r.m,
    (r) => r.g,
  ),
  fileName: (b) => `${b.municipality.name}_ギャップ_${b.period}`,
};

type IndicatorRow = IndicatorGapsDto['municipalities'][number];
export const indicatorGapsCsv: CsvTable<IndicatorGapsDto, IndicatorRow> = {
  rows: (b) => b.municipalities,
  columns: withRef(
    (r) => r.municipality,
    (r) => r,
  ),
  fileName: (b) => `${b.label_ja}_市町村別ギャップ_${b.period}`,
};

type AggregateRow = { level: string; code: string; g: GapIndicatorDto };
export const aggregateGapsCsv: CsvTable<AggregateGapsDto, AggregateRow> = {
  rows: (b) => b.units.flatMap((u) => u.indicators.map((g) => ({ level: u.level, code: u.code, g }))),
  columns: [
    { label: '区分', value: (r) => labelOf(levelLabels, r.level) },
    { label: 'コード・圏域名', value: (r) => r.code },
    ...gapColumns.map((c) => ({ label: c.label, value: (r: AggregateRow) => c.value(r.g) })),
  ],
  fileName: (b) => `${b.prefecture}_県・圏域ギャップ_${b.period}`,
};

type PriorityRow = PrioritiesDto['items'][number];
export const prioritiesCsv: CsvTable<PrioritiesDto, PriorityRow> = {
  rows: (b) => b.items,
  columns: [
    { label: '順位', value: (p) => p.rank },
    { label: '市町村コード', value: (p) => p.municipality.code },
    { label: '市町村名', value: (p) => p.municipality.name },
    { label: '圏域', value: (p) => p.municipality.area },
    { label: '指標ID', value: (p) => p.indicator },
    { label: '指標名', value: (p) => p.label_ja },
    { label: '状態', value: (p) => labelOf(statusLabelsJa as Record<string, string>, p.status) },
    { label: '値', value: (p) => p.value?.value },
    { label: '95%信頼区間下限', value: (p) => p.value?.lower },
    { label: '95%信頼区間上限', value: (p) => p.value?.upper },
    { label: '目標値', value: (p) => p.target?.value },
    { label: '目標の出所', value: (p) => src(p.target?.source) },
    { label: 'ギャップ（正＝不足）', value: (p) => p.gap },
    { label: '標準誤差', value: (p) => p.standardError },
    { label: '標準化距離', value: (p) => p.standardisedDistance },
    { label: '相対ギャップ', value: (p) => p.relativeGap },
  ],
  fileName: (b) => `${b.prefecture}_優先課題_${b.period}`,
};
