// The RSS run of bench:ingest: the built service (dist/, as `npm start` runs it) alone in a
// fresh process, uploading one file over HTTP. Prints one JSON line.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { buildApp } from '../../dist/app.js';
import { openDatabase } from '../../dist/db/client.js';
import { runMigrations } from '../../dist/db/migrate.js';

const [file, rows, dbUrl, warm] = process.argv.slice(2);
const ADMIN = 'bench-admin-key-0123456789';
const database = await openDatabase({ databaseUrl: dbUrl });
await runMigrations(database);
const { app, services } = await buildApp({ logLevel: process.env.BENCH_LOG ?? 'warn', maxUploadBytes: 1024 ** 3 }, { database });
await services.regions.seed();
await services.auth.ensureAdmin(ADMIN);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const idleRssMb = process.memoryUsage().rss / 1024 ** 2;
const boundary = 'carelogicbench';
async function* body(wave) {
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="wave"\r\n\r\n${wave}\r\n`);
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="needs.csv"\r\n\r\n`);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}
const post = (wave) =>
  fetch(`${address}/v1/surveys/needs/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.toWeb(Readable.from(body(wave))),
    duplex: 'half',
  });
// 'warm': one upload of another wave first (JIT, connections, table pages), then the timed one.
if (warm === 'warm') await (await post(2024)).json();
const t0 = performance.now();
const res = await post(2025);
const json = await res.json();
const seconds = (performance.now() - t0) / 1000;
await app.close();
await database.close();
if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${json.detail}`);
console.log(JSON.stringify({ rows: Number(rows), stored: json.rows, seconds, idleRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
