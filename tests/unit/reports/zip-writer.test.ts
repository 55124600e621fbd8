import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32, writeXlsx } from '../../../src/modules/reports/xlsx/zip-writer.js';

/** A workbook with what the reports use: styles, a note, conditional formatting, a merged title, an image. */
function sample() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'carelogic';
  wb.created = new Date('2026-04-01T00:00:00Z');
  wb.modified = new Date('2026-04-01T00:00:00Z');
  for (const name of ['概要', '16 自宅等での死亡割合']) {
    const ws = wb.addWorksheet(name);
    ws.getCell(1, 1).value = '沖縄県 地域包括ケアシステム';
    ws.mergeCells(1, 1, 1, 6);
    for (let r = 3; r < 60; r++) {
      ws.getCell(r, 1).value = `那覇市${r}`;
      ws.getCell(r, 2).value = r * 1.25;
      ws.getCell(r, 2).numFmt = '0.0';
    }
    ws.getCell(4, 3).value = '秘匿';
    ws.getCell(4, 3).note = { texts: [{ text: '秘匿: 分母が10未満' }] } as ExcelJS.Comment;
    ws.addConditionalFormatting({
      ref: 'B3:B59',
      rules: [{ type: 'expression', priority: 1, formulae: ['$C3="達成"'], style: { font: { bold: true } } }],
    });
  }
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
  wb.worksheets[1].addImage(id, { tl: { col: 0, row: 62 }, ext: { width: 10, height: 10 } });
  return wb;
}

async function streamed(wb: ExcelJS.Workbook): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(wb, out);
  out.end();
  return Buffer.concat(chunks);
}

async function parts(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const out = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) out.set(name, await f.async('nodebuffer'));
  return out;
}

describe('streaming xlsx writer', () => {
  it('writes the very parts exceljs writes, in its order, and exceljs reads the workbook back', async () => {
    const ours = await parts(await streamed(sample()));
    const theirs = await parts(Buffer.from(await sample().xlsx.writeBuffer()));
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    for (const [name, body] of theirs) expect(Buffer.compare(ours.get(name)!, body), name).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await streamed(sample())) as unknown as ExcelJS.Buffer);
    expect(back.worksheets.map((w) => w.name)).toEqual(['概要', '16 自宅等での死亡割合']);
    expect(back.worksheets[1].getCell(10, 2).value).toBe(12.5);
    expect(back.worksheets[1].getCell(4, 3).note).toBeTruthy();
    expect(back.worksheets[1].getImages()).toHaveLength(1);
  });

  it('shares style objects among cells that look alike: the same parts as exceljs alone, dates keep their format', async () => {
    const build = () => {
      const wb = new ExcelJS.Workbook();
      wb.created = wb.modified = new Date('2026-04-01T00:00:00Z');
      const ws = wb.addWorksheet('定義');
      const font = { name: 'Yu Gothic', size: 10 };
      for (let r = 1; r <= 200; r++) {
        // Every cell its own objects, as sheets written cell by cell make them.
        const n = ws.getCell(r, 1);
        n.value = r;
        n.font = { ...font };
        n.alignment = { horizontal: 'right' };
        const d = ws.getCell(r, 2);
        d.value = new Date(Date.UTC(2026, 0, r));
        d.font = { ...font };
        d.alignment = { horizontal: 'right' };
        const t = ws.getCell(r, 3);
        t.value = r % 2 ? '秘匿' : '―';
        t.font = r % 2 ? { ...font, bold: true } : { ...font };
      }
      return wb;
    };
    const wb = build();
    const ours = await parts(await streamed(wb));
    const theirs = await parts(Buffer.from(await build().xlsx.writeBuffer()));
    for (const [name, body] of theirs) expect(Buffer.compare(ours.get(name)!, body), name).toBe(0);
    const sheet = wb.worksheets[0];
    expect(sheet.getCell(9, 1).style).toBe(sheet.getCell(1, 1).style);
    expect(sheet.getCell(9, 2).style).toBe(sheet.getCell(1, 2).style);
    expect(sheet.getCell(9, 2).style).not.toBe(sheet.getCell(9, 1).style); // a date and a number: never one style
    expect(sheet.getCell(9, 3).style).toBe(sheet.getCell(1, 3).style);
    expect(sheet.getCell(8, 3).style).not.toBe(sheet.getCell(9, 3).style);
    // 600 cells, four distinct looks (number, date, bold text, text) besides the default.
    expect(ours.get('xl/styles.xml')!.toString()).toMatch(/<cellXfs count="5">/);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await streamed(build())) as unknown as ExcelJS.Buffer);
    const ws = back.worksheets[0];
    expect(ws.getCell(7, 2).value).toEqual(new Date(Date.UTC(2026, 0, 7)));
    expect(ws.getCell(7, 1).numFmt ?? 'General').toBe('General');
    expect(ws.getCell(7, 3).font?.bold).toBe(true);
    expect(ws.getCell(8, 3).font?.bold).toBeFalsy();
  });

  it('passes unzip -t where Info-ZIP is installed', async () => {
    if (spawnSync('sh', ['-c', 'command -v unzip']).status !== 0) return;
    const dir = mkdtempSync(join(tmpdir(), 'carelogic-zip-'));
    try {
      const file = join(dir, 'w.xlsx');
      writeFileSync(file, await streamed(sample()));
      expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('computes the CRC-32 of ZIP', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});
