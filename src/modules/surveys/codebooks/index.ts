import { homecareClientsCodebook, homecareOfficesCodebook } from './homecare.js';
import { needsCodebook } from './needs.js';
import { residenceCodebook } from './residence.js';
import { surveyKinds, type Codebook, type ColumnDef, type SurveyKind, type SurveyPart } from './types.js';
import { workforceEstablishmentsCodebook, workforceStaffCodebook } from './workforce.js';

export * from './types.js';
export { needsCodebook } from './needs.js';
export { homecareClientsCodebook, homecareOfficesCodebook } from './homecare.js';
export { residenceCodebook } from './residence.js';
export { workforceEstablishmentsCodebook, workforceStaffCodebook } from './workforce.js';

const registry: { readonly [K in SurveyKind]: Readonly<Record<SurveyPart<K>, Codebook>> } = {
  needs: { main: needsCodebook },
  homecare: { offices: homecareOfficesCodebook, clients: homecareClientsCodebook },
  residence: { main: residenceCodebook },
  workforce: { establishments: workforceEstablishmentsCodebook, staff: workforceStaffCodebook },
};

/** Thrown for a kind or part that has no codebook: a programming error, callers validate first. */
export class UnknownCodebookError extends Error {
  constructor(
    readonly kind: string,
    readonly part: string | undefined,
  ) {
    super(`No survey codebook for kind '${kind}'${part === undefined ? '' : ` part '${part}'`}`);
    this.name = 'UnknownCodebookError';
  }
}

/** True when `kind` is one of the four survey kinds. */
export const isSurveyKind = (kind: string): kind is SurveyKind => (surveyKinds as readonly string[]).includes(kind);

/** The parts of a survey kind, in file order ('main' for single-part surveys). */
export function partsOf<K extends SurveyKind>(kind: K): readonly SurveyPart<K>[] {
  return Object.keys(registry[kind]) as SurveyPart<K>[];
}

/** Every codebook, kind by kind and part by part. */
export const allCodebooks = (): readonly Codebook[] => surveyKinds.flatMap((k) => Object.values(registry[k]));

/**
 * The codebook of a kind and part, or undefined. `part` may be omitted for single-part kinds.
 * Accepts untrusted strings.
 */
export function findCodebook(kind: string, part?: string): Codebook | undefined {
  if (!isSurveyKind(kind)) return undefined;
  const parts: Readonly<Record<string, Codebook>> = registry[kind];
  const names = Object.keys(parts);
  if (part === undefined) return names.length === 1 ? parts[names[0]] : undefined;
  return Object.hasOwn(parts, part) ? parts[part] : undefined;
}

/**
 * The codebook of a kind and part. `part` may be omitted for single-part kinds ('main').
 * @throws UnknownCodebookError when there is none (e.g. homecare without a part).
 */
export function getCodebook<K extends SurveyKind>(kind: K, part?: SurveyPart<K>): Codebook;
export function getCodebook(kind: string, part?: string): Codebook;
export function getCodebook(kind: string, part?: string): Codebook {
  const codebook = findCodebook(kind, part);
  if (!codebook) throw new UnknownCodebookError(kind, part);
  return codebook;
}

/** The column `id` of a codebook, or undefined. */
export const columnOf = (codebook: Codebook, id: string): ColumnDef | undefined =>
  codebook.columns.find((c) => c.id === id);
