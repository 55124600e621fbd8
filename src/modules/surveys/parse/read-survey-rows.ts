import { createWriteStream, ReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Codebook } from '../codebooks/types.js';
import type { SurveyRowError } from '../validate/errors.js';
import { cellsOf, csvRecords } from './csv-rows.js';
import {
  createDecoder,
  DETECT_BYTES,
  detectFileFormat,
  type CsvEncodingGuess,
  type FileFormat,
  type TextChunkDecoder,
} from './encoding.js';
import { SurveyFileError } from './errors.js';
import { peekHead, type ByteSource } from './head.js';
import { mapHeader, rowValues, type HeaderInfo } from './header.js';
import { isBlank } from './normalize.js';
import type { LineRow, RawRow } from './raw-row.js';
import { DEFAULT_XLSX_LIMITS, guardXlsx, type XlsxArchive, type XlsxLimits } from './xlsx-guard.js';
import { xlsxRows } from './xlsx-rows.js';

/** One data row of a survey file. */
export interface SurveyRow {
  /** The row as the user sees it in the file (header = 1). */
  readonly row: number;
  /** Cells by column id, as written (untrimmed); only columns the header has. */
  readonly values: Readonly<Record<string, string>>;
  /** Problems found while reading (cell_outside_columns); usually empty. */
  readonly errors: readonly SurveyRowError[];
}

/** An opened survey file: what it is, its header, and its rows as a stream. */
export interface SurveyReader {
  readonly format: 'csv' | 'xlsx';
  /**
   * The CSV's encoding; null for XLSX. 'ascii' while every byte read so far is ASCII: it is
   * settled at the first other byte, so read it again after the rows for the final answer.
   */
  readonly encoding: CsvEncodingGuess | null;
  /** The XLSX sheet read; null for CSV. */
  readonly sheet: string | null;
  readonly header: HeaderInfo;
  /** The data rows, blank rows skipped. Iterate once; may throw SurveyFileError part-way. */
  readonly rows: AsyncIterable<SurveyRow>;
  /** Releases the source when `rows` will not be read to the end (e.g. header errors). */
  close(): Promise<void>;
}

/** Options of readSurveyRows. */
export interface ReadSurveyOptions {
  readonly codebook: Codebook;
  /** Leading bytes inspected to detect the format; default 64 KiB. */
  readonly detectBytes?: number;
  /** Limits an XLSX is checked against before it is read (see xlsx-guard.ts); maxRows bounds CSVs too. */
  readonly limits?: Partial<XlsxLimits>;
}

/** The file a source reads, when it is a plain file stream (a staged upload). */
function filePathOf(source: ByteSource): string | null {
  if (!(source instanceof ReadStream)) return null;
  const s = source as ReadStream & { start?: number };
  return typeof s.path === 'string' && !s.start ? s.path : null;
}

/**
 * Runs the XLSX guard on the file behind `chunks`: the staged file itself when the source is
 * one, else a private temporary copy (removed by the returned cleanup). The workbook is then read
 * from that file by its parts (see xlsxRows), not from `chunks`, which are released.
 */
