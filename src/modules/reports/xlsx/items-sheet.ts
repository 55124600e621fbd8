import type ExcelJS from 'exceljs';
import type { ItemSummaryDto } from '../../pdca/items.schemas.js';
import { bodyStyle, COUNT_FORMAT, headerRow, printSetup, putNumber, putText, titleBlock } from './sheet-kit.js';

const HEADERS = ['項目', '項目名', '実施済み', '実施予定', '合計', '未実施', '未回答', '実施済みの市町村', '実施予定の市町村'];

/**
 * 事業の実施状況: the eight items (ア)-(ク) of 在宅医療・介護連携推進事業 at a date, as the
 * prefecture publishes them — per item, how many municipalities had implemented it, how many
 * planned it in addition, and which.
 */
export function itemsSheet(wb: ExcelJS.Workbook, s: ItemSummaryDto, ctx: { title: string; date: string }) {
  const ws = wb.addWorksheet('事業の実施状況', { properties: { tabColor: { argb: 'FF548235' } } });
  const top = titleBlock(
    ws,
    '在宅医療・介護連携推進事業 (ア)～(ク) の実施状況',
    [
      `${ctx.title}　${s.asOf} 時点、市町村数 ${s.municipalities}。各市町村のその日までの最新の記録による（未回答 = その日までに記録なし）。`,
    ],
    HEADERS.length,
  );
  headerRow(ws, top, HEADERS, 30);
  s.items.forEach((it, i) => {
    const row = ws.getRow(top + 1 + i);
    putText(row.getCell(1), `(${it.kana})`);
    putText(row.getCell(2), it.label_ja);
    putNumber(row.getCell(3), it.implemented, COUNT_FORMAT);
    putNumber(row.getCell(4), it.planned, COUNT_FORMAT);
    putNumber(row.getCell(5), it.total, COUNT_FORMAT);
    putNumber(row.getCell(6), it.notStarted, COUNT_FORMAT);
    putNumber(row.getCell(7), it.unknown, COUNT_FORMAT);
    putText(row.getCell(8), it.implementedMunicipalities.map((m) => m.name).join('、'));
    putText(row.getCell(9), it.plannedMunicipalities.map((m) => m.name).join('、'));
    for (const c of [2, 8, 9]) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
  });
  const last = top + Math.max(1, s.items.length);
  bodyStyle(ws, top + 1, last, HEADERS.length);
  [6, 40, 9, 9, 9, 9, 9, 48, 36].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: top, topLeftCell: `C${top + 1}`, activeCell: `C${top + 1}` }];
  printSetup(ws, { title: `${ctx.title} ― 事業の実施状況`, date: ctx.date, headerRow: top });
  return ws;
}
