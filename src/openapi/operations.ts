/**
 * Operation ids and Japanese summaries of the API, keyed by `METHOD /path` as the OpenAPI
 * document spells it. The contract transform (contract.ts) writes each summary as
 * 「日本語 / English」. A route may instead carry `operationId` and a bilingual `summary` itself;
 * a route in neither place gets an id derived from its method and path, and the contract test
 * fails until it has a Japanese summary.
 */
export const operations: Record<string, { id: string; ja: string }> = {
  'GET /healthz': { id: 'getHealth', ja: '稼働確認' },
  'GET /readyz': { id: 'getReadiness', ja: '準備完了の確認（データベース・マイグレーション）' },

  'POST /v1/api-keys': { id: 'createApiKey', ja: 'APIキーの発行（キーは一度だけ表示）' },
  'GET /v1/api-keys': { id: 'listApiKeys', ja: 'APIキーの一覧（秘密は含まない）' },
  'DELETE /v1/api-keys/{id}': { id: 'revokeApiKey', ja: 'APIキーの失効' },

  'GET /v1/prefectures': { id: 'listPrefectures', ja: '都道府県の一覧' },
  'GET /v1/prefectures/{pref}/areas': { id: 'listAreas', ja: '都道府県の圏域の一覧' },
  'GET /v1/municipalities': { id: 'listMunicipalities', ja: '市町村の一覧（都道府県・圏域で絞り込み）' },
  'GET /v1/municipalities/{code}': { id: 'getMunicipality', ja: '市町村' },
  'POST /v1/regions/import': { id: 'importRegions', ja: '市町村マスタの取り込み（CSV、全件か無か）' },

  'POST /v1/surveys/{kind}/uploads': { id: 'uploadSurvey', ja: '調査ファイルの取り込み（CSV・XLSX、全件か無か）' },
  'GET /v1/surveys/{kind}/uploads': { id: 'listSurveyUploads', ja: '調査の取り込み履歴' },
  'GET /v1/uploads/{id}': { id: 'getUpload', ja: '取り込み1件（誰が・いつ・ファイル・件数・状態）' },
  'DELETE /v1/uploads/{id}': { id: 'retractUpload', ja: '取り込みの取り消し（各スライスは前の版に戻る）' },
  'GET /v1/surveys/{kind}/codebook': { id: 'getSurveyCodebook', ja: '調査のファイル仕様（列・日本語名・コード）' },
  'GET /v1/surveys/{kind}/template': { id: 'getSurveyTemplate', ja: '調査の記入用テンプレート（XLSX・CSV）' },

  'GET /v1/measures': { id: 'listSurveyMeasures', ja: '集計値（メジャー）：市町村・期間ごと' },

  'POST /v1/reference-statistics': { id: 'uploadReferenceStatistics', ja: '参照統計の取り込み（縦持ちCSV・XLSX、全件か無か）' },
  'GET /v1/reference-statistics/uploads': { id: 'listReferenceUploads', ja: '参照統計の取り込み履歴（新しい順）' },
  'GET /v1/reference-statistics/uploads/{id}': { id: 'getReferenceUpload', ja: '参照統計の取り込み1件' },
  'DELETE /v1/reference-statistics/uploads/{id}': { id: 'retractReferenceUpload', ja: '参照統計の取り込みの取り消し' },

  'PUT /v1/targets': { id: 'putTarget', ja: '目標の設定（全項目を置き換え）' },
  'GET /v1/targets': { id: 'listTargets', ja: '都道府県の目標の一覧' },
  'GET /v1/targets/effective': { id: 'getEffectiveTarget', ja: '市町村に適用される目標（市町村→圏域→県の順に継承）' },
  'GET /v1/targets/{id}': { id: 'getTarget', ja: '目標1件' },
  'PATCH /v1/targets/{id}': { id: 'patchTarget', ja: '目標の一部変更（送った項目だけ）' },
  'DELETE /v1/targets/{id}': { id: 'deleteTarget', ja: '目標の削除（履歴は残る）' },
  'GET /v1/targets/{id}/history': { id: 'getTargetHistory', ja: '目標の変更履歴（誰が・いつ・変更前→変更後）' },
  'POST /v1/targets/import': { id: 'importTargets', ja: '目標のCSV取り込み（全件か無か）' },

  'GET /v1/municipalities/{code}/gaps': { id: 'getMunicipalityGaps', ja: '市町村のギャップ：モデルの全指標について目標・圏域・県との比較と理由' },
  'GET /v1/indicators/{id}/gaps': { id: 'getIndicatorGaps', ja: '指標のギャップ：県内全市町村とファンネルプロット' },
  'GET /v1/prefectures/{pref}/gaps': { id: 'getPrefectureGaps', ja: '県と各圏域のギャップ（集計値）' },
  'GET /v1/gaps/priorities': { id: 'listGapPriorities', ja: '課題抽出のための優先順位（市町村×指標の不足）' },

  'GET /v1/logic-models': { id: 'listLogicModels', ja: 'ロジックモデルの一覧' },
  'GET /v1/logic-models/{id}': { id: 'getLogicModel', ja: 'ロジックモデル（ツリーと各ノードの指標）' },
  'POST /v1/logic-models': { id: 'uploadLogicModel', ja: '都道府県のロジックモデルの新しい版の取り込み（YAML・JSON）' },
  'GET /v1/logic-model-versions/{prefecture}': { id: 'listLogicModelVersions', ja: '都道府県のロジックモデルの全版（古い順、適用中の版つき）' },
  'GET /v1/logic-model-versions/{prefecture}/{version}': { id: 'getLogicModelVersion', ja: 'ロジックモデルの版1件（ツリー・独自指標・原文）' },
  'POST /v1/logic-model-versions/{prefecture}/{version}/activate': { id: 'activateLogicModelVersion', ja: 'ロジックモデルの版の適用（指標を再計算）' },
  'GET /v1/indicators': { id: 'listIndicators', ja: '指標の定義（カタログ全体またはモデルの指標）' },
  'GET /v1/indicators/{id}': { id: 'getIndicator', ja: '指標の定義1件' },
  'GET /v1/indicators/{id}/values': { id: 'getIndicatorValues', ja: '指標の値：市町村・圏域・保険者・県ごと' },

  'PUT /v1/pdca/items/{municipality}/{item}': { id: 'putItemStatus', ja: '8事業（ア）～（ク）の1項目の実施状況の記録' },
  'GET /v1/pdca/items/summary': { id: 'getItemSummary', ja: '8事業の実施状況の集計（ある日付時点）' },
  'POST /v1/pdca/items/import': { id: 'importItemStatuses', ja: '8事業の実施状況のCSV取り込み（全件か無か）' },
  'GET /v1/pdca/items/imports': { id: 'listItemImports', ja: '8事業の実施状況の取り込み履歴' },
  'GET /v1/pdca/items/imports/{id}': { id: 'getItemImport', ja: '8事業の実施状況の取り込み1件' },
  'DELETE /v1/pdca/items/imports/{id}': { id: 'retractItemImport', ja: '8事業の実施状況の取り込みの取り消し（その行を履歴と集計から除く）' },
  'GET /v1/pdca/items/{municipality}': { id: 'listItemHistory', ja: '市町村の8事業の実施状況の履歴' },
  'POST /v1/pdca/measures': { id: 'createMeasure', ja: '個別施策の登録（ロジックモデルのノードに）' },
  'GET /v1/pdca/measures': { id: 'listMeasures', ja: '個別施策の一覧（都道府県・市町村）' },
  'PUT /v1/pdca/measures/{id}': { id: 'updateMeasure', ja: '個別施策の変更' },
  'DELETE /v1/pdca/measures/{id}': { id: 'deleteMeasure', ja: '個別施策の削除' },
  'POST /v1/pdca/notes': { id: 'createReviewNote', ja: '振り返りメモ（Act）の記録' },
  'GET /v1/pdca/notes': { id: 'listReviewNotes', ja: '振り返りメモの一覧（期間ごと）' },

  'POST /v1/register/import': { id: 'importRegister', ja: '地域の医療・介護資源の台帳の取り込み（全件か無か）' },
  'GET /v1/register': { id: 'listRegister', ja: '資源台帳の機関・事業所の一覧' },
  'GET /v1/register/counts': { id: 'getRegisterCounts', ja: '資源台帳の件数（市町村・種別・役割ごと）' },
  'GET /v1/register/imports': { id: 'listRegisterImports', ja: '資源台帳の取り込み履歴' },
  'GET /v1/register/imports/{id}': { id: 'getRegisterImport', ja: '資源台帳の取り込み1件（状態と適用中の市町村）' },
  'DELETE /v1/register/imports/{id}': { id: 'retractRegisterImport', ja: '資源台帳の取り込みの取り消し（市町村ごとに前の版へ戻す）' },

  'POST /v1/reports': { id: 'createReport', ja: 'Excel報告書の作成依頼（都道府県・市町村）' },
  'GET /v1/reports': { id: 'listReports', ja: '報告書の作成ジョブの一覧（新しい順）' },
  'GET /v1/reports/{id}': { id: 'getReport', ja: '報告書の作成ジョブ1件（状態・進捗・エラー）' },
  'GET /v1/reports/{id}/file': { id: 'getReportFile', ja: '報告書（.xlsx）のダウンロード' },
  'POST /v1/report-schedules': { id: 'createReportSchedule', ja: '報告書のスケジュールの作成（cron・タイムゾーン）' },
  'GET /v1/report-schedules': { id: 'listReportSchedules', ja: '報告書のスケジュールの一覧' },
  'GET /v1/report-schedules/{id}': { id: 'getReportSchedule', ja: '報告書のスケジュール1件（次の実行時刻つき）' },
  'PATCH /v1/report-schedules/{id}': { id: 'updateReportSchedule', ja: '報告書のスケジュールの変更（送った項目だけ）' },
  'DELETE /v1/report-schedules/{id}': { id: 'deleteReportSchedule', ja: '報告書のスケジュールの削除（実行記録・ファイルも）' },
  'GET /v1/report-schedules/{id}/runs': { id: 'listReportScheduleRuns', ja: '報告書のスケジュールの実行記録（新しい順）' },

  'POST /v1/embeds': { id: 'createEmbed', ja: '埋め込みリンクの作成（キーなしでイントラネットに表示するグラフ）' },
  'GET /v1/embeds': { id: 'listEmbeds', ja: '埋め込みリンクの一覧（新しい順）' },
  'DELETE /v1/embeds/{id}': { id: 'revokeEmbed', ja: '埋め込みリンクの失効（URLはすぐに404）' },
  'GET /v1/charts/{kind}': { id: 'getChart', ja: 'グラフ（Vega-Lite仕様、またはSVG・PNG・HTMLに描画）' },
};
