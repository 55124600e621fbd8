import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { SurveyFileError } from './errors.js';

/** Encodings of a survey CSV (docs/domain.md §2). */
export type CsvEncoding = 'utf8' | 'utf8-bom' | 'cp932';

/**
 * A CSV's encoding as far as known: 'ascii' while every byte read is ASCII, which both
 * encodings share; the decoder settles it at the first other byte.
 */
export type CsvEncodingGuess = CsvEncoding | 'ascii';

/** What a survey file is, from its first bytes. */
export type FileFormat = { readonly format: 'xlsx' } | { readonly format: 'csv'; readonly encoding: CsvEncodingGuess };

/** How many leading bytes `readSurveyRows` inspects. */
export const DETECT_BYTES = 64 * 1024;

const startsWith = (b: Uint8Array, magic: readonly number[]) => magic.every((x, i) => b[i] === x);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const firstNonAscii = (b: Uint8Array) => b.findIndex((x) => x >= 0x80);

/** Valid UTF-8; when the sample is a prefix, a sequence cut at its end is allowed. */
function isStrictUtf8(sample: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Shift_JIS with the CP932 extensions (encoding-japanese); a prefix may end on a lead byte. */
function isSjis(sample: Uint8Array, complete: boolean): boolean {
  if (Encoding.detect(sample, 'SJIS') === 'SJIS') return true;
  return !complete && sample.length > 1 && Encoding.detect(sample.subarray(0, -1), 'SJIS') === 'SJIS';
}

/** UTF-8 when the bytes are strictly valid UTF-8 (preferred when both fit), else CP932, else null. */
function judge(sample: Uint8Array, complete: boolean): 'utf8' | 'cp932' | null {
  if (isStrictUtf8(sample, complete)) return 'utf8';
  return isSjis(sample, complete) ? 'cp932' : null;
}

/**
 * Detects a survey file's format from its first bytes (e.g. 64 KiB): XLSX by the zip magic
 * 'PK\x03\x04', else a CSV in UTF-8 with BOM, strictly valid UTF-8, or Shift_JIS/CP932.
 * A head of pure ASCII gives 'ascii' (or 'utf8' when `complete`, i.e. `head` is the whole
 * file): the decoder decides at the first non-ASCII byte, so a Shift_JIS file whose Japanese
 * starts late is still read right.
 * @throws SurveyFileError 'empty_file', 'legacy_xls' or 'unsupported_encoding'.
 */
export function detectFileFormat(head: Uint8Array, complete = false): FileFormat {
  if (head.length === 0) throw new SurveyFileError('empty_file');
  if (startsWith(head, ZIP)) return { format: 'xlsx' };
  if (startsWith(head, OLE2)) throw new SurveyFileError('legacy_xls');
  if (startsWith(head, UTF8_BOM)) return { format: 'csv', encoding: 'utf8-bom' };
  // NUL never occurs in a text CSV; it does in UTF-16/32, which the Shift_JIS test lets through.
  if (head.includes(0)) throw new SurveyFileError('unsupported_encoding');
  if (firstNonAscii(head) < 0) return { format: 'csv', encoding: complete ? 'utf8' : 'ascii' };
  const encoding = judge(head, complete);
  if (!encoding) throw new SurveyFileError('unsupported_encoding');
  return { format: 'csv', encoding };
}

/** An incremental byte → text decoder. */
export interface TextChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
  /** The encoding in use; 'ascii' until a non-ASCII byte has been seen. */
  readonly encoding: CsvEncodingGuess;
}

type Inner = { write(b: Buffer): string; end(): string };

function innerDecoder(encoding: CsvEncoding): Inner {
  if (encoding === 'cp932') {
    const d = iconv.getDecoder('cp932');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  // Non-fatal on purpose: U+FFFD marks the bad bytes, and `check` reports their line.
  const d = new TextDecoder('utf-8');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** Non-ASCII bytes gathered before choosing between UTF-8 and CP932 when both still fit. */
const DECIDE_AFTER = 256;

/**
 * A strict incremental decoder: UTF-8 (a leading BOM dropped), CP932 via iconv-lite (髙, ①,
 * ｶﾅ round-trip), or 'ascii', which picks one of the two at the first non-ASCII bytes.
 * Bytes the encoding cannot map throw SurveyFileError 'invalid_encoding' with their line.
 */
export function createDecoder(start: CsvEncodingGuess): TextChunkDecoder {
  let encoding = start;
  let inner: Inner | null = start === 'ascii' ? null : innerDecoder(start);
  let pending: Buffer | null = null;

  /** Settles the encoding on the pending bytes; '' while they cannot tell yet. */
  const settle = (complete: boolean): string => {
    const sample = pending as Buffer;
    if (!complete && sample.length < DECIDE_AFTER && isStrictUtf8(sample, false) && isSjis(sample, false)) return '';
    // Neither fits: decode as UTF-8 so that `check` reports the bad bytes.
    encoding = judge(sample, complete) ?? 'utf8';
    inner = innerDecoder(encoding);
    pending = null;
    return inner.write(sample) + (complete ? inner.end() : '');
  };
  const write = (chunk: Buffer): string => {
    if (inner) return inner.write(chunk);
    if (pending) {
      pending = Buffer.concat([pending, chunk]);
      return settle(false);
    }
    const i = firstNonAscii(chunk);
    if (i < 0) return chunk.toString('latin1');
    pending = chunk.subarray(i);
    return chunk.subarray(0, i).toString('latin1') + settle(false);
  };
  const end = (): string => (pending ? settle(true) : inner ? inner.end() : '');

  let line = 1;
  const check = (text: string): string => {
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      const label = encoding === 'cp932' ? 'Shift_JIS' : 'UTF-8';
      throw new SurveyFileError('invalid_encoding', { row: line + countLf(text, bad), encoding: label });
    }
    line += countLf(text, text.length);
    return text;
  };
  return {
    write: (chunk) => check(write(chunk)),
    end: () => check(end()),
    get encoding() {
      return encoding;
    },
  };
}

function countLf(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
