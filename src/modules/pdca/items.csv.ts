import type { CsvTable } from '../../shared/csv.js';
import type { ItemSummaryDto } from './items.schemas.js';

type Row = ItemSummaryDto['items'][number] & { asOf: string; municipalities: number };

/** The published table as CSV: one row per item, the municipalities named in the last two columns. */
export const itemSummaryCsv: CsvTable<ItemSummaryDto, Row> = {
  rows: (b) => b.items.map((i) => ({ ...i, asOf: b.asOf, municipalities: b.municipalities })),
  columns: [
    { label: '項目', value: (r) => `(${r.kana})` },
    { label: '項目名', value: (r) => r.label_ja },
    { label: '実施済み', value: (r) => r.implemented },
    { label: '実施予定', value: (r) => r.planned },
    { label: '合計', value: (r) => r.total },
    { label: '未実施', value: (r) => r.notStarted },
    { label: '未回答', value: (r) => r.unknown },
    { label: '市町村数', value: (r) => r.municipalities },
    { label: '時点', value: (r) => r.asOf },
    { label: '実施済みの市町村', value: (r) => r.implementedMunicipalities.map((m) => m.name).join('、') },
    { label: '実施予定の市町村', value: (r) => r.plannedMunicipalities.map((m) => m.name).join('、') },
  ],
  fileName: (b) => `pdca-items-${b.prefecture}-${b.asOf}`,
};
