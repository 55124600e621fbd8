import type { CsvTable } from '../../shared/csv.js';
import { labelOf, uploadStatusLabels } from '../../shared/labels-ja.js';
import type { ReferenceUploadDto } from './reference.schemas.js';

/** Reference-statistics uploads as CSV: one row per upload. */
export const referenceUploadsCsv: CsvTable<ReferenceUploadDto[], ReferenceUploadDto> = {
  rows: (b) => b,
  columns: [
    { label: 'アップロードID', value: (u) => u.id },
    { label: '都道府県', value: (u) => u.prefecture },
    { label: 'ファイル名', value: (u) => u.fileName },
    { label: '形式', value: (u) => u.format },
    { label: '文字コード', value: (u) => u.encoding },
    { label: '行数', value: (u) => u.rows },
    { label: '期間', value: (u) => u.periods.join(' ') },
    { label: '測定値の数', value: (u) => u.measures.length },
    { label: '市町村数', value: (u) => u.municipalities.length },
    { label: '状態', value: (u) => labelOf(uploadStatusLabels, u.status) },
    { label: '検査規則の版', value: (u) => u.rulesVersion },
    { label: '登録日時', value: (u) => u.createdAt },
    { label: '登録者', value: (u) => u.createdBy.name },
    { label: '取消日時', value: (u) => u.retractedAt },
    { label: 'SHA-256', value: (u) => u.sha256 },
  ],
  fileName: () => '公表統計アップロード一覧',
};
