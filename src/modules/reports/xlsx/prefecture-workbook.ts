import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../../shared/exceljs.js';
import type { PrefectureReportData } from '../report-data.js';
import { writeXlsx } from './zip-writer.js';
import { definitionsSheet } from './definitions-sheet.js';
import { indicatorSheet } from './indicator-sheet.js';
import { itemsSheet } from './items-sheet.js';
import { overviewSheet } from './overview-sheet.js';
import { prioritiesSheet } from './priorities-sheet.js';
import { sheetName } from './sheet-kit.js';

/** `yyyy-mm-dd` of a date in Japan. */
export const dateJa = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });

/** The title of a prefecture workbook. */
export const prefectureTitle = (d: PrefectureReportData) =>
  `${d.meta.prefectureName} 地域包括ケアシステム ギャップ分析 ${d.meta.period}年度`;

/**
 * The prefecture workbook: 概要, 優先課題, one sheet per indicator, 事業の実施状況 (when the
 * eight-item tracker has records), 定義. A pure function of the
 * published rows; written to `out` (a file stream) — one workbook in memory at a time.
 */
export async function writePrefectureWorkbook(d: PrefectureReportData, out: Writable): Promise<void> {
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  wb.creator = 'carelogic';
  wb.created = d.meta.createdAt;
  wb.title = prefectureTitle(d);
  wb.subject = d.meta.model.title;
  const ctx = { title: prefectureTitle(d), date: dateJa(d.meta.createdAt) };
  const used = new Set(['概要', '優先課題', '事業の実施状況', '定義']);
  overviewSheet(wb, d, ctx.title, ctx.date);
  prioritiesSheet(wb, d.priorities, new Map(d.sections.map((s) => [s.def.id, s.def])), ctx);
  d.sections.forEach((s, i) => {
    indicatorSheet(wb, sheetName(`${String(i + 1).padStart(2, '0')} ${s.def.label_ja}`, used), s, ctx);
  });
  if (d.items) itemsSheet(wb, d.items, ctx);
  definitionsSheet(
    wb,
    d.sections.map((s) => s.def),
    d.versions,
    d.meta,
    ctx,
  );
  await writeXlsx(wb, out);
}
