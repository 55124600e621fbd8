import type { IndicatorCatalogue, IndicatorDef } from '../logic-models/logic-models.definitions.js';
import { disclosureRuleOf } from './engine/disclosure.js';
import type { IndicatorDefinitionDto, IndicatorUnitValueDto } from './indicators.schemas.js';
import type { ValueRow } from './indicators.repository.js';
import { clean, display } from '../../shared/numbers.js';
import { directionLabels, labelOf, levelLabels, reasonLabels, unitLabels, valueStatusLabels } from '../../shared/labels.js';

const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** The data sources (needs, homecare, …, reference) an indicator's formula reads. */
export function sourcesOf(ind: IndicatorDef, sourceOf: ReadonlyMap<string, string>): string[] {
  const terms = [...(ind.numerator ?? []), ...(ind.denominator ?? [])].map((t) => t.measure);
  if (ind.standard) terms.push(ind.standard);
  return [...new Set(terms.map((m) => sourceOf.get(m)).filter((s): s is string => Boolean(s)))];
}

/** Catalogue entry → API definition, with its disclosure rule resolved. */
export function mapDefinition(
  ind: IndicatorDef,
  catalogue: IndicatorCatalogue,
  sourceOf: ReadonlyMap<string, string>,
): IndicatorDefinitionDto {
  const rule = ind.status === 'active' ? disclosureRuleOf(ind, catalogue) : null;
  return {
    id: ind.id,
    label_ja: ind.label_ja,
    status: ind.status,
    kind: ind.kind ?? null,
    unit: ind.unit ?? null,
    unitLabel: labelOf(unitLabels, ind.unit),
    numerator: ind.numerator ?? null,
    denominator: ind.denominator ?? null,
    factor: ind.factor,
    divisor: ind.divisor,
    direction: ind.direction ?? null,
    directionLabel: labelOf(directionLabels, ind.direction),
    ci: ind.ci ?? null,
    disclosure: rule
      ? { minDenominator: rule.minDenominator, smallCountMin: finite(rule.smallCountMin), smallCountMax: finite(rule.smallCountMax) }
      : null,
    standard: ind.standard ?? null,
    undecidable: ind.undecidable ?? null,
    sources: sourcesOf(ind, sourceOf),
    source: ind.source ?? null,
    note: ind.note ?? null,
    ruleVersion: ind.rule_version,
  };
}

const interval = (lower: number | null, upper: number | null) =>
  lower === null || upper === null ? null : { lower: clean(lower), upper: clean(upper) };

/** Display strings of a value and its 95 % CI, rounded to the unit's decimals (docs/numbers.md). */
export function displayOf(value: number | null, ci95: { lower: number; upper: number } | null, unit: string | null) {
  if (value === null) return null;
  return {
    value: display(value, unit)!,
    ci95: ci95 ? `${display(ci95.lower, unit)}–${display(ci95.upper, unit)}` : null,
  };
}

/**
 * Stored row → API value of one unit: numbers cleaned of binary noise, display strings rounded to
 * the unit's decimals (`unit`: the indicator's).
 */
export function mapUnitValue(r: Omit<ValueRow, 'computed_at'>, unit: string | null): IndicatorUnitValueDto {
  const ci95 = interval(r.ci95_lower, r.ci95_upper);
  return {
    level: r.level,
    code: r.unit_code,
    name: r.unit_name,
    status: r.status,
    statusLabel: valueStatusLabels[r.status] ?? r.status,
    levelLabel: levelLabels[r.level] ?? r.level,
    suppressed: r.status === 'suppressed',
    reason: r.reason,
    reasonLabel: labelOf(reasonLabels, r.reason),
    numerator: clean(r.numerator),
    denominator: clean(r.denominator),
    value: clean(r.value),
    ci95,
    ci998: interval(r.ci998_lower, r.ci998_upper),
    display: displayOf(r.value, ci95, unit),
    undecidable: clean(r.undecidable),
    coverage: { contributing: r.contributing, members: r.members },
    provenance: { uploads: r.uploads, ruleVersion: r.rule_version },
  };
}
