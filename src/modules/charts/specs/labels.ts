import { statusLabels } from '../../targets/targets.messages.js';

/** Japanese words of the charts (titles, axes, legends, tooltips): one place, as in vega-lite's own log messages. */
export const L = {
  municipality: '市町村',
  area: '圏域',
  value: '値',
  ci95: '95%信頼区間',
  lower: '下限',
  upper: '上限',
  target: '目標',
  targetYear: '目標年度',
  targetSource: '目標の設定元',
  status: '目標に対する状況',
  period: '年度',
  prefectureAverage: '県全体',
  suppressed: '秘匿',
  noData: 'データなし',
  notShown: '非表示',
  denominator: '分母（対象数）',
  zone: '管理限界との位置',
  series: '系列',
  indicator: '指標',
  range: '範囲',
} as const;

/**
 * The fixed Japanese wording of the specs' titles, subtitles and notes outside {@link L}: part of
 * the font hint (charts.service.ts), so that the first chart's font subset covers every chart of
 * a prefecture. A test checks that it holds every Japanese character written in specs/.
 */
export const SPEC_PHRASES = [
  '目標なし（年度）県の目標基準の別。横線は信頼区間、別比較（',
  '限界より上限界内限界より下管理限界のファネルプロット（。中心線＝実線＝・破線＝中心線',
  '個別施策初期アウトカム中間アウトカム分野アウトカム最終アウトカム指標なし／',
  'ロジックモデルの達成状況（各ボックスはその指標のうち最も悪い状況の色。詳細はツールチップ項目悪い良い',
  '県全体の指標プロファイル（中央線＝県全体（件数の指標は、の中央値）薄い帯＝の範囲、濃い帯＝四分位範囲',
  '右ほど良い（方向のない指標は右ほど高い）年度の目標の推移（帯は信頼区間。',
].join('');

/** Subtitle lead of the units whose values are suppressed (comparison and funnel). */
export const SUPPRESSED_NOTE = '秘匿（少数のため非表示）';

/** Status → Japanese label (the gaps service's own wording). */
export const statusLabel = (s: string): string => (statusLabels as Record<string, string>)[s] ?? s;

/** Colours by status, in the order legends list them; the worst first. */
export const STATUS_COLOURS: readonly [status: string, colour: string][] = [
  ['not_achieved_significant', '#c62828'],
  ['not_achieved_not_significant', '#f0a30a'],
  ['not_achieved', '#e8590c'],
  ['achieved', '#2e7d32'],
  ['no_target', '#5b7fa6'],
  ['no_data', '#bdbdbd'],
  ['suppressed', '#8d8d8d'],
  ['not_shown', '#a8a8a8'],
  ['not_yet_measurable', '#d9d9d9'],
];

/** A colour scale over the statuses present (legend in Japanese, fixed colours). */
export function statusScale(present: Iterable<string>) {
  const have = new Set(present);
  const used = STATUS_COLOURS.filter(([s]) => have.has(s));
  return { domain: used.map(([s]) => statusLabel(s)), range: used.map(([, c]) => c) };
}

/** Units in words (axis suffixes and values). */
export const UNIT_LABELS: Record<string, string> = {
  percent: '％',
  per_10k: '人口1万対',
  yen_per_month: '円／月',
  years: '歳',
  count: '件',
};

/** The unit as an axis suffix: "（％）", or empty. */
export const unitSuffix = (unit: string | null) => (unit && UNIT_LABELS[unit] ? `（${UNIT_LABELS[unit]}）` : '');

/** d3-format for a value of this unit. */
export const valueFormat = (unit: string | null) => (unit === 'count' || unit === 'yen_per_month' ? ',.0f' : ',.1f');

// Built once: toLocaleString with options builds a new Intl.NumberFormat on every call (tens of µs).
const WHOLE = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value as text, with its unit. */
export function formatValue(v: number | null, unit: string | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  const s = (unit === 'count' || unit === 'yen_per_month' ? WHOLE : ONE_DECIMAL).format(v);
  return unit && UNIT_LABELS[unit] ? `${s}${unit === 'percent' ? '％' : ` ${UNIT_LABELS[unit]}`}` : s;
}

/** Direction in words, for subtitles. */
export const directionNote = (d: string | null) =>
  d === 'higher_is_better' ? '高いほど良い' : d === 'lower_is_better' ? '低いほど良い' : '';
