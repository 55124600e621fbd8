import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { logicModelsDir } from '../../paths.js';
import type { MeasureDef } from '../logic-models/logic-models.definitions.js';
import { loadLogicModels } from '../logic-models/logic-models.loader.js';

/** Where the reference rules live by default (a sub-folder the logic-model loader skips). */
export const DEFAULT_RULES_FILE = resolve(logicModelsDir, 'reference', 'rules.yaml');

const codeList = z.record(z.string().regex(/^[1-9]\d*$/, 'codes are positive integers'), z.string().min(1));

/** zod schema of logic-models/reference/rules.yaml. */
export const ReferenceRulesFileSchema = z.strictObject({
  version: z.string().min(1),
  strata: z.strictObject({ sex: codeList, age_band: codeList }),
  national: z.strictObject({
    code: z.string().regex(/^\d{6}$/),
    label_ja: z.string().min(1),
    measure_prefixes: z.array(z.string().min(1)).min(1),
  }),
  sums: z.array(
    z.strictObject({
      total: z.string().min(1),
      label_ja: z.string().min(1),
      parts: z.array(z.string().min(1)).min(1),
    }),
  ),
});

/** A reference measure as the validator needs it. */
export interface ReferenceMeasure {
  readonly id: string;
  readonly stratified: boolean;
  /** True for the national standard population (std.*): code 000000 only. */
  readonly national: boolean;
}

/** Everything a reference file is checked against: the measures and the rules file. */
export interface ReferenceRules {
  readonly version: string;
  readonly measures: ReadonlyMap<string, ReferenceMeasure>;
  readonly sexCodes: readonly number[];
  readonly ageBandCodes: readonly number[];
  readonly nationalCode: string;
  readonly sums: readonly { readonly total: string; readonly label_ja: string; readonly parts: readonly string[] }[];
}

/**
 * Builds the rules from the measure catalogue and the parsed rules file. Only measures with
 * source 'reference' may be loaded; a rule naming any other measure is a configuration error.
 * @throws Error naming every inconsistency (a deployment mistake, not a user's).
 */
export function buildReferenceRules(measureDefs: readonly MeasureDef[], raw: unknown): ReferenceRules {
  const file = ReferenceRulesFileSchema.parse(raw);
  const national = (id: string) => file.national.measure_prefixes.some((p) => id.startsWith(p));
  const measures = new Map<string, ReferenceMeasure>();
  for (const m of measureDefs) {
    if (m.source === 'reference') measures.set(m.id, { id: m.id, stratified: m.stratified, national: national(m.id) });
  }
  const problems: string[] = [];
  for (const s of file.sums) {
    for (const id of [s.total, ...s.parts]) {
      if (!measures.has(id)) problems.push(`sums: ${id} is not a reference measure of measures.yaml`);
      else if (measures.get(id)!.stratified) problems.push(`sums: ${id} is stratified; sums are checked on totals`);
    }
  }
  if (problems.length)
    throw new Error(`Invalid reference rules (version ${file.version}):\n  ${problems.join('\n  ')}`);
  const codes = (list: Record<string, string>) =>
    Object.keys(list)
      .map(Number)
      .sort((a, b) => a - b);
  return {
    version: file.version,
    measures,
    sexCodes: codes(file.strata.sex),
    ageBandCodes: codes(file.strata.age_band),
    nationalCode: file.national.code,
    sums: file.sums,
  };
}

/**
 * Reads the rules file and builds the rules over `measures` (the catalogue the app already
 * loaded, so every module agrees on it), else over the logic-model folder's measures.yaml.
 */
export async function loadReferenceRules(
  opts: { measures?: readonly MeasureDef[]; logicModelsDir?: string; rulesFile?: string } = {},
): Promise<ReferenceRules> {
  const measures = opts.measures ?? (await loadLogicModels(opts.logicModelsDir ?? logicModelsDir)).measures.measures;
  const raw: unknown = parse(await readFile(opts.rulesFile ?? DEFAULT_RULES_FILE, 'utf8'));
  return buildReferenceRules(measures, raw);
}
