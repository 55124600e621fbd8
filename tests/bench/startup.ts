/**
 * npm run bench:startup — cold start of the built service (`node dist/server.js`, what `npm start`
 * runs): time from spawn to a 200 from /readyz, and the process's RSS then and after 200 requests,
 * on a fresh PGlite data directory and on a fresh PostgreSQL database.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rootDir } from '../../src/paths.js';
import { createBenchDatabase } from './bench-db.js';

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
};

async function coldStart(label: string, env: Record<string, string>) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const t0 = performance.now();
  const child = spawn(process.execPath, [resolve(rootDir, 'dist/server.js')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_API_KEY: 'bench-admin-key-0123456789' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let readyMs = -1;
    while (performance.now() - t0 < 30_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.ok) {
          readyMs = performance.now() - t0;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    if (readyMs < 0) throw new Error(`${label}: not ready within 30 s`);
    const readyRss = rssMb(child.pid!);
    for (let i = 0; i < 200; i++) {
      await fetch(`http://127.0.0.1:${port}/v1/municipalities?prefecture=47`, { headers: { authorization: 'Bearer bench-admin-key-0123456789' } }).then((r) => r.arrayBuffer());
    }
    console.log(`${label.padEnd(34)} ready in ${(readyMs / 1000).toFixed(2)} s; RSS ${readyRss.toFixed(0)} MB at ready, ${rssMb(child.pid!).toFixed(0)} MB after 200 requests`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dir = await mkdtemp(join(tmpdir(), 'carelogic-start-'));
try {
  await coldStart('PGlite, fresh data directory', { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' });
  await coldStart('PGlite, existing data directory', { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' });
  const db = await createBenchDatabase('carelogic_bench_start');
  try {
    await coldStart('PostgreSQL, fresh database', { DATABASE_URL: db.url });
    await coldStart('PostgreSQL, existing database', { DATABASE_URL: db.url });
  } finally {
    await db.drop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
