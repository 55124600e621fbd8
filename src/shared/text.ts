import iconv from 'iconv-lite';

/** Decodes a small text file: UTF-8 (with or without BOM) when valid, else Shift_JIS (CP932). */
export function decodeSmallText(buf: Buffer): string {
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, 'cp932');
  }
}
