import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../../shared/exceljs.js';
import { labelOf } from '../../../shared/labels-ja.js';
import { statusLabels } from '../../targets/targets.messages.js';
import type { GapIndicatorDto } from '../../gaps/gaps.schemas.js';
import type { LogicModelTreeDto } from '../../logic-models/logic-models.schemas.js';
import type { MunicipalityReportData } from '../report-data.js';
import { writeXlsx } from './zip-writer.js';
import { definitionsSheet } from './definitions-sheet.js';
import { GAP_COLUMNS, gapHeaders, gapWidths, putGap, STATUS_OFFSET } from './gap-columns.js';
import { dateJa } from './prefecture-workbook.js';
import { bodyStyle, disclosureText, headerRow, printSetup, putText, titleBlock, trafficLight } from './sheet-kit.js';

const levelJa: Record<string, string> = {
  final: '最終アウトカム',
  field: '分野アウトカム',
  intermediate: '中間アウトカム',
  initial: '初期アウトカム',
  activity: '個別施策',
};
const levelFill: Record<string, string> = {
  final: 'FF1F4E79',
  field: 'FF2E75B6',
  intermediate: 'FF9DC3E6',
  initial: 'FFDDEBF7',
  activity: 'FFF2F2F2',
};

type Node = LogicModelTreeDto['root'];
const LEAD = ['段階', 'ロジックモデル上の位置・指標', '役割'];

/** The title of a municipality workbook. */
export const municipalityTitle = (d: MunicipalityReportData) =>
  `${d.gaps.municipality.name} 地域包括ケアシステム ギャップ分析 ${d.meta.period}年度`;

