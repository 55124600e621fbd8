import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../auth/auth.types.js';
import { fixturesDir } from '../../paths.js';
import type { ReferenceService } from './reference.service.js';

/**
 * The national standard population shipped with the product (fixtures/reference/): the measure
 * `std.insured.first` under code 000000, by sex × age band — 厚生労働省's 昭和60年モデル人口 (the
 * standard of 年齢調整死亡率), ages 65 and over, the same for both sexes — stored at period 2000,
 * the first period carelogic accepts. A standard serves its own period and every later one until
 * a newer one is loaded (docs/standard-population.md explains the choice and how an admin
 * replaces it).
 */
export const STANDARD_POPULATION_FILE = join(fixturesDir, 'reference', 'standard-population.csv');

/** Who seeds master data: the service itself, as an administrator. */
export const SEED_PRINCIPAL: Principal = {
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'seed',
  role: 'admin',
  prefectureCode: null,
  municipalityCode: null,
};

/**
 * Loads the shipped standard population through the ordinary reference upload (validated,
 * versioned, idempotent on content) when no standard population was ever loaded: at every later
 * start it is a no-op, so a standard an admin loaded (or retracted) is never overridden.
 */
export async function seedStandardPopulation(
  reference: ReferenceService,
  file = STANDARD_POPULATION_FILE,
): Promise<{ created: boolean; uploadId: string | null }> {
  const existing = await reference.list({ measure: 'std.insured.first' }, SEED_PRINCIPAL);
  if (existing.length > 0) return { created: false, uploadId: existing[existing.length - 1].id };
  const { created, body } = await reference.upload({
    stream: createReadStream(file),
    fileName: 'standard-population.csv',
    principal: SEED_PRINCIPAL,
  });
  return { created, uploadId: body.id };
}
