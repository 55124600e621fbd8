/**
 * Japanese labels of every code a person reads in an answer: units, value statuses, suppression
 * reasons, comparisons, trends, directions and levels. The codes stay as they are (machine
 * readable); DTOs put the label beside them (`unit` + `unitLabel`, `status` + `statusLabel`, …).
 */

/** Indicator units (indicators.yaml `unit`). */
export const unitLabels: Record<string, string> = {
  percent: '％',
  per_10k: '件/1万人',
  yen_per_month: '円/月',
  years: '歳',
  count: '件',
};

/** Status of an indicator value. */
export const valueStatusLabels: Record<string, string> = {
  shown: '表示',
  suppressed: '秘匿',
  not_shown: '非表示（統計上の理由）',
  no_data: 'データなし',
};

/** Why a value is withheld (disclosure control and statistical reasons). */
export const reasonLabels: Record<string, string> = {
  suppressed: '秘匿：小さな数を守るため（秘匿の規則。理由の内訳は示さない）',
  small_denominator: '秘匿：分母が少ない（10未満）',
  small_count: '秘匿：該当数が1～2',
  secondary: '秘匿：他の秘匿値の逆算を防ぐため（二次秘匿）',
  aggregate: '秘匿：集計値から秘匿値が逆算できるため',
  dsr_count_below_minimum: '非表示：件数が10未満のため年齢調整率を表示しない',
  zero_denominator: '非表示：分母が0',
  no_standard_population: '非表示：標準人口が未登録',
  inconsistent_strata: '非表示：性・年齢階級別データが不完全',
  not_standardisable: '非表示：性・年齢階級別のデータがなく年齢調整できない',
  total_count_below_minimum: '非表示：件数が10未満のため年齢調整率を表示しない',
};

/** Comparison with the area or the prefecture. */
export const comparisonLabels: Record<string, string> = {
  better: '良い',
  similar: '差なし',
  worse: '悪い',
  higher: '高い',
  lower: '低い',
};

/** Change since the previous period. */
export const trendLabels: Record<string, string> = {
  better: '改善',
  worse: '悪化',
  higher: '上昇',
  lower: '低下',
  same: '変化なし',
};

/** Direction of an indicator. */
export const directionLabels: Record<string, string> = {
  higher_is_better: '高い方が良い',
  lower_is_better: '低い方が良い',
  none: '方向なし',
};

/** Levels of a unit. */
export const levelLabels: Record<string, string> = {
  municipality: '市町村',
  area: '圏域',
  insurer: '保険者',
  prefecture: '都道府県',
};

/** The label of a code, or null when there is no code (or no label for it). */
export const labelOf = (labels: Record<string, string>, code: string | null | undefined): string | null =>
  code === null || code === undefined ? null : (labels[code] ?? null);
