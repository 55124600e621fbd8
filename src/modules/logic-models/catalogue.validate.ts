import { z } from 'zod';
import {
  IndicatorDefSchema,
  IndicatorsFileSchema,
  type CiMethod,
  type IndicatorCatalogue,
  type IndicatorDef,
  type IndicatorKind,
  type IndicatorUnit,
  type MeasureCatalogue,
  type Term,
} from './logic-models.definitions.js';
import { throwIfProblems } from './logic-models.errors.js';
import { messages } from './logic-models.messages.js';
import type { MeasureLookup } from './measures.validate.js';
import { ProblemSink, addZodIssues, duplicates, parseEntries } from './yaml-input.js';

/** Every id indicators.yaml claims, mapped to its definition or `null` when the entry is broken. */
export type IndicatorLookup = ReadonlyMap<string, IndicatorDef | null>;

const HeaderSchema = IndicatorsFileSchema.extend({ indicators: z.array(z.unknown()) });

const CI_BY_KIND: Record<IndicatorKind, readonly CiMethod[]> = {
  proportion: ['wilson', 'wilson_weighted', 'none'],
  rate: ['byar', 'none'],
  dsr: ['dsr_dobson', 'none'],
  ratio: ['none'],
  count: ['none'],
};

// The factor a unit implies, and the kinds it can describe.
const UNIT_RULES: Record<IndicatorUnit, { factor: number; kinds: readonly IndicatorKind[] }> = {
  percent: { factor: 100, kinds: ['proportion', 'dsr', 'ratio'] },
  per_10k: { factor: 10_000, kinds: ['rate', 'dsr'] },
  yen_per_month: { factor: 1, kinds: ['ratio'] },
  years: { factor: 1, kinds: ['ratio'] },
  count: { factor: 1, kinds: ['count'] },
};

const REQUIRED_WHEN_ACTIVE = ['kind', 'unit', 'direction', 'ci', 'disclosure', 'source'] as const;

/** Every measure an indicator refers to, with the field it is named in. */
function measureRefs(ind: IndicatorDef): { field: string; measure: string }[] {
  const terms = (field: string, ts: readonly Term[] | undefined) =>
    (ts ?? []).map((t) => ({ field, measure: t.measure }));
  const single = (field: string, m: string | undefined) => (m ? [{ field, measure: m }] : []);
  return [
    ...terms('numerator', ind.numerator),
    ...terms('denominator', ind.denominator),
    ...terms('disclosure_counts.numerator', ind.disclosure_counts?.numerator),
    ...terms('disclosure_counts.denominator', ind.disclosure_counts?.denominator),
    ...single('weights.sumsq', ind.weights?.sumsq),
    ...single('undecidable', ind.undecidable),
    ...single('standard', ind.standard),
  ];
}

function checkIndicator(ind: IndicatorDef, measures: MeasureLookup | null, sink: ProblemSink): void {
  const add = (code: Parameters<ProblemSink['add']>[2], message: string) => sink.add('indicator', ind.id, code, message);
  if (measures) {
    for (const { field, measure } of measureRefs(ind)) {
      if (!measures.has(measure)) add('unknown_measure', messages.unknownMeasure(field, measure));
    }
  }
  if (ind.kind === 'count' && ind.denominator) add('count_with_denominator', messages.countWithDenominator());
  if (ind.status === 'planned') return;

  const missing = REQUIRED_WHEN_ACTIVE.filter((f) => ind[f] === undefined);
  if (missing.length > 0) add('missing_field', messages.missingField(missing));
  if (!ind.numerator || (!ind.denominator && ind.kind !== 'count')) add('missing_formula', messages.missingFormula());

  if (ind.kind && ind.ci && !CI_BY_KIND[ind.kind].includes(ind.ci)) {
    add('ci_kind_mismatch', messages.ciKindMismatch(ind.ci, ind.kind, CI_BY_KIND[ind.kind]));
  }
  if (ind.kind && ind.unit) {
    const rule = UNIT_RULES[ind.unit];
    if (!rule.kinds.includes(ind.kind)) {
      add('unit_mismatch', messages.unitMismatch(`unit ${ind.unit} は kind ${rule.kinds.join(' / ')} 向けです`));
    } else if (ind.factor !== rule.factor) {
      add('unit_mismatch', messages.unitMismatch(`unit ${ind.unit} には factor: ${rule.factor} が必要です`));
    }
  }
  if (ind.ci === 'wilson_weighted' && !ind.weights) add('weights_missing', messages.weightsMissing());
  if (ind.overdispersion === 'random_effects' && ind.kind !== 'proportion' && ind.kind !== 'rate')
    add('overdispersion_kind', messages.overdispersionKind(ind.kind ?? '—'));
  if (ind.kind === 'dsr') {
    if (!ind.standard || !ind.strata) add('dsr_incomplete', messages.dsrIncomplete());
    const stratified = measureRefs(ind).filter((r) => ['numerator', 'denominator', 'standard'].includes(r.field));
    for (const { field, measure } of stratified) {
      const def = measures?.get(measure);
      if (def && !def.stratified) add('not_stratified', messages.notStratified(field, measure));
    }
  }
}

/** Internal: checks indicators.yaml against the measures, recording problems in `sink`. */
export function checkCatalogue(
  raw: unknown,
  measures: MeasureLookup | null,
  sink: ProblemSink,
): { value: IndicatorCatalogue | null; lookup: IndicatorLookup } {
  const header = HeaderSchema.safeParse(raw);
  if (!header.success) {
    addZodIssues(sink, null, null, header.error);
    return { value: null, lookup: new Map() };
  }
  const { valid, claimed } = parseEntries(header.data.indicators, IndicatorDefSchema, sink, 'indicator');
  for (const id of duplicates(claimed)) sink.add('indicator', id, 'duplicate_id', messages.duplicateId(id));
  for (const ind of valid) checkIndicator(ind, measures, sink);
  const lookup = new Map<string, IndicatorDef | null>(claimed.map((id) => [id, null]));
  for (const ind of valid) lookup.set(ind.id, ind);
  return { value: { ...header.data, indicators: valid }, lookup };
}

/**
 * Validates the parsed content of indicators.yaml against a validated measure catalogue.
 * @throws LogicModelError listing every problem found.
 */
export function validateCatalogue(
  raw: unknown,
  measures: MeasureCatalogue,
  file = 'indicators.yaml',
): IndicatorCatalogue {
  const sink = new ProblemSink(file);
  const lookup = new Map(measures.measures.map((m) => [m.id, m]));
  const { value } = checkCatalogue(raw, lookup, sink);
  throwIfProblems(sink.problems);
  return value as IndicatorCatalogue;
}
