import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { KEYS, versionOf } from './data-version.js';
import type pg from 'pg';
import { createVersionReader } from './version-reader.js';

const VERSIONS_QUERY = { name: 'carelogic_data_versions', text: 'SELECT scope, version FROM data_versions', rowMode: 'array' as const };

/** Every stored version, by scope, read straight on the pool (see readDataVersions). */
async function readOnPool(pool: pg.Pool): Promise<Map<string, number>> {
  const res = await pool.query<[string, string | number]>(VERSIONS_QUERY);
  return new Map(res.rows.map(([scope, version]) => [scope, Number(version)]));
}

/** What readers use to stay fresh: the data versions of a request, and ETags derived from them. */
export interface Freshness {
  /**
   * The prefecture's data version for this request: every write committed before the request
   * arrived counts. Read once per request (the auth check and the handler share the read).
   */
  version(req: FastifyRequest, prefecture: string): Promise<number>;
  /**
   * The prefecture's data version now, outside a request (services that read other services, e.g.
   * charts): every write committed before the call counts.
   */
  current(prefecture: string): Promise<number>;
  /** The API keys' version for this request. */
  keysVersion(req: FastifyRequest): Promise<number>;
  /**
   * The ETag of a response: the data version it was read at, and a hash of what else decides the
   * bytes (the URL, the reader's scope, the deployment's catalogue and code).
   */
  etag(version: number, parts: readonly string[]): string;
}

/**
 * Builds the freshness reader over the database. `seed` names what a deployment serves (its
 * logic models and API version), so a new deployment never answers 304 to an old ETag.
 */
export function createFreshness(db: Db, seed: string, pool?: pg.Pool): Freshness {
  // On node-postgres, the per-request read is a named prepared statement sent on the pool as is:
  // no query builder on the hot path (it cost more than the query itself).
  const read = createVersionReader(db, pool ? () => readOnPool(pool) : undefined);
  const perRequest = new WeakMap<FastifyRequest, Promise<ReadonlyMap<string, number>>>();
  const versions = (req: FastifyRequest) => {
    let p = perRequest.get(req);
    if (!p) perRequest.set(req, (p = read()));
    return p;
  };
  return {
    version: async (req, prefecture) => versionOf(await versions(req), prefecture),
    current: async (prefecture) => versionOf(await read(), prefecture),
    keysVersion: async (req) => (await versions(req)).get(KEYS) ?? 0,
    etag(version, parts) {
      const h = createHash('sha1').update(seed).update('\0').update(parts.join('\0')).digest('base64url').slice(0, 16);
      return `"${version}-${h}"`;
    },
  };
}

/**
 * What decides the bytes of an answer besides the data version: the URL (path and query), the
 * prefecture it resolved to, the reader's role and municipality, and the Accept header (JSON or
 * CSV of the same rows).
 */
export const readerParts = (
  req: FastifyRequest,
  prefecture: string,
  p: { role: string; municipalityCode: string | null },
) => [req.url, prefecture, p.role, p.municipalityCode ?? '', req.headers.accept ?? ''];

/** True when If-None-Match names `etag` (or is `*`); weak and strong forms compare alike. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === '*' || bare(t) === etag);
}

/**
 * Sets ETag and Cache-Control (private: answers depend on the key; no-cache: revalidate every
 * time, which a matching ETag makes a body-less 304) and answers true when the request's
 * If-None-Match already names this version, having sent the body-less 304 — the handler then
 * returns the reply as it is.
 */
export function notModified(req: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (!matches(req.headers['if-none-match'], etag)) return false;
  void reply.code(304).send();
  return true;
}
