/** Reports test helpers: workbooks read back with exceljs, raw XML parts of an .xlsx. */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { TestApp } from './app.js';

/** Asks for a report, waits for the jobs to run, and answers the job and its file. */
export async function makeReport(t: TestApp, auth: { authorization: string }, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: auth, payload: body });
  if (res.statusCode !== 202) throw new Error(`${res.statusCode} ${res.body}`);
  await t.services.reports.idle();
  const job = (await t.app.inject({ url: `/v1/reports/${res.json().id}`, headers: auth })).json();
  const file = await t.app.inject({ url: `/v1/reports/${res.json().id}/file`, headers: auth });
  return { created: res, job, file };
}

export async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** Every XML part of an .xlsx as text (sheets, shared strings, comments, drawings). */
export async function xmlParts(buf: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buf);
  const out = new Map<string, string>();
  for (const [name, f] of Object.entries(zip.files))
    if (name.endsWith('.xml') || name.endsWith('.vml')) out.set(name, await f.async('string'));
  return out;
}

/** Rows of a sheet as arrays of cell values (1-based columns kept at their index). */
export function rowsOf(ws: ExcelJS.Worksheet) {
  const out: { row: number; cells: ExcelJS.Cell[] }[] = [];
  ws.eachRow((row, n) => {
    const cells: ExcelJS.Cell[] = [];
    row.eachCell({ includeEmpty: true }, (c, i) => (cells[i] = c));
    out.push({ row: n, cells });
  });
  return out;
}
