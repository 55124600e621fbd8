/**
 * Every Japanese message of the targets and gaps modules, in one place. Codes (English) go beside
 * them in problem+json; the analyst reads the Japanese.
 */
export const messages = {
  emptyFile: () => 'ファイルが空です',
  invalidCsv: (reason: string) => `CSVの形式が正しくありません（引用符の対応などを確認してください）: ${reason}`,
  noRows: () => 'データ行がありません',
  unknownColumn: (h: string) => `不明な列です: ${h}`,
  missingColumn: (c: string) => `必須列がありません: ${c}`,
  duplicateColumn: (c: string) => `同じ列が重複しています: ${c}`,
  cellOutsideColumns: () => '見出しのない列に値があります',
  required: () => '必須項目が空です',
  unknownIndicator: (id: string) => `指標IDがカタログにありません: ${id}`,
  plannedIndicator: (id: string) => `指標 ${id} は未測定（planned）のため目標を設定できません`,
  noDirection: (id: string) => `指標 ${id} には望ましい方向がないため目標を設定できません`,
  invalidScope: () => '範囲は prefecture（都道府県）・area（圏域）・municipality（市町村）のいずれかです',
  unknownArea: (a: string) => `圏域（二次医療圏）が見つかりません: ${a}`,
  unknownMunicipality: (c: string) => `この都道府県の市町村コードではありません: ${c}`,
  prefectureMismatch: (p: string) => `都道府県コードが ${p} と一致しません`,
  invalidYear: () => '年度は2000～2100の整数で指定してください',
  nonNumeric: () => '数値ではありません',
  outOfRange: (lo: number, hi: number) => `値は${lo}～${hi}の範囲で指定してください`,
  negative: () => '負の値は指定できません',
  baselineAfterTarget: () => '基準年度が目標年度より後です',
  duplicateKey: (row: number) => `同じ指標・範囲・コード・目標年度の行が重複しています（${row}行目と同じ）`,
  rejected: () => '目標ファイルにエラーがあるため、取り込みませんでした（変更なし）',
} as const;

/** Japanese labels of the gap statuses (for reports and charts). */
export const statusLabels = {
  achieved: '達成',
  not_achieved_significant: '未達成（有意）',
  not_achieved_not_significant: '未達成（有意差なし）',
  not_achieved: '未達成（信頼区間なし・有意性判定なし）',
  suppressed: '秘匿',
  not_shown: '非表示（統計上の理由）',
  no_data: 'データなし',
  no_target: '目標なし',
  not_yet_measurable: '未測定',
} as const;

/** Japanese labels of the target sources (inheritance). */
export const sourceLabels = { municipality: '市町村の目標', area: '圏域の目標', prefecture: '県の目標' } as const;
