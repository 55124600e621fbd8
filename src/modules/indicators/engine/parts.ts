import type { ActiveIndicator } from '../../logic-models/logic-models.definitions.js';
import { anyPresent, sumTermStrata, sumTerms, measureTotal } from './terms.js';
import type { MeasureCells } from './types.js';

/** One stratum of a standardised rate: events and population at risk. */
export interface StratumParts {
  count: number;
  population: number;
}

/**
 * The additive parts of an indicator for one municipality — or, summed, for an aggregate. Every
 * statistic is computed from these, so an area's value is the formula over its members' summed
 * parts, never an average of their values.
 */
export interface Parts {
  numerator: number;
  /** 0 for a count indicator (it has none). */
  denominator: number;
  /** Σweight² among the denominator (weights.sumsq), 0 when the indicator has none. */
  sumsq: number;
  /** The 判定不能 count (undecidable), 0 when the indicator has none. */
  undecidable: number;
  /** What disclosure control tests: disclosure_counts when given, else numerator / denominator. */
  disclosureNumerator: number;
  disclosureDenominator: number;
  /** DSR strata by `sex:ageBand`; empty for other kinds. */
  strata: Map<string, StratumParts>;
  /**
   * A DSR whose inputs (of this municipality, or of one member of an aggregate) are given as
   * totals only — no sex × age strata for the population, or none for events that did occur:
   * its crude parts stand, its standardised rate cannot be computed.
   */
  unstratified: boolean;
}

/**
 * The parts of one municipality, or `null` when it has no data for the indicator: none of its
 * denominator measures is stored (for a count, none of its numerator measures). A missing
 * numerator measure beside a present denominator counts 0 — a survey part with no row for a
 * municipality (e.g. no client whose life at home is hard) means none, not unknown.
 */
export function municipalityParts(ind: ActiveIndicator, cells: MeasureCells): Parts | null {
  const presence = ind.kind === 'count' ? ind.numerator : ind.denominator;
  if (!anyPresent(presence, cells)) return null;
  const numerator = sumTerms(ind.numerator, cells);
  const denominator = ind.kind === 'count' ? 0 : sumTerms(ind.denominator, cells);
  const dc = ind.disclosure_counts;
  const strata = new Map<string, StratumParts>();
  let unstratified = false;
  if (ind.kind === 'dsr') {
    const counts = sumTermStrata(ind.numerator, cells);
    const populations = sumTermStrata(ind.denominator, cells);
    for (const key of new Set([...counts.keys(), ...populations.keys()])) {
      strata.set(key, { count: counts.get(key) ?? 0, population: populations.get(key) ?? 0 });
    }
    unstratified = populations.size === 0 || (counts.size === 0 && numerator !== 0);
  }
  return {
    numerator,
    denominator,
    sumsq: ind.weights ? (measureTotal(cells.get(ind.weights.sumsq)) ?? 0) : 0,
    undecidable: ind.undecidable ? (measureTotal(cells.get(ind.undecidable)) ?? 0) : 0,
    disclosureNumerator: dc ? sumTerms(dc.numerator, cells) : numerator,
    // A count has no denominator: its rule, if any, tests the count itself.
    disclosureDenominator: dc ? sumTerms(dc.denominator, cells) : ind.kind === 'count' ? numerator : denominator,
    strata,
    unstratified,
  };
}

/** The parts of an aggregate: every field summed over the members with data (`null` if none). */
export function sumParts(members: readonly (Parts | null)[]): Parts | null {
  const present = members.filter((p): p is Parts => p !== null);
  if (present.length === 0) return null;
  const out: Parts = {
    numerator: 0,
    denominator: 0,
    sumsq: 0,
    undecidable: 0,
    disclosureNumerator: 0,
    disclosureDenominator: 0,
    strata: new Map(),
    unstratified: false,
  };
  for (const p of present) {
    out.numerator += p.numerator;
    out.denominator += p.denominator;
    out.sumsq += p.sumsq;
    out.undecidable += p.undecidable;
    out.disclosureNumerator += p.disclosureNumerator;
    out.disclosureDenominator += p.disclosureDenominator;
    out.unstratified ||= p.unstratified;
    for (const [key, s] of p.strata) {
      const acc = out.strata.get(key) ?? { count: 0, population: 0 };
      out.strata.set(key, { count: acc.count + s.count, population: acc.population + s.population });
    }
  }
  return out;
}
