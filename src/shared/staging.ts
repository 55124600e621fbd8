import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PayloadTooLargeError } from './errors.js';
import { problemDetails } from './messages.js';

/** Staging folders are named carelogic-upload-<pid>-<random>: the process that owns them. */
const STAGING_PREFIX = 'carelogic-upload-';

/** An uploaded file saved to a private temporary folder, with its hash. */
export interface StagedFile {
  dir: string;
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Saves a streamed file to a private temporary folder while hashing it (the hash makes
 * re-uploads idempotent; the file on disk lets the reader stream it twice if need be).
 * @throws PayloadTooLargeError past `maxBytes`; nothing is left behind.
 */
export async function stageStream(source: NodeJS.ReadableStream, maxBytes: number): Promise<StagedFile> {
  const dir = await mkdtemp(join(tmpdir(), `${STAGING_PREFIX}${process.pid}-`));
  const path = join(dir, 'raw');
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) return cb(new PayloadTooLargeError(problemDetails.fileTooLarge(maxBytes)));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path));
  } catch (err) {
    await discardStaged({ dir });
    throw err;
  }
  return { dir, path, sha256: hash.digest('hex'), bytes };
}

/** Removes a staged file and its folder. */
export const discardStaged = (staged: Pick<StagedFile, 'dir'>) => rm(staged.dir, { recursive: true, force: true });

/** True when a process with this id runs (on this host). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging folders of uploads a killed process left behind (files with respondent
 * answers must not linger in temp). Run at start; folders of live processes (another replica
 * on the same host) are left alone. Answers the folders removed.
 */
export async function removeOrphanedStaging(dir = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(STAGING_PREFIX.length))?.[1]);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
