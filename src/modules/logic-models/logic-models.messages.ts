/**
 * Every message of the logic-model validator, in Japanese for the analyst who edits the YAML;
 * the English problem code is appended by formatProblem.
 */
const q = (s: string) => `"${s}"`;

export const messages = {
  fileMissing: () => 'ファイルがありません',
  yamlSyntax: (detail: string) => `YAMLとして読めません: ${detail}`,
  invalidField: (path: string, detail: string) => `項目 ${path || '(全体)'} が不正です: ${detail}`,
  badEnum: (path: string, detail: string) => `項目 ${path} の値が選択肢にありません: ${detail}`,
  unknownKey: (path: string, keys: readonly string[]) =>
    `${path ? `${path} に` : ''}未知の項目があります: ${keys.join(', ')}`,
  duplicateId: (id: string) => `ID ${q(id)} が重複しています`,
  sourcePrefixMismatch: (id: string, source: string) =>
    `ID ${q(id)} の先頭が source ${q(source)} と合いません（reference は ref. か std.）`,
  unknownMeasure: (field: string, measure: string) =>
    `${field} の測定値 ${q(measure)} は measures.yaml にありません`,
  missingFormula: () => '有効（active）な指標には numerator と denominator が必要です（kind: count は numerator のみ）',
  countWithDenominator: () => 'kind: count の指標に denominator は書けません',
  missingField: (fields: readonly string[]) => `有効（active）な指標に必要な項目がありません: ${fields.join(', ')}`,
  ciKindMismatch: (ci: string, kind: string, allowed: readonly string[]) =>
    `ci ${q(ci)} は kind ${q(kind)} に使えません（使えるもの: ${allowed.join(', ')}）`,
  unitMismatch: (detail: string) => `unit と kind・factor が合いません: ${detail}`,
  overdispersionKind: (kind: string) =>
    `overdispersion: random_effects はファンネルのある kind（proportion, rate）にだけ使えます（kind: ${kind}）`,
  dsrIncomplete: () => 'kind: dsr の指標には standard（標準人口）と strata が必要です',
  notStratified: (field: string, measure: string) =>
    `${field} の測定値 ${q(measure)} は性・年齢階級別（stratified）ではないため標準化に使えません`,
  weightsMissing: () => 'ci: wilson_weighted には weights.sumsq（ウェイト二乗和）が必要です',
  unknownIndicator: (indicator: string) => `指標 ${q(indicator)} は indicators.yaml にありません`,
  duplicateIndicator: (indicator: string) => `指標 ${q(indicator)} が同じノードに重複しています`,
  unknownParent: (parent: string) => `親ノード ${q(parent)} がこのモデルにありません`,
  missingParent: (level: string) => `level ${q(level)} のノードには parent が必要です`,
  finalHasParent: () => '最終アウトカム（final）に parent は書けません',
  noFinal: () => '最終アウトカム（level: final）のノードがありません',
  multipleFinal: (ids: readonly string[]) =>
    `最終アウトカム（level: final）は1つだけです: ${ids.map(q).join(', ')}`,
  cycle: (ids: readonly string[]) => `parent が循環しています: ${ids.map(q).join(' → ')}`,
  levelOrder: (level: string, parent: string, parentLevel: string) =>
    `level ${q(level)} のノードは親 ${q(parent)}（${parentLevel}）より下の階層でなければなりません`,
  unknownScene: (scene: string) => `場面 ${q(scene)} はモデルの scenes にありません`,
} as const;
