import { assertMunicipality, assertPrefecture } from '../../plugins/auth.js';
import { ForbiddenError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { problemDetails } from '../../shared/messages.js';

/**
 * Who a chart is drawn for: the same visibility as the JSON the chart is drawn from. Analysts and
 * admins read every municipality of their prefecture; a municipality key its own municipality and
 * the aggregates; a viewer key (and every embed link) aggregates only — areas and the prefecture.
 */
export type ChartReader = Pick<Principal, 'role' | 'prefectureCode' | 'municipalityCode'>;

/** The reader of an embed link: a viewer bound to the link's prefecture. */
export const embedReader = (prefecture: string): ChartReader => ({
  role: 'viewer',
  prefectureCode: prefecture,
  municipalityCode: null,
});

/** Which municipalities the reader may see: every one, its own only, or none. */
export function municipalitiesSeen(r: ChartReader): 'all' | 'own' | 'none' {
  if (r.role === 'viewer') return 'none';
  return r.role === 'municipality' ? 'own' : 'all';
}

/** 403 unless the reader may read this prefecture. */
export const checkPrefecture = (r: ChartReader, prefecture: string) => assertPrefecture(r as Principal, prefecture);

/** 403 unless the reader may read this municipality's own values (never a viewer). */
export function checkMunicipality(r: ChartReader, code: string): void {
  if (r.role === 'viewer')
    throw new ForbiddenError(problemDetails.aggregatesOnlyChart());
  assertMunicipality(r as Principal, code);
}

/** 403 for a chart of every municipality when the reader sees aggregates only. */
export function checkMunicipalityLevel(r: ChartReader): void {
  if (r.role === 'viewer')
    throw new ForbiddenError(problemDetails.aggregatesOnlyChart());
}
