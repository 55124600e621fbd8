import type { RowError } from '../../shared/errors.js';

/**
 * Every user-facing message of reference-statistics ingestion, keyed by an English snake_case
 * code. Callers branch on the code, never on the text. Header and file-format problems come
 * from the survey reader with the survey layer's codes and messages (unknown_column, …).
 */
const templates = {
  empty_file: () => 'ファイルが空です',
  no_rows: () => 'データ行がありません',
  missing_required: () => '必須項目が空です',
  unknown_measure: () => '測定項目の一覧（measures.yaml）にない参照統計の指標です',
  not_number: () => '数値ではありません',
  negative_value: () => '負の値は登録できません（0以上の数値を指定してください）',
  value_too_large: (p: { max: string }) => `値が大きすぎます（${p.max}以下。単位・桁を確認してください）`,
  invalid_period: () => '年度（年）は2000〜2100の4桁で指定してください',
  malformed_municipality_code: () => '6桁の市町村コードではありません',
  invalid_check_digit: () => '検査数字が正しくない市町村コードです',
  foreign_municipality: () => '市町村マスタにない市町村コードです',
  municipality_not_permitted: (p: { bound: string }) => `このキーで登録できるのは都道府県 ${p.bound} の市町村のみです`,
  national_not_permitted: (p: { code: string }) =>
    `全国（${p.code}）の標準人口はマスタデータです。管理者（admin）のキーでのみ登録・差し替えできます`,
  national_code_not_allowed: (p: { code: string }) =>
    `市町村コード ${p.code}（全国）は標準人口（std.）の指標にのみ使えます`,
  national_code_required: (p: { code: string }) =>
    `標準人口（std.）の指標は市町村コード ${p.code}（全国）で登録してください`,
  code_out_of_list: (p: { allowed: string }) => `コード表にない値です（${p.allowed}）`,
  stratum_required: () =>
    '性別・年齢階級別の値は性別と年齢階級の両方を指定します（合計は両方とも空欄にしてください）',
  stratum_not_allowed: () => 'この指標は性別・年齢階級別ではありません（空欄にしてください）',
  strata_incomplete: (p: { given: number; expected: number }) =>
    `性別×年齢階級の区分がそろっていません（${p.expected}区分中${p.given}区分）`,
  duplicate_row: (p: { firstRow: number }) =>
    `${p.firstRow}行目と重複しています（指標・市町村・年度・性別・年齢階級が同じ）`,
  total_mismatch: (p: { parts: string; sum: string }) => `内訳（${p.parts}）の合計 ${p.sum} と一致しません`,
  sum_incomplete: (p: { label: string; missing: string }) =>
    `${p.label}の内訳と総数はそろえて登録してください（不足: ${p.missing}）`,
  several_prefectures: () => '1ファイルに複数の都道府県のデータがあります',
} as const;

type Templates = typeof templates;

/** Every error code of reference ingestion. */
export type ReferenceErrorCode = keyof Templates;

/** The Japanese message of an error code. */
export function referenceMessage<C extends ReferenceErrorCode>(code: C, ...params: Parameters<Templates[C]>): string {
  const template = templates[code] as (...args: Parameters<Templates[C]>) => string;
  return template(...params);
}

/** Every error code, e.g. to test that each one has a message. */
export const referenceErrorCodes = Object.freeze(Object.keys(templates) as ReferenceErrorCode[]);

/** One row error with its Japanese message; `value` is the offending cell as written. */
export function refError<C extends ReferenceErrorCode>(
  row: number | null,
  column: string | null,
  value: string | null,
  code: C,
  ...params: Parameters<Templates[C]>
): RowError {
  return { row, column, value, code, message: referenceMessage(code, ...params) };
}
