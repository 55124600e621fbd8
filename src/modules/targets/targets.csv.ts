import type { CsvTable } from '../../shared/csv.js';
import { labelOf, scopeLabels } from '../../shared/labels-ja.js';
import type { TargetDto } from './targets.schemas.js';

/** Targets as CSV, in the order the list answers them. */
export const targetsCsv: CsvTable<TargetDto[], TargetDto> = {
  rows: (b) => b,
  columns: [
    { label: '目標ID', value: (t) => t.id },
    { label: '都道府県', value: (t) => t.prefecture },
    { label: '指標ID', value: (t) => t.indicator },
    { label: '範囲', value: (t) => labelOf(scopeLabels, t.scope) },
    { label: 'コード・圏域名', value: (t) => t.code },
    { label: '目標年度', value: (t) => t.targetYear },
    { label: '目標値', value: (t) => t.value },
    { label: '基準年度', value: (t) => t.baselineYear },
    { label: '基準値', value: (t) => t.baselineValue },
    { label: '備考', value: (t) => t.note },
    { label: '登録日時', value: (t) => t.createdAt },
    { label: '更新日時', value: (t) => t.updatedAt },
    { label: '更新者', value: (t) => t.updatedBy },
  ],
  fileName: () => '目標一覧',
};
