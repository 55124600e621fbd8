import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from './client.js';
import * as schema from './schema.js';

/** A transaction that can also bulk-load a COPY text file (tab-separated, \N for null). */
export interface BulkTx {
  db: Db;
  /** Loads a file of COPY text lines into `table (columns)`; returns nothing, throws on any bad row. */
  copyFile(table: string, columns: string[], file: string): Promise<void>;
  /** Loads COPY text lines held in memory (small batches, e.g. computed rows). */
  copyText(table: string, columns: string[], text: string): Promise<void>;
  /**
   * Opens a COPY into `table (columns)` fed line by line while the caller still produces them
   * (PostgreSQL streams them to the server at once; PGlite gathers them in `spill`, a file,
   * and loads it at `end`). Every writer must be ended before the transaction ends.
   */
  copyWriter(table: string, columns: string[], spill: string): CopyWriter;
}

/** COPY text written as it is produced. */
export interface CopyWriter {
  /** Writes whole lines; resolves when the writer can take more. */
  write(text: string): Promise<void>;
  /** Completes the COPY: resolves once every row is in the table. */
  end(): Promise<void>;
}

/** A CopyWriter over a Node writable (a COPY stream or a file). */
function writerOver(sink: NodeJS.WritableStream & { once: Writable['once'] }, done: () => Promise<void>): CopyWriter {
  let failed: unknown;
  sink.once('error', (err) => (failed = err));
  return {
    async write(text) {
      if (failed) throw failed;
      if (!sink.write(text)) await once(sink, 'drain');
    },
    async end() {
      if (failed) throw failed;
      const finished = once(sink, 'finish');
      sink.end();
      await finished;
      await done();
    },
  };
}

/** Bytes per COPY batch on PGlite (it takes a Blob, so the file goes in slices). */
const PGLITE_BATCH_BYTES = 8 * 1024 * 1024;

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const copySql = (table: string, columns: string[], source: string) =>
  `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source}`;

/**
 * Runs fn in one transaction with COPY available: PostgreSQL through pg-copy-streams on the
 * transaction's own connection, PGlite through COPY FROM '/dev/blob' in batches.
 */
export async function withBulkTransaction<T>(database: Database, fn: (tx: BulkTx) => Promise<T>): Promise<T> {
  if (database.kind === 'postgres') {
    const client = await database.pool!.connect();
    try {
      await client.query('BEGIN');
      const db = drizzlePg(client, { schema }) as unknown as Db;
      const result = await fn({
        db,
        async copyFile(table, columns, file) {
          const sink = client.query(copyFrom(copySql(table, columns, 'STDIN')));
          await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), sink);
        },
        async copyText(table, columns, text) {
          await pipeline(Readable.from([text]), client.query(copyFrom(copySql(table, columns, 'STDIN'))));
        },
        copyWriter(table, columns) {
          return writerOver(client.query(copyFrom(copySql(table, columns, 'STDIN'))), async () => {});
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  const pglite = database.pglite!;
  return pglite.transaction(async (ptx: Transaction) => {
    const db = drizzlePglite(ptx as unknown as PGlite, { schema }) as unknown as Db;
    return fn({
      db,
      async copyFile(table, columns, file) {
        const statement = copySql(table, columns, `'/dev/blob'`);
        let parts: Uint8Array[] = [];
        let size = 0;
        const flush = async () => {
          if (size === 0) return;
          await ptx.query(statement, [], { blob: new Blob(parts) });
          parts = [];
          size = 0;
        };
        let carry: Buffer = Buffer.alloc(0);
        for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
          const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          const cut = buf.lastIndexOf(0x0a) + 1; // batches end on a line boundary
          carry = buf.subarray(cut);
          if (cut > 0) {
            parts.push(buf.subarray(0, cut));
            size += cut;
          }
          if (size >= PGLITE_BATCH_BYTES) await flush();
        }
        if (carry.length) {
          parts.push(carry);
          size += carry.length;
        }
        await flush();
      },
      async copyText(table, columns, text) {
        if (text) await ptx.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([text]) });
      },
      copyWriter(table, columns, spill) {
        return writerOver(createWriteStream(spill, { highWaterMark: 1024 * 1024 }), () =>
          this.copyFile(table, columns, spill),
        );
      },
    });
  });
}

/** One value in COPY text format. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export { Readable };
