import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { SurveyFileError, type SurveyFileErrorCode } from './errors.js';

/**
 * What an XLSX may hold before it is read. An XLSX is a zip of XML: a 1 MB file can expand to
 * gigabytes (one huge cell, shared string or run of whitespace, or thousands of sheets), and
 * the spreadsheet library builds whole cells and shared strings in memory. The guard checks
 * the real decompressed bytes, not the sizes the zip declares.
 */
export interface XlsxLimits {
  /** Entries (parts) of the zip. */
  maxEntries: number;
  /** Worksheets (and chart/dialog sheets). */
  maxSheets: number;
  /** Decompressed bytes of all parts together. */
  maxTotalBytes: number;
  /** Decompressed bytes of the shared-strings part. */
  maxSharedStringsBytes: number;
  /** Shared strings (<si>). */
  maxSharedStrings: number;
  /** Bytes of text between two tags: one cell, one shared string or one run of whitespace. */
  maxTextBytes: number;
  /** Bytes of one tag with its attributes. */
  maxTagBytes: number;
  /** Decompressed ÷ compressed size of a part above 1 MiB: beyond it the part is a bomb. */
  maxRatio: number;
  /** Rows (<row>) of one sheet. */
  maxRows: number;
}

/** The default limits: Excel's own maxima where there is one, generous for real survey files. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxEntries: 2000,
  maxSheets: 64,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxSharedStringsBytes: 64 * 1024 * 1024,
  maxSharedStrings: 1_000_000,
  // Excel allows 32,767 characters in a cell; escaped as XML, at most ~6 bytes each.
  maxTextBytes: 256 * 1024,
  maxTagBytes: 64 * 1024,
  maxRatio: 400,
  maxRows: 1_048_576,
};

/** One part of a zip as its central directory lists it; `localOffset` is where its data starts. */
export interface XlsxEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

const fail = (code: SurveyFileErrorCode, detail?: string): never => {
  throw new SurveyFileError(code, { cause: detail ? new Error(detail) : undefined });
};

const isSheet = (name: string) => /^xl\/(worksheets|chartsheets|dialogsheets|macrosheets)\/[^/]+\.xml$/i.test(name);
const isMarkup = (name: string) => /\.(xml|rels|vml)$/i.test(name);

/** Parts that make a workbook reach outside itself or run code: refused, never opened. */
function forbidden(name: string): SurveyFileErrorCode | null {
  if (/^xl\/externalLinks\//i.test(name)) return 'xlsx_external_link';
  if (/vbaProject\.bin$/i.test(name) || /^xl\/macrosheets\//i.test(name) || /^xl\/activeX\//i.test(name))
    return 'xlsx_macro';
  return null;
}

/** The central directory of a zip file (its table of contents, at the end). */
async function readEntries(path: string, limits: XlsxLimits): Promise<XlsxEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailSize = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailSize);
    await fh.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) fail('malformed_xlsx', 'no end of central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    // Zip64 markers: only needed past 65,535 parts or 4 GiB, both far beyond any survey file.
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) fail('xlsx_too_large', 'zip64');
    if (count > limits.maxEntries) fail('xlsx_too_many_sheets', `${count} entries`);
    if (cdOffset + cdSize > size) fail('malformed_xlsx', 'central directory outside the file');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: XlsxEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) fail('malformed_xlsx', 'bad central directory');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    for (const e of entries) {
      if (e.localOffset + 30 > size) fail('malformed_xlsx', 'entry outside the file');
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, e.localOffset);
      if (local.readUInt32LE(0) !== LOCAL) fail('malformed_xlsx', 'bad local header');
      const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataStart + e.compressedSize > size) fail('malformed_xlsx', 'entry data outside the file');
      e.localOffset = dataStart;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** Counts and measures the markup of one part as it streams: text runs, tags, <row>s, <si>s. */
class MarkupScanner {
  private inTag = false;
  private run = 0;
  private nameBuf = '';
  private naming = false;
  rows = 0;
  strings = 0;

  constructor(private readonly limits: XlsxLimits) {}

  write(chunk: Buffer) {
    let i = 0;
    while (i < chunk.length) {
      if (!this.inTag) {
        const lt = chunk.indexOf(0x3c, i);
        const end = lt < 0 ? chunk.length : lt;
        this.run += end - i;
        if (this.run > this.limits.maxTextBytes) fail('xlsx_cell_too_long', `text run over ${this.run} bytes`);
        if (lt < 0) return;
        this.inTag = true;
        this.run = 0;
        this.naming = true;
        this.nameBuf = '';
        i = lt + 1;
      } else {
        // The tag's name: the first characters after '<' (prefix stripped: x:row → row).
        while (this.naming && i < chunk.length) {
          const c = chunk[i];
          const nameChar = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x3a || (c >= 0x30 && c <= 0x39);
          if (!nameChar || this.nameBuf.length > 32) {
            this.naming = false;
            this.countTag();
            break;
          }
          this.nameBuf += String.fromCharCode(c);
          this.run++;
          i++;
        }
        if (this.naming) return;
        const gt = chunk.indexOf(0x3e, i);
        const end = gt < 0 ? chunk.length : gt;
        this.run += end - i;
        if (this.run > this.limits.maxTagBytes) fail('xlsx_cell_too_long', `tag over ${this.run} bytes`);
        if (gt < 0) return;
        this.inTag = false;
        this.run = 0;
        i = gt + 1;
      }
    }
  }

