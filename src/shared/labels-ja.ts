/** Japanese labels of codes that analysts read in CSV files and workbooks. */

export const levelLabels: Record<string, string> = {
  municipality: '市町村',
  area: '圏域',
  insurer: '保険者',
  prefecture: '都道府県',
};

export const valueStatusLabels: Record<string, string> = {
  shown: '表示',
  suppressed: '秘匿',
  not_shown: '非表示（統計上の理由）',
  no_data: 'データなし',
};

export const comparisonLabels: Record<string, string> = {
  better: 'よい',
  similar: '同程度',
  worse: 'わるい',
  higher: '高い',
  lower: '低い',
  same: '同じ',
};

export const directionLabels: Record<string, string> = {
  higher_is_better: '高いほどよい',
  lower_is_better: '低いほどよい',
  none: '方向なし',
};

export const unitLabels: Record<string, string> = {
  percent: '%',
  per_10k: '1万人当たり',
  yen_per_month: '円/月',
  years: '歳',
  count: '件・か所',
};

export const uploadStatusLabels: Record<string, string> = {
  current: '現行',
  superseded: '置換済み',
  partly_superseded: '一部置換済み',
  retracted: '取消済み',
  dry_run: '試行',
};

export const scopeLabels: Record<string, string> = { prefecture: '都道府県', area: '圏域', municipality: '市町村' };

/** The label of a code, or the code itself when it has none. */
export const labelOf = (labels: Record<string, string>, code: string | null | undefined): string | null =>
  code == null ? null : (labels[code] ?? code);
