import type ExcelJS from 'exceljs';
import type { PrioritiesDto } from '../../gaps/views.schemas.js';
import { sourceLabels, statusLabels } from '../../targets/targets.messages.js';
import type { IndicatorDefinitionDto } from '../../indicators/indicators.schemas.js';
import {
  bodyStyle,
  COUNT_FORMAT,
  gapFormat,
  headerRow,
  printSetup,
  putNumber,
  putText,
  titleBlock,
  trafficLight,
  unitFormat,
} from './sheet-kit.js';

const HEADERS = [
  '順位',
  '市町村コード',
  '市町村名',
  '圏域',
  '指標',
  '判定',
  '値',
  '95%信頼区間 下限',
  '95%信頼区間 上限',
  '目標値',
  '目標の出所',
  'ギャップ（＋は不足）',
  '標準化距離（ギャップ÷標準誤差）',
  '相対ギャップ',
];
const statusJa: Record<string, string> = statusLabels;

/** 優先課題: every shortfall, significant first, then by standardised distance (課題抽出). */
export function prioritiesSheet(
  wb: ExcelJS.Workbook,
  p: PrioritiesDto,
  defs: Map<string, IndicatorDefinitionDto>,
  ctx: { title: string; date: string },
) {
  const ws = wb.addWorksheet('優先課題', { properties: { tabColor: { argb: 'FFC00000' } } });
  const top = titleBlock(
    ws,
    '優先課題（目標に届いていない市町村×指標）',
    [
      `${ctx.title}　未達成 ${p.total} 件。並び順: 有意な未達成を先に、次にギャップを標準誤差で割った距離の大きい順（信頼区間のない指標は相対ギャップ順）。`,
    ],
    HEADERS.length,
  );
  headerRow(ws, top, HEADERS, 40);
  p.items.forEach((it, i) => {
    const row = ws.getRow(top + 1 + i);
    const unit = defs.get(it.indicator)?.unit ?? null;
    const f = unitFormat(unit);
    putNumber(row.getCell(1), it.rank, COUNT_FORMAT);
    putText(row.getCell(2), it.municipality.code);
    putText(row.getCell(3), it.municipality.name);
    putText(row.getCell(4), it.municipality.area);
    putText(row.getCell(5), it.label_ja);
    putText(row.getCell(6), statusJa[it.status] ?? it.status);
    putNumber(row.getCell(7), it.value?.value, f);
    putNumber(row.getCell(8), it.value?.lower, f);
    putNumber(row.getCell(9), it.value?.upper, f);
    putNumber(row.getCell(10), it.target?.value, f);
    putText(row.getCell(11), it.target ? sourceLabels[it.target.source] : null);
    putNumber(row.getCell(12), it.gap, gapFormat(unit));
    putNumber(row.getCell(13), it.standardisedDistance, '0.00');
    putNumber(row.getCell(14), it.relativeGap, '0.0%');
  });
  const last = top + Math.max(1, p.items.length);
  bodyStyle(ws, top + 1, last, HEADERS.length);
  trafficLight(ws, `$F${top + 1}`, [`F${top + 1}:F${last}`]);
  [6, 9, 12, 8, 34, 17, 9, 9, 9, 9, 12, 11, 12, 9].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: top, topLeftCell: `A${top + 1}`, activeCell: `A${top + 1}` }];
  ws.autoFilter = { from: { row: top, column: 1 }, to: { row: last, column: HEADERS.length } };
  printSetup(ws, { title: `${ctx.title} ― 優先課題`, date: ctx.date, headerRow: top });
  return ws;
}
