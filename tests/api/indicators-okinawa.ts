/** Loads the Okinawa fixtures (four surveys + reference statistics) through the upload services. */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { generateAll, toCsv } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import type { SurveyKind } from '../../src/modules/surveys/codebooks/index.js';
import type { Services } from '../../src/app.js';

export const principal: Principal = { keyId: randomUUID(), name: 'test', role: 'admin', prefectureCode: null, municipalityCode: null };

// Order matters: workforce staff rows find their municipality through the establishments.
const FILES: [fixture: string, kind: SurveyKind, part: string][] = [
  ['needs', 'needs', 'main'],
  ['homecare-offices', 'homecare', 'offices'],
  ['homecare-clients', 'homecare', 'clients'],
  ['residence', 'residence', 'main'],
  ['workforce-establishments', 'workforce', 'establishments'],
  ['workforce-staff', 'workforce', 'staff'],
];

/** Upload ids by fixture kind. */
export async function loadOkinawa(services: Services, opts: { seed: number; wave: number; scale: number }) {
  const tables = generateAll({ seed: opts.seed, wave: opts.wave, scale: opts.scale, periods: [opts.wave] });
  const ids: Record<string, string> = {};
  for (const [fixture, kind, part] of FILES) {
    const staged = await services.uploads.stage(Readable.from(toCsv(tables[fixture as keyof typeof tables])));
    const { body } = await services.uploads.upload({ kind, part, wave: opts.wave, staged, principal, fileName: `${fixture}.csv` });
    ids[fixture] = body.id!;
  }
  const { body } = await services.reference.upload({ stream: Readable.from(toCsv(tables.reference)), principal, fileName: 'reference.csv' });
  ids.reference = body.id!;
  return ids;
}
