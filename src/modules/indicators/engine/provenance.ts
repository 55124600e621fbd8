import type { ActiveIndicator } from '../../logic-models/logic-models.definitions.js';
import { measuresOf } from './terms.js';

/** Code under which the national standard population (and its upload) is stored. */
export const STANDARD_CODE = '000000';

/**
 * Which upload versions feed which measures: `origins` maps a measure to the origin that
 * produces it (a survey part such as `needs/main`, or `reference`), and `uploads` maps an origin
 * and a municipality to the ids of its current uploads.
 */
export interface ProvenanceIndex {
  origins: ReadonlyMap<string, string>;
  uploads: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/**
 * The upload ids behind an indicator's values, as a function of the member municipalities:
 * every current upload of every origin the indicator reads, for those members (and for the
 * standard population, stored under code 000000). Sorted, each once. Each municipality's set is
 * worked out once, so an aggregate only unions its members' sets.
 */
export function uploadsOf(ind: ActiveIndicator, index: ProvenanceIndex): (members: readonly string[]) => string[] {
  // Several measures share an origin (a survey part): look each (origin, role) up once.
  const keys = new Set<string>();
  const sources: { byMunicipality: ReadonlyMap<string, readonly string[]>; standard: boolean }[] = [];
  for (const measure of measuresOf(ind)) {
    const origin = index.origins.get(measure);
    const byMunicipality = origin ? index.uploads.get(origin) : undefined;
    const standard = measure === ind.standard;
    if (!byMunicipality || keys.has(`${standard}:${origin}`)) continue;
    keys.add(`${standard}:${origin}`);
    sources.push({ byMunicipality, standard });
  }
  const standard = sources.filter((s) => s.standard).flatMap((s) => s.byMunicipality.get(STANDARD_CODE) ?? []);
  const own = new Map<string, readonly string[]>();
  const ofMunicipality = (code: string) => {
    let ids = own.get(code);
    if (!ids) {
      ids = sources.filter((s) => !s.standard).flatMap((s) => s.byMunicipality.get(code) ?? []);
      own.set(code, ids);
    }
    return ids;
  };
  return (members) => {
    const out = new Set<string>(standard);
    for (const code of members) for (const id of ofMunicipality(code)) out.add(id);
    return [...out].sort();
  };
}
