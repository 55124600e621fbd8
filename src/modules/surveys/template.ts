import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../shared/exceljs.js';
import type { Codebook } from './codebooks/index.js';
import { templateHeader } from './parse/index.js';

/** The codebook as the API shows it. */
export function codebookDto(kind: string, codebooks: readonly Codebook[]) {
  return {
    kind,
    parts: codebooks.map((cb) => ({
      part: cb.part,
      label_ja: cb.label_ja,
      key: [...cb.key],
      columns: cb.columns.map((c) => ({
        id: c.id,
        label_ja: c.label_ja,
        type: c.type,
        required: c.required,
        ...(c.codes ? { codes: { ...c.codes } } : {}),
        ...(c.min !== undefined ? { min: c.min } : {}),
        ...(c.max !== undefined ? { max: c.max } : {}),
        ...(c.note ? { note: c.note } : {}),
      })),
    })),
  };
}

/** A CSV template: one header row 'label（id）', UTF-8 with BOM so Excel opens it right. */
export function csvTemplate(cb: Codebook): Buffer {
  const cells = cb.columns.map((c) => {
    const h = templateHeader(c);
    return /[",\n]/.test(h) ? `"${h.replaceAll('"', '""')}"` : h;
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${cells.join(',')}\r\n`, 'utf8')]);
}

const TEMPLATE_ROWS = 2000;

/**
 * An XLSX template: the data sheet (named after the part) with 'label（id）' headers and
 * drop-down validation on coded columns, and a コード表 sheet listing every code.
 */
export async function xlsxTemplate(cb: Codebook): Promise<Buffer> {
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  wb.creator = 'carelogic';
  const sheet = wb.addWorksheet(cb.part, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(cb.columns.map(templateHeader));
  sheet.getRow(1).font = { bold: true };
  cb.columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.min(40, Math.max(12, templateHeader(c).length * 1.6));
    if (c.type === 'id' || c.type === 'municipality' || c.type === 'text') col.numFmt = '@';
  });

  const codes = wb.addWorksheet('コード表');
  codes.addRow(['列ID', '項目', 'コード', '内容']);
  codes.getRow(1).font = { bold: true };
  codes.columns = [{ width: 24 }, { width: 40 }, { width: 8 }, { width: 40 }];
  cb.columns.forEach((c, i) => {
    if (!c.codes && c.type !== 'flag01') {
      const range = c.min !== undefined || c.max !== undefined ? `${c.min ?? ''}〜${c.max ?? ''}` : '';
      codes.addRow([c.id, c.label_ja, '', `${c.type}${c.required ? '（必須）' : ''}${range ? ` ${range}` : ''}`]);
      return;
    }
    const entries = c.codes
      ? Object.entries(c.codes)
      : [
          ['0', 'いいえ'],
          ['1', 'はい'],
        ];
    const first = codes.rowCount + 1;
    for (const [code, label] of entries) codes.addRow([c.id, c.label_ja, Number(code), label]);
    const last = codes.rowCount;
    const letter = sheet.getColumn(i + 1).letter;
    // One range-wide rule per column (exceljs writes it as a single sqref, not per cell).
    (
      sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`'コード表'!$C$${first}:$C$${last}`],
      showErrorMessage: true,
      errorTitle: 'コード表にない値です',
      error: `${c.label_ja}: ${entries.map(([k, v]) => `${k} ${v}`).join(' / ')}`.slice(0, 255),
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
