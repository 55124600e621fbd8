/**
 * Every user-facing message of the survey input layer, keyed by an English snake_case code.
 * Callers branch on the code, never on the text.
 */
const templates = {
  // File level (SurveyFileError): the whole file is unreadable.
  empty_file: () => 'ファイルが空です',
  no_header: () => '見出し行がありません',
  legacy_xls: () => 'xls形式（Excel 97-2003）には対応していません。xlsx または CSV で保存してください',
  unsupported_encoding: () => '文字コードを判別できません。UTF-8 または Shift_JIS で保存してください',
  invalid_encoding: (p: { encoding: string }) =>
    `文字コード（${p.encoding}）として読めない文字があります。UTF-8 または Shift_JIS で保存し直してください`,
  malformed_csv: () => 'CSVの形式が正しくありません（引用符の対応などを確認してください）',
  malformed_xlsx: () => 'xlsxファイルを読み込めません',
  no_worksheet: () => 'ワークシートがありません',
  xlsx_too_large: () =>
    'xlsxファイルの展開後の大きさが上限を超えています（極端な圧縮率のファイルは受け付けません）。CSVで保存するか、ファイルを分けてください',
  xlsx_cell_too_long: () => 'xlsxファイルに長すぎるセル・文字列・空白があります（1セル約3万文字まで）',
  xlsx_too_many_sheets: () => 'xlsxファイルのシートや部品が多すぎます（シート64・部品2000まで）',
  xlsx_too_many_strings: () => 'xlsxファイルの共有文字列が上限（100万件・64MB）を超えています',
  xlsx_external_link: () => '外部ブックへのリンクを含むxlsxファイルは受け付けません。値のみを貼り付けて保存してください',
  xlsx_macro: () => 'マクロ（VBA・ActiveX）を含むファイルは受け付けません。マクロなしのxlsxで保存してください',
  too_many_rows: () => '行数が上限（1,048,576行）を超えています。ファイルを分けてください',

  // Header (row of column names).
  unknown_column: () => '不明な列です',
  missing_column: (p: { label: string }) => `必須の列がありません（${p.label}）`,
  duplicate_column: (p: { first: string }) => `同じ列が重複しています（「${p.first}」と同じ列）`,

  // Cells.
  cell_outside_columns: () => '見出しのない列に値があります',
  missing_required: () => '必須項目が空です',
  not_integer: () => '整数ではありません',
  not_number: () => '数値ではありません',
  code_out_of_list: (p: { allowed: string }) => `コード表にない値です（${p.allowed}）`,
  invalid_flag: () => '0 または 1 ではありません',
  out_of_range: (p: { range: string }) => `範囲外の値です（${p.range}）`,
  too_long: (p: { max: number }) => `${p.max}文字を超えています`,
  malformed_municipality_code: () => '6桁の市町村コードではありません',
  invalid_check_digit: () => '検査数字が正しくない市町村コードです',
  foreign_municipality: () => '市町村マスタにない市町村コードです',
  municipality_not_permitted: (p: { bound: string }) =>
    `この市町村のデータは登録できません（登録できるのは ${p.bound} のみ）`,
  total_mismatch: (p: { parts: string }) => `内訳（${p.parts}）の合計と一致しません`,
  duplicate_id: (p: { firstRow: number; key: string }) => `${p.firstRow}行目と重複しています（${p.key}）`,

  // Request fields.
  invalid_wave: () => '調査年度は2000〜2100の4桁の年度で指定してください',
} as const;

type Templates = typeof templates;

/** Every error code of the survey input layer. */
export type SurveyErrorCode = keyof Templates;

/** The parameters a code's message needs (none for most). */
export type MessageParams<C extends SurveyErrorCode> = Parameters<Templates[C]>;

/** The Japanese message of an error code. */
export function message<C extends SurveyErrorCode>(code: C, ...params: MessageParams<C>): string {
  const template = templates[code] as (...args: MessageParams<C>) => string;
  return template(...params);
}

/** Every error code, e.g. for an OpenAPI enum or to test that each one has a message. */
export const surveyErrorCodes = Object.freeze(Object.keys(templates) as SurveyErrorCode[]);

/** '1〜3' for a run of consecutive integers, else '1、3、5'. */
export function describeAllowed(codes: readonly string[]): string {
  const nums = codes.map(Number);
  const consecutive =
    nums.length > 2 && nums.every((n, i) => Number.isInteger(n) && (i === 0 || n === nums[i - 1] + 1));
  return consecutive ? `${codes[0]}〜${codes[codes.length - 1]}` : codes.join('、');
}

/** '65〜120', '0以上', '0より大きい', for out_of_range. */
export function describeRange(min: number | undefined, max: number | undefined, exclusiveMin = false): string {
  if (min !== undefined && max !== undefined && !exclusiveMin) return `${min}〜${max}`;
  const lower = min === undefined ? '' : exclusiveMin ? `${min}より大きい` : `${min}以上`;
  const upper = max === undefined ? '' : `${max}以下`;
  return [lower, upper].filter(Boolean).join('、');
}
