import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, LOCK_FILE, lockDataDirectory } from '../../src/db/data-dir-lock.js';
import { openDatabase } from '../../src/db/client.js';
import { pgliteTemplateFile } from '../../src/db/pglite-template.js';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
let holder: ChildProcess;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'carelogic-lock-'));
  // Another live process, standing in for a running server.
  holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
});
afterAll(() => {
  holder.kill();
  rmSync(dir, { recursive: true, force: true });
});

const holdAs = (pid: number, d = dir) =>
  writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid, command: 'carelogic server', since: '2026-12-01T00:00:00.000Z' }));

describe('the PGlite data directory lock', () => {
  it('is taken, refused to a second holder while held, and released', () => {
    const release = lockDataDirectory(dir, 'test');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryLockedError);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDirectory(dir)();
  });

  it('names the live holder and says what to do', () => {
    holdAs(holder.pid!);
    let error: unknown;
    try {
      lockDataDirectory(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirectoryLockedError);
    const message = (error as Error).message;
    expect(message).toContain(`pid ${holder.pid}`);
    expect(message).toContain('carelogic server');
    expect(message).toMatch(/サーバーを止めて/);
    expect(message).toMatch(/POST \/v1\/api-keys/);
  });

  it('takes over a lock whose process is gone (a crash)', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    holdAs(Number(gone.stdout.toString()));
    const release = lockDataDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('openDatabase refuses a data directory another process holds, and the CLI exits non-zero without writing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'carelogic-lock-db-'));
    try {
      holdAs(holder.pid!, data);
      await expect(openDatabase({ dataDir: data })).rejects.toThrow(DataDirectoryLockedError);
      const cli = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'src', 'cli.ts'), 'keys', 'create', '--role', 'admin', '--name', 'x'],
        { env: { ...process.env, DATA_DIR: data, DATABASE_URL: '' }, encoding: 'utf8', cwd: root, timeout: 120_000 },
      );
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`pid ${holder.pid}`);
      expect(cli.stdout).not.toMatch(/cl_|key/i);
      expect(existsSync(join(data, 'PG_VERSION'))).toBe(false); // nothing was opened, nothing written
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 150_000);

  it('openDatabase holds the lock while open and releases it on close', async () => {
    const data = mkdtempSync(join(tmpdir(), 'carelogic-lock-db-'));
    try {
      const first = await openDatabase({ dataDir: data, template: pgliteTemplateFile() });
      await expect(openDatabase({ dataDir: data })).rejects.toThrow(DataDirectoryLockedError);
      await first.close();
      expect(existsSync(join(data, LOCK_FILE))).toBe(false);
      const again = await openDatabase({ dataDir: data, template: pgliteTemplateFile() });
      await again.close();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 150_000);
});
