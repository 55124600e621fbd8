import type ExcelJS from 'exceljs';
import type { GapIndicatorDto } from '../../gaps/gaps.schemas.js';

/** Shared look of every workbook: formats, styles, print setup, the suppressed cell. */

/** Display format of a value by the indicator's unit (values are already on the display scale). */
export function unitFormat(unit: string | null | undefined): string {
  switch (unit) {
    case 'percent':
    case 'years':
      return '0.0';
    case 'per_10k':
      return '#,##0.0';
    case 'yen_per_month':
    case 'count':
      return '#,##0';
    default:
      return '#,##0.00';
  }
}
/** A gap keeps its sign: + is a shortfall. */
export const gapFormat = (unit: string | null | undefined) => {
  const f = unitFormat(unit);
  return `+${f};-${f};${f}`;
};
export const RATIO_FORMAT = '0.0%';
export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT = 'yyyy-mm-dd hh:mm';

export const SUPPRESSED = '秘匿';
export const NO_VALUE = '―';

/** Unit shown in a column header. */
export const unitSuffix: Record<string, string> = {
  percent: '（%）',
  per_10k: '（1万人当たり）',
  yen_per_month: '（円/月）',
  years: '（歳）',
  count: '（件・か所）',
};

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
export const HEADER_FONT: Partial<ExcelJS.Font> = {
  bold: true,
  color: { argb: 'FFFFFFFF' },
  name: 'Yu Gothic',
  size: 10,
};
export const BODY_FONT: Partial<ExcelJS.Font> = { name: 'Yu Gothic', size: 10 };
const BODY_FONT_BOLD: Partial<ExcelJS.Font> = { ...BODY_FONT, bold: true };
// Style parts shared by many cells: one object each, which exceljs then styles once (shareStyles
// in zip-writer.ts). Never changed after they are set: a cell's own style gets a new object.
const RIGHT: Partial<ExcelJS.Alignment> = { horizontal: 'right' };
export const CENTRE: Partial<ExcelJS.Alignment> = { horizontal: 'center' };
export const TITLE_FONT: Partial<ExcelJS.Font> = {
  bold: true,
  size: 16,
  name: 'Yu Gothic',
  color: { argb: 'FF1F4E79' },
};
export const SUBTITLE_FONT: Partial<ExcelJS.Font> = { size: 10, name: 'Yu Gothic', color: { argb: 'FF404040' } };

/** The traffic light: status label → fill and font (Excel's own "good / bad / neutral" colours). */
export const TRAFFIC: { label: string; fill: string; font: string }[] = [
  { label: '達成', fill: 'FFC6EFCE', font: 'FF006100' },
  { label: '未達成（有意）', fill: 'FFFFC7CE', font: 'FF9C0006' },
  { label: '未達成（有意差なし）', fill: 'FFFFEB9C', font: 'FF9C5700' },
  { label: '未達成（信頼区間なし・有意性判定なし）', fill: 'FFFCE4D6', font: 'FF9C0006' },
  { label: '秘匿', fill: 'FFE7E6E6', font: 'FF595959' },
  { label: 'データなし', fill: 'FFF2F2F2', font: 'FF7F7F7F' },
  { label: '非表示（統計上の理由）', fill: 'FFF2F2F2', font: 'FF7F7F7F' },
  { label: '未測定', fill: 'FFF2F2F2', font: 'FF7F7F7F' },
];

/** Excel's limit and forbidden characters for sheet names. */
export function sheetName(label: string, used: Set<string>): string {
  const clean = label.replace(/[[\]:*?/\\]/g, '・').replace(/^'|'$/g, '');
  let name = [...clean].slice(0, 31).join('');
  for (let i = 2; used.has(name); i++) {
    const suffix = `(${i})`;
    name = [...clean].slice(0, 31 - suffix.length).join('') + suffix;
  }
  used.add(name);
  return name;
}

