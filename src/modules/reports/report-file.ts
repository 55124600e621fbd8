import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes a file through `render` (which writes and ends the stream it is given), hashing it on
 * the way: a temporary name first, renamed when complete, so a reader never sees half a file.
 */
export async function writeHashed(path: string, render: (out: Writable) => Promise<void>) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const done = pipeline(tap, createWriteStream(tmp));
  try {
    await render(tap);
    if (!tap.writableEnded) tap.end();
    await done;
  } catch (err) {
    tap.destroy();
    await done.catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, path);
  return { sha256: hash.digest('hex'), bytes };
}