  private countTag() {
    const colon = this.nameBuf.lastIndexOf(':');
    const name = colon >= 0 ? this.nameBuf.slice(colon + 1) : this.nameBuf;
    if (name === 'row') this.rows++;
    else if (name === 'si') this.strings++;
  }
}

/**
 * An XLSX that passed the guard: its file and its parts by lower-case name, read from the
 * central directory, so any part can be opened in any order (see openPart).
 */
export interface XlsxArchive {
  readonly path: string;
  readonly parts: ReadonlyMap<string, XlsxEntry>;
}

/**
 * The decompressed bytes of entry `e` of the zip at `path` (inflated when deflated). Destroying
 * the stream closes the file; a read error fails the stream.
 */
function entryStream(path: string, e: XlsxEntry): Readable {
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, {
    start: e.localOffset,
    end: e.localOffset + e.compressedSize - 1,
    highWaterMark: 64 * 1024,
  });
  if (e.method !== 8) return raw;
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  raw.on('error', (err) => inflate.destroy(err));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

/** The decompressed bytes of one part of a guarded archive as a stream; null when there is no such part. */
export function openPart(archive: XlsxArchive, name: string): Readable | null {
  const e = archive.parts.get(name.replace(/^\/+/, '').toLowerCase());
  return e ? entryStream(archive.path, e) : null;
}

/** Streams one part through inflate, measuring it; throws past any limit. */
async function inspectEntry(path: string, e: XlsxEntry, limits: XlsxLimits, budget: { left: number }): Promise<void> {
  if (e.method !== 0 && e.method !== 8) fail('malformed_xlsx', `compression method ${e.method}`);
  if (e.flags & 0x1) fail('malformed_xlsx', 'encrypted entry');
  const sharedStrings = /^xl\/sharedStrings\.xml$/i.test(e.name);
  const sheet = isSheet(e.name);
  const scanner = isMarkup(e.name) ? new MarkupScanner(limits) : null;
  const partLimit = sharedStrings ? Math.min(limits.maxSharedStringsBytes, budget.left) : budget.left;
  let bytes = 0;
  const source = entryStream(path, e);
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > partLimit) {
        fail(sharedStrings ? 'xlsx_too_many_strings' : 'xlsx_too_large', `${e.name} over ${partLimit} bytes`);
      }
      if (bytes > RATIO_FLOOR && bytes / Math.max(1, e.compressedSize) > limits.maxRatio) {
        fail('xlsx_too_large', `${e.name} expands more than ${limits.maxRatio}×`);
      }
      scanner?.write(chunk);
      if (scanner && sheet && scanner.rows > limits.maxRows) fail('too_many_rows');
      if (scanner && sharedStrings && scanner.strings > limits.maxSharedStrings) fail('xlsx_too_many_strings');
    }
  } catch (err) {
    if (err instanceof SurveyFileError) throw err;
    fail('malformed_xlsx', (err as Error).message);
  } finally {
    source.destroy();
  }
  budget.left -= bytes;
}

/**
 * Checks an XLSX on disk before it is read: a readable zip, no external links or macros, at most
 * `maxSheets` sheets and `maxEntries` parts, and — decompressing every part once, in bounded
 * memory — no part, cell, shared string or run of whitespace beyond the limits.
 * Returns the archive's parts, to be read by openPart.
 * @throws SurveyFileError naming what is over which limit (xlsx_too_large, xlsx_cell_too_long,
 *   xlsx_too_many_sheets, xlsx_too_many_strings, too_many_rows, xlsx_external_link, xlsx_macro,
 *   malformed_xlsx).
 */
export async function guardXlsx(path: string, overrides: Partial<XlsxLimits> = {}): Promise<XlsxArchive> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...overrides };
  const entries = await readEntries(path, limits);
  for (const e of entries) {
    const refused = forbidden(e.name);
    if (refused) fail(refused);
  }
  if (entries.filter((e) => isSheet(e.name)).length > limits.maxSheets) fail('xlsx_too_many_sheets');
  // The declared sizes first (cheap), then the real ones while decompressing.
  let declared = 0;
  for (const e of entries) {
    declared += e.size;
    if (e.size > RATIO_FLOOR && e.size / Math.max(1, e.compressedSize) > limits.maxRatio) fail('xlsx_too_large');
  }
  if (declared > limits.maxTotalBytes) fail('xlsx_too_large');
  const budget = { left: limits.maxTotalBytes };
  for (const e of entries) await inspectEntry(path, e, limits, budget);
  const parts = new Map<string, XlsxEntry>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    if (parts.has(key)) fail('malformed_xlsx', `two parts named ${e.name}`);
    parts.set(key, e);
  }
  return { path, parts };
}
