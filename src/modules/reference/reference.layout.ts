import type { Codebook, SurveyKind } from '../surveys/codebooks/index.js';

/** Column ids of the long reference layout (docs/domain.md §3), in file order. */
export const REFERENCE_COLUMNS = ['measure', 'municipality_code', 'period', 'value', 'sex', 'age_band'] as const;

/** One column id of the reference layout. */
export type ReferenceColumn = (typeof REFERENCE_COLUMNS)[number];

/**
 * The reference layout as a Codebook, so the survey reader (CSV in UTF-8 / BOM / Shift_JIS, or
 * XLSX; Japanese header aliases; streaming) reads it unchanged. Only the header fields
 * (columns, labels, aliases, required) and the sheet names matter to the reader: cell typing
 * and every rule are ours (reference.validate.ts), so `kind` is a label the reader never uses.
 */
export const referenceCodebook: Codebook = {
  kind: 'reference' as SurveyKind,
  part: 'reference',
  label_ja: '参照統計',
  sheetAliases: ['参照統計', 'reference_statistics'],
  columns: [
    { id: 'measure', label_ja: '指標', aliases: ['測定項目', '指標ID', 'measure_id'], type: 'text', required: true },
    {
      id: 'municipality_code',
      label_ja: '市町村コード',
      aliases: ['団体コード', 'code'],
      type: 'municipality',
      required: true,
    },
    { id: 'period', label_ja: '年度', aliases: ['年', '期間', 'year'], type: 'integer', required: true },
    { id: 'value', label_ja: '値', aliases: ['数値', '件数'], type: 'number', required: true },
    { id: 'sex', label_ja: '性別', type: 'code', required: false },
    { id: 'age_band', label_ja: '年齢階級', type: 'code', required: false },
  ],
  key: ['measure', 'municipality_code', 'period', 'sex', 'age_band'],
  municipality: { from: 'column' },
  sums: [],
};
