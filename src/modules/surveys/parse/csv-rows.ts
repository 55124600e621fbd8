import type { TextChunkDecoder } from './encoding.js';
import { SurveyFileError } from './errors.js';
import type { LineRow, RawRow } from './raw-row.js';

/** A record longer than this (characters) is a broken quote swallowing the file, not data. */
export const MAX_RECORD_CHARS = 1_000_000;

async function* decodeChunks(chunks: AsyncIterable<Buffer>, decoder: TextChunkDecoder): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

/** The record at `pos` needs more text than the buffer holds. */
const MORE = null;

/**
 * An incremental RFC 4180 reader with the rules Excel files need: comma separated, '"' quotes
 * with '""' inside them, a stray quote inside an unquoted cell kept as written (5"), rows of
 * any length, blank lines kept as records. The record delimiter is the first line break met
 * outside quotes (\r\n, \n or \r); after that only it ends a record, as csv-parse does.
 * Lines without a quote are split with String#split, the common case.
 */
class CsvSplitter {
  private delimiter: string | null = null;

  /**
   * Parses the record starting at `pos` of `buf`: its cells and where the next one starts,
   * or MORE when it may continue past the buffer (never when `eof`).
   * @throws SurveyFileError 'malformed_csv' (with `row`) for a quote not closed or text after a closing quote.
   */
  parse(
    buf: string,
    pos: number,
    eof: boolean,
    row: number,
  ): { cells: string[]; line?: undefined; next: number } | { line: string; next: number } | typeof MORE {
    const d = this.delimiter;
    if (d !== null) {
      let end = buf.indexOf(d, pos);
      if (end < 0) {
        if (!eof) return MORE;
        end = buf.length;
      }
      const line = buf.slice(pos, end);
      if (line.indexOf('"') < 0) return { line, next: end + d.length };
    }
    return this.parseQuoted(buf, pos, eof, row);
  }

  /** Character by character: quoted cells, and the discovery of the record delimiter. */
  private parseQuoted(buf: string, pos: number, eof: boolean, row: number) {
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let cell: string;
      if (buf.charCodeAt(i) === QUOTE) {
        cell = '';
        let j = i + 1;
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k < 0) {
            if (eof) throw new SurveyFileError('malformed_csv', { row });
            return MORE;
          }
          if (k + 1 >= buf.length && !eof) return MORE;
          if (buf.charCodeAt(k + 1) === QUOTE) {
            cell += `${buf.slice(j, k)}"`;
            j = k + 2;
            continue;
          }
          cell += buf.slice(j, k);
          i = k + 1;
          break;
        }
        const c = buf.charCodeAt(i);
        if (i < buf.length && c !== COMMA && !this.isDelimiterAt(buf, i, eof)) {
          if (this.delimiter === null && (c === CR || c === LF)) {
            // First line break, right after a quoted cell: it is the delimiter.
            if (c === CR && i + 1 >= buf.length && !eof) return MORE;
            this.delimiter = c === CR && buf.charCodeAt(i + 1) === LF ? '\r\n' : c === CR ? '\r' : '\n';
          } else throw new SurveyFileError('malformed_csv', { row });
        }
      } else {
        let j = i;
        for (; j < buf.length; j++) {
          const c = buf.charCodeAt(j);
          if (c === COMMA) break;
          if (c === CR || c === LF) {
            if (this.delimiter === null) {
              if (c === CR && j + 1 >= buf.length && !eof) return MORE;
              this.delimiter = c === CR && buf.charCodeAt(j + 1) === LF ? '\r\n' : c === CR ? '\r' : '\n';
            }
            if (buf.startsWith(this.delimiter, j)) break;
          }
        }
        if (j >= buf.length && !eof) return MORE;
        cell = buf.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= buf.length) return { cells, next: buf.length };
      if (buf.charCodeAt(i) === COMMA) {
        i += 1;
        if (i >= buf.length) {
          if (!eof) return MORE;
          cells.push('');
          return { cells, next: i };
        }
        continue;
      }
      // At the record delimiter.
      return { cells, next: i + (this.delimiter as string).length };
    }
  }

  private isDelimiterAt(buf: string, i: number, eof: boolean): boolean {
    if (this.delimiter !== null) return buf.startsWith(this.delimiter, i);
    return i >= buf.length && eof;
  }
}

/**
 * The records of a CSV, decoded by `decoder` (see createDecoder) and parsed as a stream
 * (memory holds a few chunks and one record). A record without quotes comes as its `line`
 * (split it on commas: `cellsOf`), others as `cells`, so bulk ingest can read plain lines
 * without splitting them. `row` counts records, header = 1, blank lines included, so it
 * matches the row a spreadsheet shows even when a quoted cell spans lines.
 * @throws SurveyFileError 'invalid_encoding' or 'malformed_csv' (with the row) while iterating.
 */
export async function* csvRecords(
  chunks: AsyncIterable<Buffer>,
  decoder: TextChunkDecoder,
): AsyncGenerator<RawRow | LineRow> {
  const splitter = new CsvSplitter();
  let buf = '';
  let row = 0;
  const drain = function* (eof: boolean): Generator<RawRow | LineRow> {
    let pos = 0;
    while (pos < buf.length) {
      const r = splitter.parse(buf, pos, eof, row + 1);
      if (r === MORE) break;
      row += 1;
      pos = r.next;
      yield r.line === undefined ? { row, cells: r.cells } : { row, line: r.line };
    }
    buf = pos >= buf.length ? '' : buf.slice(pos);
    if (buf.length > MAX_RECORD_CHARS) throw new SurveyFileError('malformed_csv', { row: row + 1 });
  };
  for await (const text of decodeChunks(chunks, decoder)) {
    buf = buf ? buf + text : text;
    yield* drain(false);
  }
  yield* drain(true);
}

/** The cells of a record from csvRecords. */
export const cellsOf = (r: RawRow | LineRow): readonly string[] => ('line' in r ? r.line.split(',') : r.cells);

/**
 * The records of a CSV as cells (see csvRecords).
 * @throws SurveyFileError 'invalid_encoding' or 'malformed_csv' (with the row) while iterating.
 */
export async function* csvRows(chunks: AsyncIterable<Buffer>, decoder: TextChunkDecoder): AsyncGenerator<RawRow> {
  for await (const r of csvRecords(chunks, decoder)) yield 'line' in r ? { row: r.row, cells: r.line.split(',') } : r;
}
