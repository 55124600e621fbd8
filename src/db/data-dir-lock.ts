import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file a process holds while it has a PGlite data directory open. */
export const LOCK_FILE = 'carelogic.lock';

/** Who holds a data directory. */
export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

/** A PGlite data directory another live process holds: opening it too would lose one side's writes. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `データディレクトリ ${dataDir} は別のプロセスが使用中です（${holder.command}、pid ${holder.pid}、${holder.since} から）。` +
        'PGlite は1つのプロセスしか開けないため、このまま開くと一方の書き込みが失われます。' +
        'サーバーを止めてから実行するか、サーバーが動いている間は API を使ってください（例: POST /v1/api-keys）。' +
        `\nThe data directory ${dataDir} is in use by ${holder.command} (pid ${holder.pid}, since ${holder.since}). ` +
        'Stop it first, or use the API while it runs.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory's lock for this process, or throws {@link DataDirectoryLockedError}
 * naming the live holder. A lock left by a process that is gone (a crash) is taken over. Returns
 * the release function (idempotent; also run at process exit).
 */
export function lockDataDirectory(dataDir: string, command = process.argv.slice(1).join(' ') || 'node'): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && alive(holder.pid)) throw new DataDirectoryLockedError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its process is gone
      continue;
    }
    const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(holder));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new Error(`Could not take the lock ${file}.`);
}
