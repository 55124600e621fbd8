import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { TextChunkDecoder } from './encoding.js';
import { SurveyFileError } from './errors.js';
import type { RawRow } from './raw-row.js';

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

/**
 * The records of a CSV, decoded by `decoder` (see createDecoder) and parsed as a stream (memory holds a few chunks and one
 * record). `row` counts records, header = 1, blank lines included, so it matches the row a
 * spreadsheet shows even when a quoted cell spans lines.
 * @throws SurveyFileError 'invalid_encoding' or 'malformed_csv' (with the row) while iterating.
 */
export async function* csvRows(chunks: AsyncIterable<Buffer>, decoder: TextChunkDecoder): AsyncGenerator<RawRow> {
  // relax_quotes keeps a stray quote inside an unquoted cell (5"), as Excel reads it.
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // pipeline destroys the parser with the first error, which its iterator then throws.
  pipeline(Readable.from(decodeChunks(chunks, decoder)), parser, () => {});
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells };
    }
  } catch (err) {
    if (err instanceof SurveyFileError) throw err;
    // The parser reads ahead of the rows yielded, so its own record count locates the error.
    if (err instanceof CsvError) {
      const parsed = (err as CsvError & { records?: number }).records;
      throw new SurveyFileError('malformed_csv', { row: (parsed ?? row) + 1, cause: err });
    }
    throw err;
  } finally {
    parser.destroy();
  }
}
