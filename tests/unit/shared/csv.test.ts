import { describe, expect, it } from 'vitest';
import { attachment } from '../../../src/shared/content-disposition.js';
import { csvCell, toCsv } from '../../../src/shared/csv.js';

describe('csv serializer', () => {
  it('writes a BOM, CRLF line ends, Japanese labels and numbers as they are', () => {
    const csv = toCsv(
      [
        { label: '市町村名', value: (r: { n: string; v: number | null }) => r.n },
        { label: '値', value: (r) => r.v },
      ],
      [
        { n: '那覇市', v: 12.345678 },
        { n: '伊平屋村', v: null },
      ],
    );
    expect(csv).toBe('\uFEFF市町村名,値\r\n那覇市,12.345678\r\n伊平屋村,\r\n');
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('makes text that starts like a formula inert, but keeps negative numbers numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1`).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(Number.NaN)).toBe('');
  });
});

describe('content-disposition', () => {
  it('gives an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)', () => {
    expect(attachment('沖縄県_地域包括ケア_ギャップ分析_2025.xlsx', 'carelogic-report')).toBe(
      "attachment; filename=\"carelogic-report.xlsx\"; filename*=UTF-8''%E6%B2%96%E7%B8%84%E7%9C%8C_%E5%9C%B0%E5%9F%9F%E5%8C%85%E6%8B%AC%E3%82%B1%E3%82%A2_%E3%82%AE%E3%83%A3%E3%83%83%E3%83%97%E5%88%86%E6%9E%90_2025.xlsx",
    );
    expect(attachment('那覇市.csv', 'carelogic')).toContain('filename="carelogic.csv"');
    expect(attachment('targets.csv')).toBe(`attachment; filename="targets.csv"; filename*=UTF-8''targets.csv`);
  });
});
