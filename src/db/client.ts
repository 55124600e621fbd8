import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDirectory } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A database handle with the underlying driver, so bulk paths (COPY) can reach it. */
export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Set when kind = 'postgres'. */
  pool?: pg.Pool;
  /** Set when kind = 'pglite'. */
  pglite?: PGlite;
  /** Where it lives, without credentials: for logs and /readyz. */
  describe: string;
  /**
   * Opens the connections a request reads on side by side, before the server listens: the first
   * requests then do not each wait for a new connection (a few ms apiece). PGlite: nothing to do.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connections kept open even when idle: a gap report reads on up to four at once, and a dashboard
 * that polls once a minute would otherwise find them closed (idle ones close after 10 s) and open
 * them anew at every poll.
 */
const WARM_CONNECTIONS = 4;

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory, or 'memory://' for an in-memory database. */
  dataDir?: string;
  /** PGlite: a dumped data directory (tar.gz) to start a new data directory from. */
  template?: string;
  poolSize?: number;
}

// int8 (count(*), sums of bigint) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as JS numbers: sums of weights and money; precision beyond 15 digits is not needed here.
pg.types.setTypeParser(1700, (v) => Number(v));

/** Opens PostgreSQL when a URL is given, else PGlite on a data directory (the embedded default). */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const max = opts.poolSize ?? 10;
    const min = Math.min(WARM_CONNECTIONS, max);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max, min });
    // An idle connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … FORCE)
    // is an 'error' event on the pool: without a listener it would end the process. The pool drops
    // that client and opens another at the next query; a query in flight fails on its own.
    pool.on('error', (err) => {
      const code = (err as { code?: string }).code;
      process.emitWarning(`PostgreSQL ended an idle connection${code ? ` (${code})` : ''}; it is replaced at the next query`);
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const url = new URL(opts.databaseUrl);
    return {
      db,
      kind: 'postgres',
      pool,
      describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
      async warm() {
        const clients = await Promise.all(Array.from({ length: min }, () => pool.connect()));
        for (const c of clients) c.release();
      },
      close: () => pool.end(),
    };
  }
  const dataDir = opts.dataDir ?? './data';
  const memory = dataDir.startsWith('memory://');
  if (!memory) mkdirSync(resolve(dataDir), { recursive: true });
  // One process per data directory: a second PGlite on the same files (the CLI beside a running
  // server) would report writes the other then overwrites. Refused with a message naming the holder.
  const release = memory ? () => {} : lockDataDirectory(resolve(dataDir));
  // A new data directory starts from the template `npm install` prepared (initdb and migrations
  // already run), which saves PGlite's slow in-WASM initdb; without one, PGlite runs initdb.
  const fresh = !memory && !existsSync(join(resolve(dataDir), 'PG_VERSION'));
  const template = fresh && opts.template && existsSync(opts.template) ? new Blob([readFileSync(opts.template)]) : undefined;
  let client: PGlite;
  try {
    client = new PGlite(memory ? dataDir : resolve(dataDir), {
      parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
      ...(template ? { loadDataDir: template } : {}),
    });
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    describe: memory ? 'pglite (memory)' : `pglite:${resolve(dataDir)}`,
    warm: async () => {},
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}
