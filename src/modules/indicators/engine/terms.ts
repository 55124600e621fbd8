import type { ActiveIndicator, Term } from '../../logic-models/logic-models.definitions.js';
import type { MeasureCell, MeasureCells } from './types.js';

/** A stratum key `sex:ageBand`. */
export const stratumKey = (sex: number, ageBand: number) => `${sex}:${ageBand}`;

const isFullStratum = (c: MeasureCell) => c.sex !== 0 && c.ageBand !== 0;

/**
 * The all-persons total of a measure: its (0, 0) row when stored, otherwise the sum of its
 * finest cells. Reference statistics may arrive stratified only (no total row), and a margin row
 * (sex given, age 0) must not be added to the cells it summarises.
 */
export function measureTotal(cells: readonly MeasureCell[] | undefined): number | undefined {
  if (!cells || cells.length === 0) return undefined;
  const total = cells.find((c) => c.sex === 0 && c.ageBand === 0);
  if (total) return total.value;
  const full = cells.filter(isFullStratum);
  const pick = full.length ? full : cells.filter((c) => c.sex !== 0 && c.ageBand === 0);
  const use = pick.length ? pick : cells;
  return use.reduce((s, c) => s + c.value, 0);
}

/** Σ sign × total over the terms; a measure not stored counts 0 (see {@link anyPresent}). */
export function sumTerms(terms: readonly Term[] | undefined, cells: MeasureCells): number {
  let sum = 0;
  for (const t of terms ?? []) sum += t.sign * (measureTotal(cells.get(t.measure)) ?? 0);
  return sum;
}

/** True when at least one of the terms' measures is stored for the municipality. */
export function anyPresent(terms: readonly Term[] | undefined, cells: MeasureCells): boolean {
  return (terms ?? []).some((t) => (cells.get(t.measure)?.length ?? 0) > 0);
}

/** Σ sign × value per full stratum (sex ≠ 0 and age band ≠ 0) over the terms. */
export function sumTermStrata(terms: readonly Term[] | undefined, cells: MeasureCells): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of terms ?? []) {
    for (const c of cells.get(t.measure) ?? []) {
      if (!isFullStratum(c)) continue;
      const key = stratumKey(c.sex, c.ageBand);
      out.set(key, (out.get(key) ?? 0) + t.sign * c.value);
    }
  }
  return out;
}

/** Every measure id an indicator reads, each once. */
export function measuresOf(ind: ActiveIndicator): string[] {
  const ids = [
    ...(ind.numerator ?? []),
    ...(ind.denominator ?? []),
    ...(ind.disclosure_counts?.numerator ?? []),
    ...(ind.disclosure_counts?.denominator ?? []),
  ].map((t) => t.measure);
  for (const m of [ind.weights?.sumsq, ind.undecidable, ind.standard]) if (m) ids.push(m);
  return [...new Set(ids)];
}
