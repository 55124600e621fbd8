import type { CsvTable } from '../../shared/csv.js';
import { labelOf, uploadStatusLabels } from '../../shared/labels-ja.js';
import type { UploadResult } from './uploads.dto.js';

/** Survey uploads as CSV: one row per upload (its slices summed up as a count of municipalities). */
export const uploadsCsv: CsvTable<UploadResult[], UploadResult> = {
  rows: (b) => b,
  columns: [
    { label: 'アップロードID', value: (u) => u.id },
    { label: '調査', value: (u) => u.kind },
    { label: '部', value: (u) => u.part },
    { label: '調査年度', value: (u) => u.wave },
    { label: '都道府県', value: (u) => u.prefecture },
    { label: 'ファイル名', value: (u) => u.fileName },
    { label: '形式', value: (u) => u.format },
    { label: '文字コード', value: (u) => u.encoding },
    { label: '行数', value: (u) => u.rows },
    { label: '状態', value: (u) => labelOf(uploadStatusLabels, u.status) },
    { label: '市町村数', value: (u) => u.slices.length },
    { label: '登録日時', value: (u) => u.createdAt },
    { label: '登録者', value: (u) => u.createdBy.name },
    { label: '取消日時', value: (u) => u.retractedAt },
    { label: 'SHA-256', value: (u) => u.sha256 },
  ],
  fileName: (b) => `調査アップロード一覧${b[0] ? `_${b[0].kind}` : ''}`,
};
