import type { CsvTable } from '../../shared/csv.js';
import { labelOf, levelLabels, unitLabels, valueStatusLabels } from '../../shared/labels-ja.js';
import type { IndicatorUnitValueDto, IndicatorValuesDto } from './indicators.schemas.js';

/**
 * Indicator values as CSV: one row per unit the reader may see. A suppressed unit has empty number
 * cells (the JSON carries none) and 状態 秘匿.
 */
type Row = { b: IndicatorValuesDto; v: IndicatorUnitValueDto };
export const indicatorValuesCsv: CsvTable<IndicatorValuesDto, Row> = {
  rows: (b) => b.values.map((v) => ({ b, v })),
  columns: [
    { label: '指標ID', value: (r) => r.b.indicator },
    { label: '指標名', value: (r) => r.b.label_ja },
    { label: '単位', value: (r) => labelOf(unitLabels, r.b.unit) },
    { label: '期間', value: (r) => r.b.period },
    { label: '区分', value: (r) => labelOf(levelLabels, r.v.level) },
    { label: 'コード', value: (r) => r.v.code },
    { label: '名称', value: (r) => r.v.name },
    { label: '状態', value: (r) => labelOf(valueStatusLabels, r.v.status) },
    { label: '理由', value: (r) => r.v.reason },
    { label: '分子', value: (r) => r.v.numerator },
    { label: '分母', value: (r) => r.v.denominator },
    { label: '値', value: (r) => r.v.value },
    { label: '95%信頼区間下限', value: (r) => r.v.ci95?.lower },
    { label: '95%信頼区間上限', value: (r) => r.v.ci95?.upper },
    { label: '99.8%信頼区間下限', value: (r) => r.v.ci998?.lower },
    { label: '99.8%信頼区間上限', value: (r) => r.v.ci998?.upper },
    { label: '判定不能', value: (r) => r.v.undecidable },
    { label: 'データのある市町村数', value: (r) => r.v.coverage.contributing },
    { label: '構成市町村数', value: (r) => r.v.coverage.members },
    { label: '定義の版', value: (r) => r.v.provenance.ruleVersion },
  ],
  fileName: (b) => `${b.label_ja}_${b.prefecture}_${b.period}`,
};
