import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { problemDetails } from '../shared/messages.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from './errors.js';

/** Methods answered without a body: the only ones a rejected request line may be retried for. */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

/** Percent-encodes every byte ≥ 0x80 of a request target; null when other invalid bytes remain. */
export function percentEncodeTarget(target: Buffer): string | null {
  let out = '';
  for (const byte of target) out += byte >= 0x80 ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  return /^[\x21-\x7e]+$/.test(out) ? out : null;
}

/**
 * The request Node's HTTP parser refused because its target holds raw UTF-8 (curl sends
 * `?area=南部` unencoded): method, percent-encoded URL and headers, when the whole head is in the
 * packet and the request has no body. Anything else is left refused.
 */
export function rawUtf8Request(packet: Buffer): { method: string; url: string; headers: Record<string, string> } | null {
  const end = packet.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = packet.subarray(0, end).toString('latin1').split('\r\n');
  const lineEnd = packet.indexOf('\r\n');
  const firstSpace = packet.indexOf(' ');
  const lastSpace = packet.lastIndexOf(' ', lineEnd);
  if (firstSpace < 0 || lastSpace <= firstSpace) return null;
  const m = REQUEST_LINE.exec(`${lines[0].slice(0, firstSpace)} x ${lines[0].slice(lastSpace + 1)}`);
  if (!m || !BODYLESS.has(m[1])) return null;
  const url = percentEncodeTarget(packet.subarray(firstSpace + 1, lastSpace));
  if (!url || !url.startsWith('/')) return null;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return null;
    headers[name] = headers[name] ? `${headers[name]}, ${line.slice(colon + 1).trim()}` : line.slice(colon + 1).trim();
  }
  if (headers['transfer-encoding'] || (headers['content-length'] && headers['content-length'] !== '0')) return null;
  return { method: m[1], url, headers };
}

function writeResponse(socket: Socket, status: number, headers: Record<string, unknown>, body: Buffer) {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${String(v)}\r\n`;
  }
  head += `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refused. A body-less request whose only
 * fault is raw UTF-8 in its target is answered as if it had been percent-encoded (through the
 * normal routing, hooks and auth, then the connection closes); every other one gets a problem+json
 * that says what to do, never fastify's bare "Client Error".
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket) {
  const err = error as unknown as NodeJS.ErrnoException & { rawPacket?: Buffer };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const retry = err.code === 'HPE_INVALID_URL' && err.rawPacket ? rawUtf8Request(err.rawPacket) : null;
  if (retry && socket.writable) {
    this.log.debug({ url: retry.url }, 'request target with raw UTF-8, answered percent-encoded');
    this.inject({ method: retry.method as 'GET', url: retry.url, headers: retry.headers, remoteAddress: socket.remoteAddress })
      .then((res) => writeResponse(socket, res.statusCode, res.headers, res.rawPayload))
      .catch((e: unknown) => {
        this.log.error({ err: e }, 'raw UTF-8 request failed');
        socket.destroy();
      });
    return;
  }
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail = err.code === 'HPE_INVALID_URL' ? problemDetails.invalidUrl() : `${problemDetails.malformedRequest()}（${err.code ?? 'error'}）`;
  this.log.trace({ err }, 'client error');
  if (!socket.writable) return void socket.destroy(err);
  const body = Buffer.from(JSON.stringify(problemBody(status, 'bad-request', detail)));
  writeResponse(socket, status, { 'content-type': PROBLEM_CONTENT_TYPE }, body);
}
