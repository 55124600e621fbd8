/**
 * `Content-Disposition: attachment` for a file name that may be Japanese (RFC 6266 with the
 * RFC 5987 `filename*` parameter): an ASCII fallback for old clients, then the UTF-8 name.
 */
export function attachment(fileName: string, fallback = 'download'): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot) : '';
  // An ASCII name is its own fallback; any other gets the caller's ASCII stem.
  const plain = /^[\x20-\x7e]+$/.test(fileName) && !/["\\%;]/.test(fileName) ? fileName : `${fallback}${ext}`;
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}
