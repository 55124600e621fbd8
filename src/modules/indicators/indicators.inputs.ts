import type { Db } from '../../db/client.js';
import type { ActiveIndicator, MeasureCatalogue } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import { NATIONAL_PREFECTURE } from '../reference/reference.validate.js';
import { MEASURE_SPECS } from '../surveys/surveys.measures.js';
import { NotFoundError } from '../../shared/errors.js';
import type { EngineInput } from './engine/engine.js';
import { STANDARD_CODE, type ProvenanceIndex } from './engine/provenance.js';
import { measuresOf } from './engine/terms.js';
import type { Geography, MeasureCell } from './engine/types.js';
import { type EngineRows, type MeasureCellRow, type MeasureScope, readEngineRows } from './indicators.read.js';
import type { InputState } from './indicators.repository.js';
import { problemDetails } from '../../shared/messages.js';

/** Origin of a reference measure: reference statistics are versioned per measure. */
const referenceOrigin = (measure: string) => `reference:${measure}`;

/**
 * Measure → origin: the survey part that computes it (`needs/main`, `homecare/clients`, …) as the
 * survey module declares, or `reference:<measure>` for reference statistics. Built once.
 */
export function measureOrigins(measures: MeasureCatalogue): Map<string, string> {
  const part = new Map<string, string>();
  for (const [key, specs] of Object.entries(MEASURE_SPECS)) for (const s of specs) part.set(s.measure, key);
  return new Map(
    measures.measures.map((m) => [m.id, m.source === 'reference' ? referenceOrigin(m.id) : (part.get(m.id) ?? m.source)]),
  );
}

/** A prefecture's municipalities grouped as the engine needs them; 404 when it has none. */
export async function loadGeography(regions: RegionsService, prefecture: string) {
  const rows = await regions.municipalityRows(prefecture);
  if (rows.length === 0) throw new NotFoundError(problemDetails.noMunicipalitiesLoaded(prefecture));
  const pref = (await regions.listPrefectures()).find((p) => p.code === prefecture);
  const geography: Geography = {
    prefecture: { code: prefecture, name: pref?.name ?? prefecture },
    municipalities: rows.map((m) => ({ code: m.code, name: m.name, area: m.medicalArea, insurer: m.insurer })),
  };
  // The master's own state, so a changed area or insurer membership makes stored aggregates stale.
  const at = rows.reduce((max, m) => (m.updatedAt > max ? m.updatedAt : max), new Date(0));
  return { geography, state: { at: at.toISOString(), n: rows.length } };
}

/** The std.* measures the indicators standardise on. */
export const standardsOf = (inds: readonly ActiveIndicator[]) =>
  [...new Set(inds.map((i) => i.standard).filter((s): s is string => Boolean(s)))];

function group(rows: readonly MeasureCellRow[]) {
  const out = new Map<string, Map<string, MeasureCell[]>>();
  for (const r of rows) {
    let byMeasure = out.get(r.municipality_code);
    if (!byMeasure) out.set(r.municipality_code, (byMeasure = new Map()));
    const cells = byMeasure.get(r.measure);
    const cell = { sex: r.sex, ageBand: r.age_band, value: r.value };
    if (cells) cells.push(cell);
    else byMeasure.set(r.measure, [cell]);
  }
  return out;
}

/**
 * Current upload ids by origin and municipality: survey slices keyed by `kind/part`, reference
 * slices by measure (the standard population's under code 000000).
 */
function provenanceOf(rows: EngineRows, origins: ReadonlyMap<string, string>): ProvenanceIndex {
  const uploads = new Map<string, Map<string, string[]>>();
  const add = (key: string, municipality: string, id: string) => {
    let byMunicipality = uploads.get(key);
    if (!byMunicipality) uploads.set(key, (byMunicipality = new Map()));
    byMunicipality.set(municipality, [...(byMunicipality.get(municipality) ?? []), id]);
  };
  for (const s of rows.surveySlices) add(s.origin, s.municipality, s.upload);
  for (const s of rows.referenceSlices) add(referenceOrigin(s.measure), s.municipality, s.upload);
  return { origins, uploads };
}

/** The measures (municipal and standard) a set of indicators reads, for a prefecture and period. */
export function scopeOf(prefecture: string, period: number, inds: readonly ActiveIndicator[]): MeasureScope {
  const standards = standardsOf(inds);
  const measures = [...new Set(inds.flatMap(measuresOf))].filter((m) => !standards.includes(m));
  return { prefecture, period, measures, standards, standardCode: STANDARD_CODE };
}

/**
 * Reads what the engine needs for these indicators, on the caller's transaction, with the state
 * of the measures it read (what the stored run will have seen).
 */
export async function loadEngineInput(
  db: Db,
  args: {
    prefecture: string;
    period: number;
    geography: Geography;
    indicators: readonly ActiveIndicator[];
    catalogue: EngineInput['catalogue'];
    origins: ReadonlyMap<string, string>;
  },
): Promise<{ input: EngineInput; state: InputState }> {
  const rows = await readEngineRows(db, scopeOf(args.prefecture, args.period, args.indicators), NATIONAL_PREFECTURE);
  const measures = group(rows.cells);
  const input: EngineInput = {
    catalogue: args.catalogue,
    geography: args.geography,
    measures,
    standard: measures.get(STANDARD_CODE) ?? new Map(),
    provenance: provenanceOf(rows, args.origins),
  };
  return { input, state: rows.state };
}
