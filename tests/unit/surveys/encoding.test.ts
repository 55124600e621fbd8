import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { detectFileFormat } from '../../../src/modules/surveys/parse/encoding.js';
import { SurveyFileError } from '../../../src/modules/surveys/parse/errors.js';
import { readSurveyRows, type SurveyReader } from '../../../src/modules/surveys/parse/read-survey-rows.js';

const needs = getCodebook('needs');
const TEXT = 'respondent_id,municipality_code,daily_area,sex,age\r\nR1,472018,髙良①ｶﾅ地区,2,80\r\nR2,472051,"那覇, 首里",1,70\r\n';

/** A source that delivers `bytes` in chunks of `size`, so multibyte characters get split. */
function chunked(bytes: Buffer, size = 7): AsyncIterable<Buffer> {
  return (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })();
}

async function collect(reader: SurveyReader) {
  const rows = [];
  for await (const r of reader.rows) rows.push({ row: r.row, values: r.values });
  return rows;
}

const expected = [
  { row: 2, values: { respondent_id: 'R1', municipality_code: '472018', daily_area: '髙良①ｶﾅ地区', sex: '2', age: '80' } },
  { row: 3, values: { respondent_id: 'R2', municipality_code: '472051', daily_area: '那覇, 首里', sex: '1', age: '70' } },
];

describe('detectFileFormat', () => {
  it('tells XLSX, UTF-8 with BOM, UTF-8 and Shift_JIS apart', () => {
    expect(detectFileFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toEqual({ format: 'xlsx' });
    expect(detectFileFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]))).toEqual({
      format: 'csv',
      encoding: 'utf8-bom',
    });
    expect(detectFileFormat(Buffer.from(TEXT), true)).toEqual({ format: 'csv', encoding: 'utf8' });
    expect(detectFileFormat(Buffer.from('a,b\n1,2\n'), true)).toEqual({ format: 'csv', encoding: 'utf8' });
    expect(detectFileFormat(Buffer.from('a,b\n1,2\n'), false)).toEqual({ format: 'csv', encoding: 'ascii' });
    expect(detectFileFormat(iconv.encode(TEXT, 'cp932'), true)).toEqual({ format: 'csv', encoding: 'cp932' });
  });

  it('judges a prefix cut inside a character by its complete lines', () => {
    const utf8 = Buffer.from(TEXT);
    const sjis = iconv.encode(TEXT, 'cp932');
    // Cut one byte into 髙 (3 bytes in UTF-8, 2 in CP932).
    const cut = (b: Buffer, s: string) => b.subarray(0, b.indexOf(s === 'utf8' ? Buffer.from('髙') : iconv.encode('髙', 'cp932')) + 1);
    expect(detectFileFormat(cut(utf8, 'utf8'), false)).toEqual({ format: 'csv', encoding: 'utf8' });
    expect(detectFileFormat(cut(sjis, 'sjis'), false)).toEqual({ format: 'csv', encoding: 'cp932' });
    expect(() => detectFileFormat(cut(utf8, 'utf8'), true)).toThrow(SurveyFileError);
  });

  it.each([
    ['empty', Buffer.alloc(0), 'empty_file'],
    ['xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'legacy_xls'],
    ['UTF-16LE', iconv.encode('\ufeffrespondent_id,年齢', 'utf16le'), 'unsupported_encoding'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0xfd]), 'unsupported_encoding'],
  ])('refuses %s', (_, bytes, code) => {
    expect(() => detectFileFormat(bytes, true)).toThrow(expect.objectContaining({ code }));
  });
});

describe('readSurveyRows decoding', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT), 'utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf8-bom'],
    ['Shift_JIS (CP932)', iconv.encode(TEXT, 'cp932'), 'cp932'],
  ])('%s round-trips 髙, ① and ｶﾅ exactly', async (_, bytes, encoding) => {
    const reader = await readSurveyRows(chunked(bytes), { codebook: needs });
    expect(reader.encoding).toBe(encoding);
    expect(reader.header.errors).toEqual([]);
    expect(await collect(reader)).toEqual(expected);
  });

  it.each([
    ['UTF-8', (s: string) => Buffer.from(s), 'utf8'],
    ['Shift_JIS', (s: string) => iconv.encode(s, 'cp932'), 'cp932'],
  ])('settles %s at the first non-ASCII byte when the detected head is all ASCII', async (_, encode, encoding) => {
    const reader = await readSurveyRows(chunked(encode(TEXT), 5), { codebook: needs, detectBytes: 16 });
    // Before the rows, the decoder may or may not have reached the Japanese yet (read-ahead).
    expect(['ascii', encoding]).toContain(reader.encoding);
    expect(await collect(reader)).toEqual(expected);
    expect(reader.encoding).toBe(encoding);
  });

  it('reads a Node stream (Readable) as well as an async iterable', async () => {
    const reader = await readSurveyRows(Readable.from([iconv.encode(TEXT, 'cp932')]), { codebook: needs });
    expect(await collect(reader)).toEqual(expected);
  });

  it('accepts Japanese headers in Shift_JIS', async () => {
    const bytes = iconv.encode('回答者ID,市町村コード,性別,年齢\n髙1,472018,1,66\n', 'cp932');
    const reader = await readSurveyRows(chunked(bytes, 3), { codebook: needs });
    expect(reader.header.present).toEqual(['respondent_id', 'municipality_code', 'sex', 'age']);
    expect((await collect(reader))[0].values.respondent_id).toBe('髙1');
  });

  it('fails with invalid_encoding and the line when a later byte breaks the settled encoding', async () => {
    const head = 'respondent_id,municipality_code,daily_area,sex,age\n' + 'R,472018,,1,70\n'.repeat(100);
    const bytes = Buffer.concat([
      Buffer.from(head + 'R,472018,髙,1,70\n'),
      iconv.encode('R,472018,髙,1,70\n', 'cp932'),
    ]);
    const read = async () => collect(await readSurveyRows(chunked(bytes, 64), { codebook: needs, detectBytes: 128 }));
    await expect(read()).rejects.toMatchObject({ code: 'invalid_encoding', row: 103 });
    await expect(read()).rejects.toThrow('文字コード（UTF-8）として読めない文字があります');
  });
});
