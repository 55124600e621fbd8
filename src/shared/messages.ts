/**
 * Every Japanese text of a problem+json answer (`title`, `detail`) in one place. The machine-readable
 * parts — the problem `type`, each row error's `code` — stay English and never change with the
 * wording; row-level messages of an import live in their module's messages file.
 */

/** Titles per problem type (RFC 9457 `title`: the same for every occurrence of the type). */
export const problemTitles = {
  'bad-request': 'リクエストが正しくありません',
  validation: 'パラメーターが正しくありません',
  unauthorized: '認証が必要です',
  forbidden: '権限がありません',
  'not-found': '見つかりません',
  'method-not-allowed': 'このメソッドは使えません',
  conflict: '競合しています',
  'payload-too-large': 'データが大きすぎます',
  'unsupported-media-type': 'この形式のデータは受け付けていません',
  'invalid-content': '内容に誤りがあります',
  'invalid-logic-model': 'ロジックモデルに誤りがあります',
  'request-timeout': 'リクエストが時間内に終わりませんでした',
  'too-many-requests': 'リクエストが多すぎます',
  internal: 'サーバー内部のエラーです',
  unavailable: 'サービスを利用できません',
} as const;
export type ProblemSlug = keyof typeof problemTitles;

/** Details of the errors every module shares. */
export const problemDetails = {
  // ── authentication and authorisation ──
  keyRequired: () => 'APIキーが必要です。ヘッダー Authorization: Bearer <APIキー> を付けてください。',
  keyUnknown: () => 'APIキーが登録されていないか、失効しています。管理者に有効なキーを発行してもらってください。',
  roleForbidden: (role: string, allowed: readonly string[]) =>
    `ロール ${role} はこの操作を行えません（可能なロール: ${allowed.join(', ')}）。`,
  prefectureForbidden: (bound: string, requested: string) =>
    `このキーは都道府県 ${bound} 用です。都道府県 ${requested} のデータには使えません。`,
  municipalityForbidden: (bound: string | null, requested: string) =>
    `このキーは市町村 ${bound ?? '（なし）'} 用です。市町村 ${requested} のデータには使えません。`,
  prefectureNeeded: () => 'このキーは都道府県に紐づいていません。?prefecture=47 のように都道府県コード（2桁）を指定してください。',
  aggregatesOnly: (role: string) => `ロール ${role} が読めるのは集計値（圏域・保険者・都道府県）だけです。`,

  // ── requests ──
  noRoute: (method: string, path: string) => `${method} ${path} というAPIはありません。/docs で一覧を確認してください。`,
  methodNotAllowed: (method: string, path: string) => `${path} に ${method} は使えません。`,
  unsupportedMediaType: (given: string | undefined, accepted: readonly string[]) =>
    `Content-Type ${given ? `「${given}」` : 'の指定がないリクエスト'}は受け付けていません。` +
    `次のいずれかで送ってください: ${accepted.join(', ')}。`,
  invalidJson: (reason: string) => `リクエスト本文が正しいJSONではありません（${reason}）。`,
  emptyJsonBody: () => 'リクエスト本文が空です。JSONを送ってください。',
  bodyTooLarge: (limit: number) => `リクエスト本文が上限（${limit} バイト）を超えています。`,
  fileTooLarge: (limit: number) => `ファイルが上限（${limit} バイト）を超えています。`,
  validation: (count: number) =>
    `リクエストのパラメーターに誤りが${count}件あります。errors[] の各項目（どこの・どのパラメーターか・期待する形式）を確認してください。`,
  invalidUrl: () =>
    'URLに使えない文字が含まれています。日本語などURLに使えない文字はパーセントエンコードしてください' +
    "（例: area=%E5%8D%97%E9%83%A8。curl では -G --data-urlencode 'area=南部'）。",
  requestTimeout: () => 'リクエストが時間内に届きませんでした。回線を確認して、もう一度送ってください。',
  tooManyRequests: () => 'リクエストが多すぎます。retry-after ヘッダーの秒数だけ待ってから送り直してください。',
  malformedRequest: () => 'HTTPリクエストを解釈できませんでした。',
  internal: () => '予期しないエラーが発生しました。問い合わせの際は requestId を添えてください。',

  // ── uploads and imports ──
  multipartRequired: () => 'ファイルは multipart/form-data の「file」パートで送ってください。',
  oneFilePart: () => 'ファイルは「file」パートに1つだけ送ってください。',
  noFilePart: () => 'リクエストに「file」パートがありません。',
  csvOrMultipart: () => 'ファイルは text/csv の本文、または multipart/form-data の「file」パートで送ってください。',
  fileRejected: (errors: number) => `ファイルにエラーが${errors}件あるため、取り込みませんでした（変更なし）。errors[] を確認してください。`,
  fileEmpty: () => 'ファイルが空です。',
  waveNotFiscalYear: () => '調査年度（wave）が年度になっていません。例: 2025',
  surveyPartNeeded: (kind: string, parts: readonly string[]) =>
    `調査 ${kind} には票（part）が複数あります（${parts.join(', ')}）。part= で指定してください。`,
  municipalityKeysNeedsOnly: () => '市町村のキーで取り込めるのはニーズ調査（needs）だけです。',
  uploadHoldsOthers: () => 'この取り込みには他の市町村のデータが含まれています。',
  referenceLoaders: () => '参照統計を取り込めるのは管理者（admin）と分析者（analyst）のキーだけです。',
  referenceRetractUnbound: () =>
    'この取り込みには全国または他の都道府県の行が含まれています。取り消せるのは都道府県に紐づかないキーだけです。',
  masterRejected: () => '市町村マスタにエラーがあるため、取り込みませんでした（変更なし）。errors[] を確認してください。',
  targetRejected: () => '目標にエラーがあるため、保存しませんでした（変更なし）。errors[] を確認してください。',

  // ── not found ──
  noMunicipality: (code: string) => `市町村 ${code} は登録されていません。`,
  invalidMunicipalityCode: (code: string) => `${code} は正しい市町村コードではありません（6桁・検査数字を確認してください）。`,
  noMunicipalitiesLoaded: (prefecture: string) => `都道府県 ${prefecture} の市町村マスタが読み込まれていません。`,
  noIndicator: (id: string) => `指標 ${id} はありません。GET /v1/indicators で一覧を確認してください。`,
  noLogicModel: (id: string) => `ロジックモデル ${id} はありません。GET /v1/logic-models で一覧を確認してください。`,
  noLogicModelForPrefecture: (prefecture: string) => `都道府県 ${prefecture} のロジックモデルはありません。`,
  logicModelOtherPrefecture: (model: string, prefecture: string) =>
    `ロジックモデル ${model} は都道府県 ${prefecture} のものではありません。`,
  noTarget: (id: string) => `目標 ${id} はありません。`,
  noUpload: (id: string) => `取り込み ${id} はありません。`,
  noApiKey: (id: string) => `APIキー ${id} はありません。`,

  // ── API keys ──
  keyNeedsPrefecture: () =>
    'analyst と viewer のキーには "prefecture" が必要です。"47" のような都道府県コード、またはすべての都道府県なら null を指定してください。',
  keyNeedsMunicipality: () => 'municipality のキーには市町村コード（"municipality"）が必要です。',
  keyOnlyMunicipalityBound: () => '市町村に紐づけられるのは municipality のキーだけです。',
  adminNotBound: () => 'admin のキーは都道府県に紐づけられません。',
  invalidPrefecture: (code: string) => `都道府県コード ${code} は正しくありません（01～47の2桁）。`,
  areaTargetPrefecture: () => '圏域の目標には都道府県を指定してください（このキーは都道府県に紐づいていません）。',

  // ── charts ──
  aggregatesOnlyChart: () => 'viewer ロール（および埋め込みリンク）が読めるのは集計値だけです。圏域か県のグラフにしてください（例: level=area）。',
  chartNeedsIndicator: () => 'このグラフには指標が必要です。?indicator=home_death_ratio のように指定してください。',
  noArea: (area: string, prefecture: string) => `都道府県 ${prefecture} に圏域 ${area} はありません。`,
  noMunicipalityInPrefecture: (code: string, prefecture: string) => `都道府県 ${prefecture} に市町村 ${code} はありません。`,
  indicatorNotOnModel: (indicator: string, model: string) => `指標 ${indicator} はロジックモデル ${model} にありません。`,
  trendRange: (max: number) => `from は period 以下で、期間は最大 ${max} 期までにしてください。`,
  noAsset: (file: string) => `ファイル ${file} はありません。`,

  // ── embed links ──
  noEmbedLink: () => '埋め込みリンクが見つかりません（未登録・失効・期限切れ）。',
  noEmbedLinkId: (id: string) => `埋め込みリンク ${id} はありません。`,
  embedNeedsPrefecture: () => 'このキーは都道府県に紐づいていません。params.prefecture に都道府県コード（例: "47"）を指定してください。',
  embedExpiresInPast: () => 'expiresAt が過去の日時です。未来の日時を指定してください。',
  embedViewerOnly: (reason: string) => `埋め込みリンクで表示できるのは viewer が読める集計値だけです: ${reason}`,

  // ── PDCA, register, logic-model versions, reports ──
  unknownPdcaItem: (item: string) => `項目「${item}」はありません。a～h または ア～ク で指定してください。`,
  pdcaFileRejected: (errors: number) => `ファイルにエラーが${errors}件あるため、記録しませんでした（変更なし）。errors[] を確認してください。`,
  noModelInForce: (prefecture: string) =>
    `都道府県 ${prefecture} には適用中のロジックモデルがありません。先にロジックモデルを取り込み、有効化してください。`,
  measureRejected: () => '施策の内容に誤りがあるため、保存しませんでした。errors[] を確認してください。',
  noMeasure: (id: string) => `施策 ${id} はありません。`,
  measureStaysWithMunicipality: () => '施策の市町村は変えられません。別の市町村の施策は新しく作成してください。',
  noteNeedsSubject: () => '振り返りメモは node（ノード）か indicator（指標）について書いてください。',
  noteRejected: () => '振り返りメモの内容に誤りがあるため、保存しませんでした。errors[] を確認してください。',
  noLogicModelInForce: (id: string) => `ロジックモデル ${id} はどの都道府県でも適用されていません。`,
  noPrefecture: (code: string) => `都道府県 ${code} はありません。`,
  noLogicModelVersion: (prefecture: string, version: number) => `都道府県 ${prefecture} のロジックモデルに版 ${version} はありません。`,
  logicModelRejected: (problems: number) =>
    `ロジックモデルに問題が${problems}件あるため、保存しませんでした（変更なし）。problems[] と errors[] を確認してください。`,
  logicModelBody: () => 'ロジックモデルは application/yaml または application/json の本文で送ってください。',
  adminNameReserved: (name: string) => `名前 ${name} は設定された管理者キー用に予約されています。別の名前にしてください。`,
  retractOthersUpload: () => 'この取り込みには他の市町村のデータが含まれています。取り消せるのは分析者（analyst）のキーだけです。',
  schedulesForAnalysts: () => '報告書のスケジュールを使えるのは分析者（analyst）と管理者（admin）のキーだけです。',
  invalidCron: (reason: string) => `cron（5項目）またはタイムゾーンが正しくありません（${reason}）。`,
  pictureTooLarge: (width: number, height: number, max: number) =>
    `PNG が大きすぎます（${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} ピクセル、上限は合わせて ${max.toLocaleString('en-US')} ピクセル）。width・height・scale を小さくしてください。`,
  invalidTimezone: (timezone: string) =>
    `タイムゾーン「${timezone}」はありません。IANA のタイムゾーン名（例: Asia/Tokyo、UTC）で指定してください。`,
  burstNeedsMunicipalityKind: () => 'burst は市町村別の報告書を作ります。kind を municipality にしてください。',
  municipalityScheduleNeeds: () => '市町村の報告書のスケジュールには municipality か burst: true が必要です。',
  noReportSchedule: (id: string) => `報告書のスケジュール ${id} はありません。`,
  noReport: (id: string) => `報告書 ${id} はありません。`,
  reportNotReady: (id: string, status: string, error: string | null) =>
    `報告書 ${id} はまだダウンロードできません（状態: ${status}${error ? `、エラー: ${error}` : ''}）。`,
  viewerNoWorkbooks: () => 'viewer のキーが読めるのは集計値だけです。報告書（ワークブック）は作れません。',
  viewerAggregatesOnly: () => 'viewer のキーが読めるのは集計値だけです。',
  municipalityReportNeeds: () => '市町村の報告書には municipality（市町村コード）が必要です。',
  prefectureWorkbookForAnalysts: () =>
    '都道府県の報告書にはすべての市町村が載るため、分析者（analyst）と管理者（admin）のキーだけが使えます。',
  noDataYet: (prefecture: string) => `都道府県 ${prefecture} にはまだデータがありません。period を指定してください。`,
  noFunnel: () => 'この指標にはファンネルプロットがありません（中心値のある割合・率の指標だけに描きます）。',

  // ── health ──
  databaseUnreachable: () => 'データベースに接続できません。',
  // No counts: /readyz tells an unauthenticated caller no more than it must.
  migrationsPending: () => 'データベースのマイグレーションが未適用です。',
} as const;

