import type ExcelJS from 'exceljs';
import type { PrefectureReportData } from '../report-data.js';
import {
  bodyStyle,
  disclosureText,
  headerRow,
  NO_VALUE,
  printSetup,
  putNumber,
  putSuppressed,
  putText,
  titleBlock,
  TRAFFIC,
  trafficLight,
  unitFormat,
  unitSuffix,
} from './sheet-kit.js';

const LEAD = ['市町村コード', '市町村名', '圏域'];

/**
 * 概要: municipalities × indicators, each indicator as a value column and a status column, with a
 * traffic light on both, the names frozen on the left, the header frozen on top, an auto-filter.
 */
export function overviewSheet(wb: ExcelJS.Workbook, d: PrefectureReportData, title: string, date: string) {
  const ws = wb.addWorksheet('概要', { properties: { tabColor: { argb: 'FF1F4E79' } } });
  const sections = d.sections.filter((s) => s.def.status === 'active');
  const width = LEAD.length + sections.length * 2;
  const top = titleBlock(
    ws,
    title,
    [
      `ロジックモデル: ${d.meta.model.title}（${d.meta.model.id} 版 ${d.meta.model.version}）　対象期間: ${d.meta.period}年度（各指標はその時点で最新のデータ）　作成: ${date}`,
      '判定: 目標値に対する達成状況（95%信頼区間で判定）。色: 緑＝達成、赤＝未達成（有意）、黄＝未達成（有意差なし）、灰＝秘匿・データなし。',
      '「秘匿」は個人が特定されるおそれがあるため数値を示さないもの（各セルのメモと「定義」シートを参照）。',
    ],
    width,
  );
  // Legend on the title rows, right of the text.
  const legend = ['達成', '未達成（有意）', '未達成（有意差なし）', '秘匿'];
  TRAFFIC.filter((t) => legend.includes(t.label)).forEach((t, i) => {
    const c = ws.getCell(top - 1, 4 + i * 2);
    c.value = t.label;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: t.fill } };
    c.font = { color: { argb: t.font }, size: 9 };
    c.alignment = { horizontal: 'center' };
  });

  const head = top + 1;
  const labels = [...LEAD];
  for (const s of sections) labels.push(`${s.def.label_ja}${s.def.unit ? (unitSuffix[s.def.unit] ?? '') : ''}`, '判定');
  headerRow(ws, head, labels, 78);

  const byIndicator = sections.map((s) => new Map(s.gaps.municipalities.map((g) => [g.municipality.code, g])));
  d.municipalities.forEach((m, i) => {
    const row = ws.getRow(head + 1 + i);
    putText(row.getCell(1), m.code);
    putText(row.getCell(2), m.name);
    putText(row.getCell(3), m.area);
    sections.forEach((s, j) => {
      const g = byIndicator[j].get(m.code);
      const vc = row.getCell(LEAD.length + 1 + j * 2);
      const sc = row.getCell(LEAD.length + 2 + j * 2);
      if (!g) return;
      if (g.status === 'suppressed') putSuppressed(vc, disclosureText(s.def.disclosure));
      else if (g.value) putNumber(vc, g.value.value, unitFormat(s.def.unit));
      else {
        vc.value = NO_VALUE;
        vc.alignment = { horizontal: 'center' };
      }
      putText(sc, g.statusLabel);
      sc.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  });
  const last = head + d.municipalities.length;
  bodyStyle(ws, head + 1, last, width);
  for (let j = 0; j < sections.length; j++) {
    const vCol = ws.getColumn(LEAD.length + 1 + j * 2).letter;
    const sCol = ws.getColumn(LEAD.length + 2 + j * 2).letter;
    trafficLight(ws, `$${sCol}${head + 1}`, [`${vCol}${head + 1}:${sCol}${last}`]);
  }

  ws.getColumn(1).width = 9;
  ws.getColumn(2).width = 12;
  ws.getColumn(3).width = 8;
  for (let j = 0; j < sections.length; j++) {
    ws.getColumn(LEAD.length + 1 + j * 2).width = 8;
    ws.getColumn(LEAD.length + 2 + j * 2).width = 12;
  }
  ws.views = [
    { state: 'frozen', xSplit: LEAD.length, ySplit: head, topLeftCell: `D${head + 1}`, activeCell: `D${head + 1}` },
  ];
  ws.autoFilter = { from: { row: head, column: 1 }, to: { row: last, column: width } };
  printSetup(ws, {
    title,
    date,
    headerRow: head,
    titleColumns: 'A:C',
    pagesWide: Math.max(1, Math.ceil(sections.length / 5)),
  });
  return ws;
}
