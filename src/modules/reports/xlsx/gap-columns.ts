import type ExcelJS from 'exceljs';
import { comparisonLabels, labelOf } from '../../../shared/labels-ja.js';
import type { GapIndicatorDto } from '../../gaps/gaps.schemas.js';
import { sourceLabels } from '../../targets/targets.messages.js';
import { gapFormat, putGapValue, putNumber, putText, RATIO_FORMAT, unitFormat, unitSuffix } from './sheet-kit.js';

/** The columns of one gap, as every sheet that lists gaps shows them (after its own leading columns). */
export const gapHeaders = (unit: string | null) => [
  '期間',
  `値${unit ? (unitSuffix[unit] ?? '') : ''}`,
  '95%信頼区間 下限',
  '95%信頼区間 上限',
  'n',
  '目標値',
  '目標の出所',
  'ギャップ（＋は不足）',
  '達成率',
  '判定',
  '圏域値',
  '圏域との比較',
  '県値',
  '県との比較',
  '前期',
  '前期からの変化',
  '推移',
];
/** Offset of 判定 within {@link gapHeaders}. */
export const STATUS_OFFSET = 9;
export const GAP_COLUMNS = 17;

/** Fills the gap columns of `row` from column `at`; a suppressed or missing value carries no number. */
export function putGap(row: ExcelJS.Row, at: number, g: GapIndicatorDto, unit: string | null, rule: string) {
  const c = (i: number) => row.getCell(at + i);
  const f = unitFormat(unit);
  putNumber(c(0), g.period, '0');
  putGapValue({ value: c(1), lower: c(2), upper: c(3), n: c(4) }, g, unit, rule);
  putNumber(c(5), g.target?.value, f);
  putText(c(6), g.target ? sourceLabels[g.target.source] : null);
  putNumber(c(7), g.gap, gapFormat(unit));
  putNumber(c(8), g.achievementRatio, RATIO_FORMAT);
  putText(c(9), g.statusLabel);
  c(9).alignment = { horizontal: 'center' };
  putNumber(c(10), g.comparison.area.value, f);
  putText(c(11), labelOf(comparisonLabels, g.comparison.area.result));
  putNumber(c(12), g.comparison.prefecture.value, f);
  putText(c(13), labelOf(comparisonLabels, g.comparison.prefecture.result));
  putNumber(c(14), g.trend?.previousPeriod, '0');
  putNumber(c(15), g.trend?.change, `+${f};-${f};${f}`);
  const t = g.trend;
  putText(
    c(16),
    t
      ? `${labelOf(comparisonLabels, t.assessment)}${t.significant === true ? '（有意）' : t.significant === false ? '（有意差なし）' : ''}`
      : null,
  );
}

/** Column widths of the gap columns. */
export const gapWidths = [7, 10, 9, 9, 8, 9, 12, 11, 8, 17, 9, 9, 9, 9, 7, 10, 14];
