import { z } from 'zod';
import {
  MeasureDefSchema,
  MeasuresFileSchema,
  type MeasureCatalogue,
  type MeasureDef,
} from './logic-models.definitions.js';
import { throwIfProblems } from './logic-models.errors.js';
import { messages } from './logic-models.messages.js';
import { ProblemSink, addZodIssues, duplicates, parseEntries } from './yaml-input.js';

/** Every id measures.yaml claims, mapped to its definition or `null` when the entry is broken. */
export type MeasureLookup = ReadonlyMap<string, MeasureDef | null>;

const HeaderSchema = MeasuresFileSchema.extend({ measures: z.array(z.unknown()) });

/** Internal: checks measures.yaml, recording problems in `sink`. */
export function checkMeasures(
  raw: unknown,
  sink: ProblemSink,
): { value: MeasureCatalogue | null; lookup: MeasureLookup } {
  const header = HeaderSchema.safeParse(raw);
  if (!header.success) {
    addZodIssues(sink, null, null, header.error);
    return { value: null, lookup: new Map() };
  }
  const { valid, claimed } = parseEntries(header.data.measures, MeasureDefSchema, sink, 'measure');
  for (const id of duplicates(claimed)) sink.add('measure', id, 'duplicate_id', messages.duplicateId(id));
  for (const m of valid) {
    const prefixes = m.source === 'reference' ? ['ref.', 'std.'] : [`${m.source}.`];
    if (!prefixes.some((p) => m.id.startsWith(p))) {
      sink.add('measure', m.id, 'source_prefix_mismatch', messages.sourcePrefixMismatch(m.id, m.source));
    }
  }
  const lookup = new Map<string, MeasureDef | null>(claimed.map((id) => [id, null]));
  for (const m of valid) lookup.set(m.id, m);
  return { value: { version: header.data.version, measures: valid }, lookup };
}

/**
 * Validates the parsed content of measures.yaml.
 * @throws LogicModelError listing every problem found.
 */
export function validateMeasures(raw: unknown, file = 'measures.yaml'): MeasureCatalogue {
  const sink = new ProblemSink(file);
  const { value } = checkMeasures(raw, sink);
  throwIfProblems(sink.problems);
  return value as MeasureCatalogue;
}
