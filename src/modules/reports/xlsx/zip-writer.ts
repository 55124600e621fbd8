import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';

const deflateRaw = promisify(zlib.deflateRaw);

/** CRC-32 (zlib's, Node ≥ 20.15), else a table-driven one. */
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
const nativeCrc = (zlib as unknown as { crc32?: (data: Buffer) => number }).crc32;
export function crc32(data: Buffer): number {
  if (nativeCrc) return nativeCrc(data) >>> 0;
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Parts deflated at once: libuv's thread pool has four threads. */
const MAX_DEFLATES = 4;

/** JPEG and GIF are stored as they are. PNGs are deflated too: resvg's PNGs shrink by a quarter. */
const STORED = /\.(jpe?g|gif)$/i;

interface Central {
  name: Buffer;
  crc: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * A ZIP writer with exceljs's ZipWriter interface (`append(data, { name, base64 })`) that writes each
 * part to `out` as it comes, deflated by zlib on libuv's thread pool, instead of jszip building the
 * whole archive in memory with a JavaScript deflate on the event loop. Parts are written in the order
 * they are appended; no part of an .xlsx comes near ZIP64's 4 GB.
 */
export class StreamingZip {
  private chain: Promise<void> = Promise.resolve();
  private central: Central[] = [];
  private names = new Set<string>();
  private offset = 0;
  private deflates = 0;
  private waiting: (() => void)[] = [];
  private readonly time: number;
  private readonly date: number;

  constructor(
    private readonly out: Writable,
    now = new Date(),
  ) {
    this.time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    this.date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  append(data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }): void {
    if (this.names.has(options.name)) throw new Error(`duplicate part ${options.name}`);
    this.names.add(options.name);
    const buf =
      typeof data === 'string'
        ? Buffer.from(data, options.base64 ? 'base64' : 'utf8')
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // Deflated on the thread pool, a few parts at a time; parts are written in order.
    const store = STORED.test(options.name);
    const packed = store ? Promise.resolve(buf) : this.deflating(() => deflateRaw(buf, { level: 6 }));
    packed.catch(() => undefined);
    this.chain = this.chain.then(async () => this.entry(options.name, buf, await packed, store ? 0 : 8));
  }

  /**
   * Runs `deflate` once fewer than {@link MAX_DEFLATES} are under way. exceljs appends every part
   * at once, and each deflate holds zlib's state (some 260 kB) from its start: a prefecture
   * workbook's 200-odd parts started together held some 60 MB of native memory at its peak.
   */
  private deflating(deflate: () => Promise<Buffer>): Promise<Buffer> {
    const run = async () => {
      this.deflates++;
      try {
        return await deflate();
      } finally {
        this.deflates--;
        this.waiting.shift()?.();
      }
    };
    if (this.deflates < MAX_DEFLATES) return run();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(run);
  }

  /** Writes the central directory once every part is written (does not end `out`). */
  async finalize(): Promise<void> {
    await this.chain;
    const start = this.offset;
    for (const c of this.central) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0800, 8); // UTF-8 names
      h.writeUInt16LE(c.method, 10);
      h.writeUInt16LE(this.time, 12);
      h.writeUInt16LE(this.date, 14);
      h.writeUInt32LE(c.crc, 16);
      h.writeUInt32LE(c.compressed, 20);
      h.writeUInt32LE(c.size, 24);
      h.writeUInt16LE(c.name.length, 28);
      h.writeUInt32LE(c.offset, 42);
      await this.write(Buffer.concat([h, c.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }

  private async entry(name: string, raw: Buffer, data: Buffer, method: number) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(raw);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(this.time, 10);
    h.writeUInt16LE(this.date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(raw.length, 22);
    h.writeUInt16LE(n.length, 26);
    this.central.push({ name: n, crc, method, compressed: data.length, size: raw.length, offset: this.offset });
    await this.write(Buffer.concat([h, n]));
    await this.write(data);
  }

  private write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.out.write(chunk)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.out.off('drain', done);
        this.out.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
    });
  }
}

/** The parts of exceljs's XLSX writer (lib/xlsx/xlsx.js, 4.x) that `write` runs, in its order. */
interface XlsxParts {
  prepareModel(model: unknown, options: object): void;
  addContentTypes(zip: StreamingZip, model: unknown): Promise<void>;
  addOfficeRels(zip: StreamingZip, model: unknown): Promise<void>;
  addWorkbookRels(zip: StreamingZip, model: unknown): Promise<void>;
  addWorksheets(zip: StreamingZip, model: unknown): Promise<void>;
  addSharedStrings(zip: StreamingZip, model: unknown): Promise<void>;
  addDrawings(zip: StreamingZip, model: unknown): Promise<void>;
  addTables(zip: StreamingZip, model: unknown): Promise<void>;
  addThemes(zip: StreamingZip, model: unknown): Promise<void>;
  addStyles(zip: StreamingZip, model: unknown): Promise<void>;
  addMedia(zip: StreamingZip, model: unknown): Promise<void>;
  addApp(zip: StreamingZip, model: unknown): Promise<void>;
  addCore(zip: StreamingZip, model: unknown): Promise<void>;
  addWorkbook(zip: StreamingZip, model: unknown): Promise<void>;
}

/**
 * `wb.xlsx.write(out)` with the parts streamed through {@link StreamingZip}: the same XML parts in
 * the same order, each written to `out` as soon as it is deflated. Does not end `out`.
 */
export async function writeXlsx(wb: ExcelJS.Workbook, out: Writable): Promise<void> {
  shareStyles(wb);
  const xlsx = wb.xlsx as unknown as XlsxParts;
  const model = (wb as unknown as { model: unknown }).model;
  const zip = new StreamingZip(out);
  xlsx.prepareModel(model, {});
  await xlsx.addContentTypes(zip, model);
  await xlsx.addOfficeRels(zip, model);
  await xlsx.addWorkbookRels(zip, model);
  await xlsx.addWorksheets(zip, model);
  await xlsx.addSharedStrings(zip, model); // always after worksheets
  await xlsx.addDrawings(zip, model);
  await xlsx.addTables(zip, model);
  await Promise.all([xlsx.addThemes(zip, model), xlsx.addStyles(zip, model)]);
  await xlsx.addMedia(zip, model);
  await Promise.all([xlsx.addApp(zip, model), xlsx.addCore(zip, model)]);
  await xlsx.addWorkbook(zip, model);
  await zip.finalize();
}

/**
 * Gives cells with the same style one style object. exceljs finds a cell's style id by writing
 * its font, border, fill and the style itself as XML and looking each up — some 10 µs a cell,
 * half the time of writing a prefecture workbook — unless it has seen that very object before (it
 * keeps a WeakMap by object), and every cell has a style object of its own. Cells whose number
 * format, font, border, fill, alignment and protection read the same (as JSON; the sheets reuse
 * the objects of sheet-kit.ts, so most parts are stringified once) get one style object, so exceljs
 * writes the XML once per distinct style. Equal JSON means equal XML, so no style changes.
 */
export function shareStyles(wb: ExcelJS.Workbook): void {
  const texts = new WeakMap<object, string>();
  const idOf = (o: unknown): string => {
    if (o === undefined || o === null) return '';
    if (typeof o !== 'object') return JSON.stringify(o);
    let text = texts.get(o);
    if (text === undefined) texts.set(o, (text = JSON.stringify(o)));
    return text;
  };
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        const st = cell.style as Partial<ExcelJS.Style> | undefined;
        if (!st) return;
        const keys = Object.keys(st);
        if (keys.some((k) => !STYLE_PARTS.has(k))) return; // something exceljs may add later: leave it as it is
        // Without a number format exceljs picks one by the cell's type (General, or a date format)
        // and remembers it for the object: such styles are shared among cells of one type only.
        const key = `${st.numFmt === undefined ? `t${cell.type}` : idOf(st.numFmt)}\0${idOf(st.font)}\0${idOf(st.border)}\0${idOf(st.fill)}\0${idOf(st.alignment)}\0${idOf(st.protection)}`;
        const one = shared.get(key);
        if (one === undefined) shared.set(key, st);
        else if (one !== st) cell.style = one;
      });
    });
  });
}

/** The members of a cell's style object that {@link shareStyles} compares. */
const STYLE_PARTS = new Set(['numFmt', 'font', 'border', 'fill', 'alignment', 'protection']);
