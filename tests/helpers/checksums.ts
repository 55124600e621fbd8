import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';

/**
 * A checksum of every table of the public schema (row count and an md5 of its rows in a
 * fixed order): two equal results mean the database did not change.
 */
export async function tableChecksums(database: Database): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const ident = `"${name.replaceAll('"', '""')}"`;
    const [row] = await queryRows<{ n: number; sum: string | null }>(
      database.db,
      sql.raw(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${ident} t`),
    );
    out[name] = `${row.n}:${row.sum}`;
  }
  return out;
}
