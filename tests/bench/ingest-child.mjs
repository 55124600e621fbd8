// The RSS run of bench:ingest: the built service (dist/, as `npm start` runs it) alone in a
// fresh process, uploading one file over HTTP from a client process. Prints one JSON line.
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp } from '../../dist/app.js';
import { openDatabase } from '../../dist/db/client.js';
import { runMigrations } from '../../dist/db/migrate.js';

const [file, rows, dbUrl, warm] = process.argv.slice(2);
const ADMIN = 'bench-admin-key-0123456789';
const run = promisify(execFile);
const database = await openDatabase({ databaseUrl: dbUrl });
await runMigrations(database);
// The service's own timings of each upload (its "survey upload" log line); other lines are dropped.
const uploads = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n')) {
      if (!line.includes('"survey upload"')) continue;
      const { wave, validateMs, measuresMs, indicatorsMs } = JSON.parse(line);
      uploads.push({ wave, validateMs, measuresMs, indicatorsMs });
    }
    done();
  },
});
const { app, services } = await buildApp({ logLevel: 'info', maxUploadBytes: 1024 ** 3 }, { database, logStream });
await services.regions.seed();
await services.auth.ensureAdmin(ADMIN);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const idleRssMb = process.memoryUsage().rss / 1024 ** 2;
const client = fileURLToPath(new URL('./ingest-upload.mjs', import.meta.url));
// The client runs in another process (see ingest-upload.mjs) and times the request itself.
const post = async (wave) => {
  const { stdout } = await run(process.execPath, [client, address, ADMIN, file, String(wave)], { maxBuffer: 1 << 26 });
  return JSON.parse(stdout.trim().split('\n').pop());
};
// 'warm': one upload of another wave first (JIT, connections, table pages), then the timed one.
if (warm === 'warm') await post(2024);
const { status, body: json, seconds } = await post(2025);
await app.close();
await database.close();
if (status !== 201) throw new Error(`upload answered ${status}: ${json.detail}`);
const { validateMs, measuresMs, indicatorsMs } = uploads.find((u) => u.wave === 2025) ?? {};
const timings = validateMs === undefined ? undefined : { validateMs, measuresMs, indicatorsMs };
console.log(JSON.stringify({ rows: Number(rows), stored: json.rows, seconds, timings, idleRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