/** Where a request parameter sits, in Japanese. */
export const parameterLocations: Record<string, string> = {
  querystring: 'クエリパラメーター',
  params: 'パスパラメーター',
  body: '本文の項目',
  headers: 'ヘッダー',
};

/** Messages of one invalid request parameter: it names the parameter and the form expected. */
export const parameterMessages = {
  missing: (where: string, name: string, expected: string, about?: string) =>
    `${where}「${name}」がありません。${expected}で指定してください${about ? `（${about}）` : ''}。`,
  invalid: (where: string, name: string, value: string, expected: string, about?: string) =>
    `${where}「${name}」の値「${value}」は正しくありません。${expected}で指定してください${about ? `（${about}）` : ''}。`,
  unknownKey: (where: string, names: readonly string[]) => `${where}「${names.join('」「')}」は使えません。取り除いてください。`,
  body: (expected: string) => `リクエスト本文が正しくありません。${expected}で送ってください。`,
} as const;

/** Phrases that describe the expected form of a value. */
export const expectedForms = {
  integer: '整数',
  number: '数値',
  string: '文字列',
  boolean: 'true または false',
  object: 'JSONオブジェクト',
  array: '配列',
  oneOf: (values: readonly string[]) => `次のいずれか（${values.join(' / ')}）`,
  range: (min?: number, max?: number) =>
    min !== undefined && max !== undefined ? `${min}～${max}` : min !== undefined ? `${min}以上` : `${max}以下`,
  length: (min?: number, max?: number) =>
    min === max ? `${min}文字` : max === undefined ? `${min}文字以上` : min === undefined ? `${max}文字以下` : `${min}～${max}文字`,
  pattern: (pattern: string) => {
    const digits = /^\^\\d\{(\d+)\}\$$/.exec(pattern);
    return digits ? `${digits[1]}桁の数字` : `形式 ${pattern}`;
  },
  example: (example: string) => `例: ${example}`,
  date: '暦にある日付 YYYY-MM-DD（例: 2025-04-01）',
} as const;
