import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrationsDir, rootDir } from '../paths.js';

/**
 * The PGlite data-directory template made at install (`carelogic pglite-template`, git-ignored).
 * Its name carries a hash of the migrations, so a template made before the migrations changed is
 * never used (a new data directory then runs initdb and every migration instead).
 */
export function pgliteTemplateFile(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).filter((n) => n.endsWith('.sql')).sort()) {
    hash.update(name).update(readFileSync(resolve(migrationsDir, name)));
  }
  hash.update(readFileSync(resolve(migrationsDir, 'meta', '_journal.json')));
  return resolve(rootDir, '.cache', `pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}
