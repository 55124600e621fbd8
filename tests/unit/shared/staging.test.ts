import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { removeOrphanedStaging, stageStream } from '../../../src/shared/staging.js';

const root = await mkdtemp(join(tmpdir(), 'staging-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('staging folders of interrupted uploads', () => {
  it('removes the folders of dead processes at start and keeps those of live ones', async () => {
    // A pid that surely ended: a child that already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = join(root, `carelogic-upload-${dead}-abc123`);
    await mkdir(orphan);
    await writeFile(join(orphan, 'raw'), 'respondent_id\nR1\n');
    const live = join(root, `carelogic-upload-${process.pid}-def456`);
    await mkdir(live);
    const other = join(root, 'something-else');
    await mkdir(other);

    expect(await removeOrphanedStaging(root)).toEqual([`carelogic-upload-${dead}-abc123`]);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it('names a staged file’s folder after the process that owns it', async () => {
    const staged = await stageStream(Readable.from([Buffer.from('a,b\n')]), 1024);
    try {
      expect(staged.dir).toContain(`carelogic-upload-${process.pid}-`);
      expect(staged.bytes).toBe(4);
    } finally {
      await rm(staged.dir, { recursive: true, force: true });
    }
  });
});