/** ギャップ分析: the logic model from the final outcome down, each node followed by its indicators' gaps. */
function gapSheet(wb: ExcelJS.Workbook, d: MunicipalityReportData, ctx: { title: string; date: string }) {
  const ws = wb.addWorksheet('ギャップ分析', { properties: { tabColor: { argb: 'FF1F4E79' } } });
  const defs = new Map(d.definitions.map((x) => [x.id, x]));
  const gaps = new Map(d.gaps.indicators.map((g) => [g.indicator, g]));
  const summary = Object.entries(d.gaps.summary)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${statusLabels[s as keyof typeof statusLabels] ?? s} ${n}`)
    .join('、');
  const width = LEAD.length + GAP_COLUMNS;
  const top = titleBlock(
    ws,
    ctx.title,
    [
      `${d.gaps.municipality.name}（${d.gaps.municipality.code}、${d.gaps.municipality.area}圏域）　ロジックモデル: ${d.meta.model.title}　作成: ${ctx.date}`,
      `指標の判定: ${summary}`,
      '最終アウトカムから個別施策へ、ロジックモデルの順に並べています。未達成の指標の要因候補は「要因分析」シートを参照。',
    ],
    width,
  );
  headerRow(ws, top, [...LEAD, ...gapHeaders(null)], 40);
  let r = top + 1;
  const walk = (n: Node, depth: number) => {
    const row = ws.getRow(r++);
    putText(row.getCell(1), levelJa[n.level] ?? n.level);
    putText(row.getCell(2), `${'　'.repeat(depth)}${n.title}`);
    for (let c = 1; c <= width; c++) {
      row.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: levelFill[n.level] ?? 'FFFFFFFF' } };
      row.getCell(c).font = {
        bold: true,
        color: { argb: depth < 2 && n.level !== 'initial' ? 'FFFFFFFF' : 'FF000000' },
      };
    }
    for (const ind of n.indicators) {
      const g = gaps.get(ind.id);
      if (!g) continue;
      const def = defs.get(ind.id);
      const ir = ws.getRow(r++);
      putText(ir.getCell(2), `${'　'.repeat(depth + 1)}${g.label_ja}`);
      putText(ir.getCell(3), ind.role === 'main' ? '主指標' : '補助指標');
      putGap(ir, LEAD.length + 1, g, g.unit, disclosureText(def?.disclosure ?? null));
    }
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(d.tree.root, 0);
  const last = r - 1;
  bodyStyle(ws, top + 1, last, width);
  const statusCol = ws.getColumn(LEAD.length + 1 + STATUS_OFFSET).letter;
  const valueCol = ws.getColumn(LEAD.length + 2).letter;
  trafficLight(ws, `$${statusCol}${top + 1}`, [
    `${statusCol}${top + 1}:${statusCol}${last}`,
    `${valueCol}${top + 1}:${valueCol}${last}`,
  ]);
  [12, 46, 8, ...gapWidths].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: top, topLeftCell: `C${top + 1}`, activeCell: `C${top + 1}` }];
  printSetup(ws, { title: ctx.title, date: ctx.date, headerRow: top });
}

/** 要因分析: for each shortfall, the indicators upstream on the logic model and how they stand. */
function upstreamSheet(wb: ExcelJS.Workbook, d: MunicipalityReportData, ctx: { title: string; date: string }) {
  const ws = wb.addWorksheet('要因分析', { properties: { tabColor: { argb: 'FFC00000' } } });
  const labels = new Map(d.gaps.indicators.map((g) => [g.indicator, g]));
  const headers = [
    '未達成の指標',
    '判定',
    '上流の段階',
    '上流のノード',
    '上流の指標',
    '役割',
    'その判定',
    'そのギャップ（＋は不足）',
  ];
  const top = titleBlock(
    ws,
    '要因分析（ロジックモデルの上流）',
    [`${ctx.title}　目標に届いていない指標ごとに、その下にある（要因となりうる）ノードと指標の状況を示します。`],
    headers.length,
  );
  headerRow(ws, top, headers, 32);
  let r = top + 1;
  const short: GapIndicatorDto[] = d.gaps.indicators.filter((g) => g.upstream && g.upstream.length > 0);
  for (const g of short) {
    for (const up of g.upstream ?? []) {
      const node = d.gaps.nodes[up.node];
      const rows = up.indicators.length ? up.indicators : [null];
      for (const ind of rows) {
        const row = ws.getRow(r++);
        putText(row.getCell(1), g.label_ja);
        putText(row.getCell(2), g.statusLabel);
        putText(row.getCell(3), labelOf(levelJa, node?.level));
        putText(row.getCell(4), node?.title ?? up.node);
        if (ind) {
          const other = labels.get(ind.id);
          putText(row.getCell(5), other?.label_ja ?? ind.id);
          putText(row.getCell(6), ind.role === 'main' ? '主指標' : '補助指標');
          putText(row.getCell(7), other?.statusLabel ?? ind.status);
          if (ind.gap !== null && ind.status !== 'suppressed') {
            row.getCell(8).value = ind.gap;
            row.getCell(8).numFmt = '+0.0;-0.0;0.0';
          }
        }
      }
    }
  }
  if (r === top + 1) putText(ws.getCell(r++, 1), '未達成の指標はありません。');
  bodyStyle(ws, top + 1, r - 1, headers.length);
  trafficLight(ws, `$B${top + 1}`, [`B${top + 1}:B${r - 1}`]);
  trafficLight(ws, `$G${top + 1}`, [`G${top + 1}:G${r - 1}`]);
  [30, 17, 13, 44, 30, 9, 17, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: top, topLeftCell: `A${top + 1}`, activeCell: `A${top + 1}` }];
  ws.autoFilter = { from: { row: top, column: 1 }, to: { row: Math.max(top + 1, r - 1), column: headers.length } };
  printSetup(ws, { title: `${ctx.title} ― 要因分析`, date: ctx.date, headerRow: top });
}

/** グラフ: the profile and trend charts. */
function chartSheet(wb: ExcelJS.Workbook, d: MunicipalityReportData, ctx: { title: string; date: string }) {
  const ws = wb.addWorksheet('グラフ');
  let row = titleBlock(ws, `${d.gaps.municipality.name} のグラフ`, [ctx.title], 10);
  for (const c of d.charts) {
    ws.getCell(row, 1).value = `図: ${c.caption}`;
    ws.getCell(row, 1).font = { bold: true };
    const scale = Math.min(1, 900 / c.width);
    const h = Math.round(c.height * scale);
    ws.addImage(wb.addImage({ buffer: c.png as unknown as ExcelJS.Buffer, extension: 'png' }), {
      tl: { col: 0, row },
      ext: { width: Math.round(c.width * scale), height: h },
      editAs: 'oneCell',
    });
    row += Math.ceil(h / 20) + 3;
  }
  printSetup(ws, { title: `${ctx.title} ― グラフ`, date: ctx.date, headerRow: 1 });
}

/**
 * A municipality workbook: ギャップ分析 along the logic model, 要因分析, グラフ (when charts are
 * available) and 定義 — only what that municipality's key may read. Pure; written to `out`.
 */
export async function writeMunicipalityWorkbook(d: MunicipalityReportData, out: Writable): Promise<void> {
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  wb.creator = 'carelogic';
  wb.created = d.meta.createdAt;
  wb.title = municipalityTitle(d);
  const ctx = { title: municipalityTitle(d), date: dateJa(d.meta.createdAt) };
  gapSheet(wb, d, ctx);
  upstreamSheet(wb, d, ctx);
  if (d.charts.length) chartSheet(wb, d, ctx);
  const placed = new Set(d.gaps.indicators.map((g) => g.indicator));
  definitionsSheet(
    wb,
    d.definitions.filter((x) => placed.has(x.id)),
    d.versions,
    d.meta,
    ctx,
  );
  await writeXlsx(wb, out);
}