async function guarded(
  source: ByteSource,
  peeked: { chunks: AsyncIterable<Buffer>; close(): Promise<void> },
  limits: Partial<XlsxLimits> | undefined,
): Promise<{ archive: XlsxArchive; cleanup: () => Promise<void> }> {
  const path = filePathOf(source);
  if (path) {
    await peeked.close();
    return { archive: await guardXlsx(path, limits), cleanup: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'carelogic-xlsx-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'book.xlsx');
    await pipeline(Readable.from(peeked.chunks), createWriteStream(copy));
    return { archive: await guardXlsx(copy, limits), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

const BLANK_LINE = /^[\s,]*$/;
const isBlankRow = (r: RawRow | LineRow) => ('line' in r ? BLANK_LINE.test(r.line) : r.cells.every((c) => isBlank(c)));

/** An opened survey file whose rows are raw cells by position (see readSurveyCells). */
export interface SurveyCellReader extends Omit<SurveyReader, 'rows'> {
  /**
   * The data rows as cells by position (or, for a CSV record without quotes, as its line:
   * see `cellsOf`), blank rows skipped. Iterate once; may throw SurveyFileError part-way.
   */
  readonly rows: AsyncIterable<RawRow | LineRow>;
}

/**
 * Opens a survey file (CSV in UTF-8, UTF-8 with BOM or Shift_JIS/CP932, or XLSX) as a stream
 * and reads its header against `codebook`; the rows follow lazily as cells by position, never
 * the whole file in memory. Header problems are in `header.errors`, known before any row.
 * Blank rows are skipped; the first non-blank row is the header. Bulk ingest reads cells by
 * position (see `rowValues` for the by-column view and cell_outside_columns).
 * @throws SurveyFileError when the file is empty, has no header or cannot be read.
 */
export async function readSurveyCells(source: ByteSource, opts: ReadSurveyOptions): Promise<SurveyCellReader> {
  const peeked = await peekHead(source, opts.detectBytes ?? DETECT_BYTES);
  let detected: FileFormat;
  try {
    detected = detectFileFormat(peeked.head, peeked.complete);
  } catch (err) {
    await peeked.close();
    throw err;
  }
  const { codebook } = opts;
  const maxRows = opts.limits?.maxRows ?? DEFAULT_XLSX_LIMITS.maxRows;
  let sheet: string | null = null;
  const decoder: TextChunkDecoder | null = detected.format === 'csv' ? createDecoder(detected.encoding) : null;
  let cleanup = async () => {};
  let archive: XlsxArchive | null = null;
  if (!decoder) {
    try {
      ({ archive, cleanup } = await guarded(source, peeked, opts.limits));
    } catch (err) {
      await peeked.close();
      throw err;
    }
  }
  const raw = withCleanup(
    archive
      ? xlsxRows(archive, [codebook.part, ...codebook.sheetAliases], (name) => (sheet = name))
      : csvRecords(peeked.chunks, decoder!),
    cleanup,
  );

  let first = await raw.next();
  while (!first.done && isBlankRow(first.value)) first = await raw.next();
  if (first.done) {
    await raw.return(undefined);
    throw new SurveyFileError('no_header');
  }
  const header = mapHeader(codebook, cellsOf(first.value), first.value.row);

  let started = false;
  async function* rows(): AsyncGenerator<RawRow | LineRow> {
    if (started) throw new Error('SurveyReader.rows can be iterated only once');
    started = true;
    try {
      for (let next = await raw.next(); !next.done; next = await raw.next()) {
        if (isBlankRow(next.value)) continue;
        if (next.value.row > maxRows + 1) throw new SurveyFileError('too_many_rows', { row: next.value.row });
        yield next.value;
      }
    } finally {
      await raw.return(undefined);
    }
  }

  return {
    format: detected.format,
    get encoding() {
      return decoder ? decoder.encoding : null;
    },
    sheet,
    header,
    rows: { [Symbol.asyncIterator]: rows },
    close: async () => {
      await raw.return(undefined);
    },
  };
}

/**
 * Opens a survey file like readSurveyCells, with each row's cells by column id (and
 * cell_outside_columns problems), for callers that read rows one by one.
 * @throws SurveyFileError when the file is empty, has no header or cannot be read.
 */
export async function readSurveyRows(source: ByteSource, opts: ReadSurveyOptions): Promise<SurveyReader> {
  const cells = await readSurveyCells(source, opts);
  const { header } = cells;
  async function* rows(): AsyncGenerator<SurveyRow> {
    for await (const r of cells.rows) {
      const { values, errors } = rowValues(header, cellsOf(r), r.row);
      yield { row: r.row, values, errors };
    }
  }
  return {
    format: cells.format,
    get encoding() {
      return cells.encoding;
    },
    get sheet() {
      return cells.sheet;
    },
    header,
    rows: { [Symbol.asyncIterator]: rows },
    close: () => cells.close(),
  };
}

/** The rows of `rows`, then `cleanup` however the iteration ends. */
async function* withCleanup(
  rows: AsyncGenerator<RawRow | LineRow>,
  cleanup: () => Promise<void>,
): AsyncGenerator<RawRow | LineRow> {
  try {
    yield* rows;
  } finally {
    await cleanup();
  }
}
