import type { Codebook } from '../codebooks/types.js';
import type { SurveyRowError } from '../validate/errors.js';
import { csvRows } from './csv-rows.js';
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
import type { RawRow } from './raw-row.js';
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
}

const isBlankRow = (r: RawRow) => r.cells.every((c) => isBlank(c));

/**
 * Opens a survey file (CSV in UTF-8, UTF-8 with BOM or Shift_JIS/CP932, or XLSX) as a stream
 * and reads its header against `codebook`; the rows follow lazily, never the whole file in
 * memory. Header problems are in `header.errors`, known before any row. Blank rows are
 * skipped; the first non-blank row is the header.
 * @throws SurveyFileError when the file is empty, has no header or cannot be read.
 */
export async function readSurveyRows(source: ByteSource, opts: ReadSurveyOptions): Promise<SurveyReader> {
  const peeked = await peekHead(source, opts.detectBytes ?? DETECT_BYTES);
  let detected: FileFormat;
  try {
    detected = detectFileFormat(peeked.head, peeked.complete);
  } catch (err) {
    await peeked.close();
    throw err;
  }
  const { codebook } = opts;
  let sheet: string | null = null;
  const decoder: TextChunkDecoder | null = detected.format === 'csv' ? createDecoder(detected.encoding) : null;
  const raw = decoder
    ? csvRows(peeked.chunks, decoder)
    : xlsxRows(peeked.chunks, [codebook.part, ...codebook.sheetAliases], (name) => (sheet = name));

  let first = await raw.next();
  while (!first.done && isBlankRow(first.value)) first = await raw.next();
  if (first.done) {
    await raw.return(undefined);
    throw new SurveyFileError('no_header');
  }
  const header = mapHeader(codebook, first.value.cells, first.value.row);

  let started = false;
  async function* rows(): AsyncGenerator<SurveyRow> {
    if (started) throw new Error('SurveyReader.rows can be iterated only once');
    started = true;
    try {
      for (let next = await raw.next(); !next.done; next = await raw.next()) {
        if (isBlankRow(next.value)) continue;
        const { row, cells } = next.value;
        const { values, errors } = rowValues(header, cells, row);
        yield { row, values, errors };
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
