import type ExcelJS from 'exceljs';

/**
 * exceljs, imported on first use rather than with the server: with its dependencies it is about a
 * fifth of the server's memory at rest (~29 MB of ~150 MB), while most requests never touch a
 * workbook (CSV uploads, JSON reads). Reading an XLSX upload, writing a template or a report
 * loads it; it then stays loaded.
 */
export const loadExcelJs = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