/** A4 landscape, the title and date in the header, page numbers in the footer, header rows repeated. */
export function printSetup(
  ws: ExcelJS.Worksheet,
  o: { title: string; date: string; headerRow: number; titleColumns?: string; pagesWide?: number },
) {
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: o.pagesWide ?? 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${o.headerRow}:${o.headerRow}`,
    ...(o.titleColumns ? { printTitlesColumn: o.titleColumns } : {}),
  };
  const esc = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter = {
    oddHeader: `&L&"Yu Gothic,Bold"&10${esc(o.title)}&R&"Yu Gothic"&9作成日 ${esc(o.date)}`,
    oddFooter: `&L&"Yu Gothic"&8${esc(ws.name)}&C&"Yu Gothic"&9&P / &N`,
  };
}

/** Title, subtitle lines and an empty row; returns the next free row. */
export function titleBlock(ws: ExcelJS.Worksheet, title: string, lines: string[], width: number): number {
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getRow(1).height = 26;
  lines.forEach((line, i) => {
    const c = ws.getCell(2 + i, 1);
    c.value = line;
    c.font = SUBTITLE_FONT;
  });
  if (width > 1) ws.mergeCells(1, 1, 1, Math.min(width, 12));
  return lines.length + 3;
}

/** A header row: white on dark blue, wrapped, bordered. */
export function headerRow(ws: ExcelJS.Worksheet, row: number, labels: string[], height = 36) {
  const r = ws.getRow(row);
  labels.forEach((label, i) => {
    const c = r.getCell(i + 1);
    c.value = label;
    c.font = HEADER_FONT;
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  r.height = height;
}

/** A number cell with its display format, or an empty one. */
export function putNumber(cell: ExcelJS.Cell, v: number | null | undefined, numFmt: string) {
  if (v === null || v === undefined || !Number.isFinite(v)) {
    cell.value = null;
    return;
  }
  cell.value = v;
  cell.numFmt = numFmt;
  cell.alignment = RIGHT;
}

/** Text written from data: always a string cell, never a formula, whatever it begins with. */
export function putText(cell: ExcelJS.Cell, v: string | null | undefined) {
  cell.value = v === null || v === undefined ? null : String(v);
}

/** The suppressed marker with a note saying why there is no number. */
export function putSuppressed(cell: ExcelJS.Cell, rule: string) {
  cell.value = SUPPRESSED;
  cell.alignment = CENTRE;
  cell.note = { texts: [{ text: `秘匿: ${rule}` }], margins: { insetmode: 'auto' } } as ExcelJS.Comment;
}

/** Borders and the body font over a block. */
export function bodyStyle(ws: ExcelJS.Worksheet, from: number, to: number, cols: number) {
  for (let r = from; r <= to; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= cols; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      cell.font = cell.font?.bold ? BODY_FONT_BOLD : BODY_FONT;
    }
  }
}

/** Traffic-light conditional formatting on a column of status labels (and optionally the value column beside it). */
export function trafficLight(ws: ExcelJS.Worksheet, statusRef: string, targets: string[]) {
  for (const t of targets) {
    ws.addConditionalFormatting({
      ref: t,
      rules: TRAFFIC.map((s, i) => ({
        type: 'expression',
        priority: i + 1,
        formulae: [`${statusRef}="${s.label}"`],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: s.fill } },
          font: { color: { argb: s.font } },
        },
      })),
    });
  }
}

/** The disclosure rule of an indicator in words. */
export function disclosureText(
  d: { minDenominator: number; smallCountMin: number | null; smallCountMax: number | null } | null,
): string {
  if (!d) return '秘匿なし（公的な名簿・公表値）';
  const small =
    d.smallCountMin !== null && d.smallCountMax !== null ? `、または分子が${d.smallCountMin}～${d.smallCountMax}` : '';
  return `分母が${d.minDenominator}未満${small}のとき数値を示さない。合計から差し引きで復元できないよう二次秘匿も行う。`;
}

/** Columns of a gap row shared by the indicator sheets and the municipality report. */
export interface GapCells {
  value: ExcelJS.Cell;
  lower: ExcelJS.Cell;
  upper: ExcelJS.Cell;
  n: ExcelJS.Cell;
}

/** Writes a gap's value and CI, or 秘匿 / ― when it has none. */
export function putGapValue(cells: GapCells, g: GapIndicatorDto, unit: string | null, rule: string) {
  const f = unitFormat(unit);
  if (g.status === 'suppressed') {
    putSuppressed(cells.value, rule);
    return;
  }
  if (!g.value) {
    cells.value.value = NO_VALUE;
    cells.value.alignment = CENTRE;
    return;
  }
  putNumber(cells.value, g.value.value, f);
  putNumber(cells.lower, g.value.lower, f);
  putNumber(cells.upper, g.value.upper, f);
  putNumber(cells.n, g.value.sampleSize, COUNT_FORMAT);
}
