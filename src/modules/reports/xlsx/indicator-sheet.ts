import type ExcelJS from 'exceljs';
import { directionLabels, labelOf, levelLabels } from '../../../shared/labels-ja.js';
import type { IndicatorSection } from '../report-data.js';
import { GAP_COLUMNS, gapHeaders, gapWidths, putGap, STATUS_OFFSET } from './gap-columns.js';
import { bodyStyle, disclosureText, headerRow, printSetup, putText, titleBlock, trafficLight } from './sheet-kit.js';

const LEAD = ['区分', 'コード', '名称', '圏域'];
const AGG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/**
 * One indicator: the prefecture, each area and every municipality with value, 95 % CI, target
 * and its source, gap, achievement, status, comparison with area and prefecture, and trend; the
 * comparison chart below the table when there is one.
 */
export function indicatorSheet(
  wb: ExcelJS.Workbook,
  name: string,
  s: IndicatorSection,
  ctx: { title: string; date: string },
) {
  const ws = wb.addWorksheet(name);
  const d = s.def;
  const rule = disclosureText(d.disclosure);
  const width = LEAD.length + GAP_COLUMNS;
  const top = titleBlock(
    ws,
    d.label_ja,
    [
      `指標ID: ${d.id}　方向: ${labelOf(directionLabels, d.direction) ?? '―'}　出典: ${d.source ?? '―'}　${d.status === 'planned' ? '（国の調査待ち: 未測定）' : ''}`,
      `${ctx.title}　判定は目標値に対する95%信頼区間による。比較は圏域・県の値が市町村の95%信頼区間の外か内か。秘匿: ${rule}`,
    ],
    width,
  );
  const head = top;
  headerRow(ws, head, [...LEAD, ...gapHeaders(d.unit)], 40);
  let r = head + 1;
  const put = (
    level: string,
    code: string,
    name: string,
    area: string,
    g: Parameters<typeof putGap>[2],
    agg: boolean,
  ) => {
    const row = ws.getRow(r++);
    putText(row.getCell(1), labelOf(levelLabels, level));
    putText(row.getCell(2), code);
    putText(row.getCell(3), name);
    putText(row.getCell(4), area);
    putGap(row, LEAD.length + 1, g, d.unit, rule);
    if (agg) for (let c = 1; c <= 4; c++) row.getCell(c).fill = AGG_FILL;
    if (agg) row.getCell(3).font = { bold: true };
  };
  if (s.prefecture) put('prefecture', s.gaps.prefecture, '県全体', '', s.prefecture, true);
  for (const a of s.areas) put('area', a.area, a.area, a.area, a.gap, true);
  for (const m of s.gaps.municipalities)
    put('municipality', m.municipality.code, m.municipality.name, m.municipality.area, m, false);
  const last = r - 1;
  bodyStyle(ws, head + 1, last, width);
  const statusCol = ws.getColumn(LEAD.length + 1 + STATUS_OFFSET).letter;
  const valueCol = ws.getColumn(LEAD.length + 2).letter;
  trafficLight(ws, `$${statusCol}${head + 1}`, [
    `${statusCol}${head + 1}:${statusCol}${last}`,
    `${valueCol}${head + 1}:${valueCol}${last}`,
  ]);

  [7, 8, 12, 8, ...gapWidths].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: head, topLeftCell: `D${head + 1}`, activeCell: `D${head + 1}` }];
  ws.autoFilter = { from: { row: head, column: 1 }, to: { row: last, column: width } };

  if (s.chart) {
    const id = wb.addImage({ buffer: s.chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const scale = Math.min(1, 900 / s.chart.width);
    ws.getCell(last + 2, 1).value = `図: ${s.chart.caption}`;
    ws.getCell(last + 2, 1).font = { bold: true };
    ws.addImage(id, {
      tl: { col: 0, row: last + 2 },
      ext: { width: Math.round(s.chart.width * scale), height: Math.round(s.chart.height * scale) },
      editAs: 'oneCell',
    });
    ws.getRow(last + 1).addPageBreak();
  }
  printSetup(ws, { title: `${ctx.title} ― ${d.label_ja}`, date: ctx.date, headerRow: head });
  return ws;
}
