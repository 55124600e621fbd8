/**
 * npm run bench:ingest — needs-survey ingestion through the built service (dist/, as `npm start`
 * runs it), beside a bare COPY of the same rows. PostgreSQL only (see bench-db.ts).
 *
 * 1. Writes a 100,000-row needs CSV (deterministic fixtures); a fresh service process uploads
 *    it over HTTP (multipart streamed by the client) after one warm-up upload: request → 201.
 * 2. COPYs the same CSV into an unindexed all-text table on the same server: the floor.
 * 3. The ceiling of any upload path: the same rows, already typed and with their risk flags (made
 *    by SQL from a staging copy, untimed), COPYed into the needs table itself (its index, WAL).
 *    Nothing is validated, no measure or indicator is computed: what storing the rows alone costs.
 * 4. A fresh service process uploads a 200,000-row file; its peak RSS is reported.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { bigNeedsCsv } from '../../src/fixtures/index.js';
import { createBenchDatabase } from './bench-db.js';

interface ChildResult {
  /** The service's own log of the timed upload: parse, validate and COPY; measures; indicators. */
  timings?: { validateMs: number; measuresMs: number; indicatorsMs: number };
  rows: number;
  stored: number;
  seconds: number;
  idleRssMb: number;
  maxRssMb: number;
}

async function writeCsv(rows: number, file: string) {
  await pipeline(bigNeedsCsv(rows, 42, { wave: 2025 }), createWriteStream(file));
}

/** Runs the built service in a fresh process on a fresh database and uploads `file`. */
async function serviceUpload(file: string, rows: number, warm: boolean): Promise<ChildResult> {
  const db = await createBenchDatabase('carelogic_bench_ingest');
  try {
    const script = fileURLToPath(new URL('./ingest-child.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [script, file, String(rows), db.url, warm ? 'warm' : 'cold'], {
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
  } finally {
    await db.drop();
  }
}

async function bareCopy(file: string) {
  const db = await createBenchDatabase('carelogic_bench_copy');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const header = await firstLine(file);
    await client.query(`CREATE TABLE bare_copy (${header.split(',').map((h) => `"${h}" text`).join(', ')})`);
    const t0 = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)')));
    const seconds = (performance.now() - t0) / 1000;
    const rows = Number((await client.query('SELECT count(*) AS n FROM bare_copy')).rows[0].n);
    return { rows, seconds };
  } finally {
    await client.end();
    await db.drop();
  }
}

/** COPY of the rows already typed (with flags) into the needs table of a migrated database. */
async function typedCopy(file: string) {
  const db = await createBenchDatabase('carelogic_bench_typed');
  const database = await openDatabase({ databaseUrl: db.url });
  await runMigrations(database);
  await database.close();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const typed = `${file}.typed.csv`;
  try {
    const header = (await firstLine(file)).split(',');
    const columns = (
      await client.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'survey_needs_main' ORDER BY ordinal_position`,
      )
    ).rows;
    await client.query(`CREATE UNLOGGED TABLE stage (row_no integer GENERATED ALWAYS AS IDENTITY, ${header.map((h) => `"${h}" text`).join(', ')})`);
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY stage (${header.map((h) => `"${h}"`).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const fixed: Record<string, string> = {
      upload_id: `'00000000-0000-4000-8000-000000000001'::uuid`,
      prefecture_code: `'47'`,
      wave: '2025',
      row_no: 'row_no + 1',
    };
    const select = columns.map(({ column_name: c, data_type: t }) =>
      fixed[c] ?? (header.includes(c) ? `"${c}"::${t}` : `(row_no % 2)::${t}`),
    );
    await pipeline(client.query(copyTo(`COPY (SELECT ${select.join(', ')} FROM stage ORDER BY row_no) TO STDOUT WITH (FORMAT csv)`)), createWriteStream(typed));
    await client.query('DROP TABLE stage');
    const list = columns.map((c) => `"${c.column_name}"`).join(', ');
    const t0 = performance.now();
    await pipeline(createReadStream(typed), client.query(copyFrom(`COPY survey_needs_main (${list}) FROM STDIN WITH (FORMAT csv)`)));
    const seconds = (performance.now() - t0) / 1000;
    const rows = Number((await client.query('SELECT count(*) AS n FROM survey_needs_main')).rows[0].n);
    return { rows, seconds };
  } finally {
    await client.end();
    await rm(typed, { force: true });
    await db.drop();
  }
}

function firstLine(file: string) {
  return new Promise<string>((resolve) => {
    const s = createReadStream(file, { end: 8192, encoding: 'utf8' });
    s.once('data', (d) => (s.destroy(), resolve(String(d).split(/\r?\n/)[0])));
  });
}

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const big = Number(process.env.BENCH_RSS_ROWS ?? 200_000);
const dir = await mkdtemp(join(tmpdir(), 'carelogic-bench-'));
try {
  const file = join(dir, 'needs.csv');
  await writeCsv(rows, file);
  const e2e = await serviceUpload(file, rows, true);
  const copy = await bareCopy(file);
  const e2eRate = e2e.stored / e2e.seconds;
  const copyRate = copy.rows / copy.seconds;
  console.log(`needs CSV: ${rows.toLocaleString()} rows, ${(statSync(file).size / 1024 ** 2).toFixed(1)} MB`);
  const store = await typedCopy(file);
  const storeRate = store.rows / store.seconds;
  console.log(`end to end (HTTP multipart → parse → validate → risk flags → COPY → measures → indicators): ${e2e.seconds.toFixed(2)} s, ${Math.round(e2eRate).toLocaleString()} rows/s`);
  if (e2e.timings) {
    const { validateMs, measuresMs, indicatorsMs } = e2e.timings;
    console.log(`  the service's log: parse, validate and COPY ${validateMs} ms; measures ${measuresMs} ms; indicators recomputed ${indicatorsMs} ms`);
  }
  console.log(`bare COPY into an unindexed text table:                                         ${copy.seconds.toFixed(2)} s, ${Math.round(copyRate).toLocaleString()} rows/s`);
  console.log(`typed rows COPYed into the needs table (no validation, measures or indicators): ${store.seconds.toFixed(2)} s, ${Math.round(storeRate).toLocaleString()} rows/s`);
  console.log(`ratio end-to-end / bare COPY: ${(e2eRate / copyRate).toFixed(3)} (aim ≥ 0.5); storing the typed rows alone: ${(storeRate / copyRate).toFixed(3)}`);

  const bigFile = join(dir, 'needs-big.csv');
  await writeCsv(big, bigFile);
  const r = await serviceUpload(bigFile, big, false);
  console.log(
    `${big.toLocaleString()}-row upload, fresh service process: ${r.seconds.toFixed(2)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB (limit 300 MB; ${r.idleRssMb.toFixed(0)} MB before the upload)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
