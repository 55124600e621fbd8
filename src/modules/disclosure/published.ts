import type { PublishedCell } from './disclosure.types.js';
import { undecidableId } from './linked.js';

/** A published value as the engine stores it or the API serves it (the fields the auditor reads). */
export interface PublishedValue {
  indicator: string;
  level: string;
  code: string;
  status: string;
  numerator: number | null;
  denominator: number | null;
  undecidable: number | null;
}

/**
 * What a reader sees of the engine's values, as the auditor takes it: per indicator and unit,
 * whether it is shown and its numbers, and the 判定不能 count as a table of its own (shown when
 * the value and the count are). Unit ids are `level:code`, as the engine's reporting units.
 */
export function publishedCells(values: readonly PublishedValue[]): PublishedCell[] {
  const out: PublishedCell[] = [];
  for (const v of values) {
    const unit = `${v.level}:${v.code}`;
    const shown = v.status !== 'suppressed' && v.status !== 'no_data';
    out.push({ indicator: v.indicator, unit, shown, numerator: v.numerator, denominator: v.denominator, undecidable: null });
    out.push({
      indicator: undecidableId(v.indicator),
      unit,
      shown: shown && v.undecidable !== null,
      numerator: shown ? v.undecidable : null,
      denominator: null,
      undecidable: null,
    });
  }
  return out;
}
