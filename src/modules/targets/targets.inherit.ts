import type { Scope } from './targets.validate.js';

/** A stored target as inheritance needs it. */
export interface TargetRecord {
  id: string;
  indicatorId: string;
  scope: Scope;
  scopeCode: string;
  targetYear: number;
  targetValue: number;
  baselineYear: number | null;
  baselineValue: number | null;
}

/** Where a municipality sits: the codes its targets may come from. */
export interface Place {
  municipality: string;
  /** Its medical area (二次医療圏) name. */
  area: string;
  prefecture: string;
}

/** A target that applies to a municipality, with where it came from. */
export interface ResolvedTarget extends TargetRecord {
  source: Scope;
}

/** The inheritance order: own, then area, then prefecture. */
export const INHERITANCE: readonly Scope[] = ['municipality', 'area', 'prefecture'];

/** Of one scope's targets, the earliest at or after the period, else the latest before it. */
function milestone(targets: readonly TargetRecord[], period: number): TargetRecord | null {
  let ahead: TargetRecord | null = null;
  let behind: TargetRecord | null = null;
  for (const t of targets) {
    if (t.targetYear >= period) {
      if (!ahead || t.targetYear < ahead.targetYear) ahead = t;
    } else if (!behind || t.targetYear > behind.targetYear) behind = t;
  }
  return ahead ?? behind;
}

const codeAt = (p: Place, s: Scope) => (s === 'municipality' ? p.municipality : s === 'area' ? p.area : p.prefecture);

/** Targets grouped by indicator, scope and code, for resolving many municipalities at once. */
export class TargetIndex {
  private readonly byKey = new Map<string, TargetRecord[]>();

  constructor(targets: Iterable<TargetRecord>) {
    for (const t of targets) {
      const key = `${t.indicatorId}|${t.scope}|${t.scopeCode}`;
      const list = this.byKey.get(key) ?? [];
      list.push(t);
      this.byKey.set(key, list);
    }
  }

  private at(indicator: string, scope: Scope, code: string): TargetRecord[] {
    return this.byKey.get(`${indicator}|${scope}|${code}`) ?? [];
  }

  /**
   * The target of (indicator, municipality, year): the municipality's own, else its area's,
   * else the prefecture's, with `source` saying which; `null` when none of them has one.
   */
  resolve(
    indicator: string,
    place: Place,
    year: number,
    scopes: readonly Scope[] = INHERITANCE,
  ): ResolvedTarget | null {
    for (const scope of scopes) {
      const t = this.at(indicator, scope, codeAt(place, scope)).find((x) => x.targetYear === year);
      if (t) return { ...t, source: scope };
    }
    return null;
  }

  /**
   * The target that applies to (indicator, municipality) for a value of `period`: the nearest scope
   * that has any target for the indicator wins — the municipality's own, else its area's, else the
   * prefecture's — whatever their years, so an own 2029 target is never overridden by an inherited
   * 2026 one; within that scope, the earliest target year at or after the period (the next
   * milestone), else the latest before it. With `targetYear` given, {@link resolve} at that year.
   * `scopes` narrows the inheritance (a count such as a number of clinics is not inherited: a
   * prefecture's total is no municipality's target).
   */
  effective(
    indicator: string,
    place: Place,
    period: number,
    targetYear?: number,
    scopes: readonly Scope[] = INHERITANCE,
  ): ResolvedTarget | null {
    if (targetYear !== undefined) return this.resolve(indicator, place, targetYear, scopes);
    for (const scope of scopes) {
      const t = milestone(this.at(indicator, scope, codeAt(place, scope)), period);
      if (t) return { ...t, source: scope };
    }
    return null;
  }

  /** The prefecture's own target (no inheritance) at `targetYear`, else at its next target year at or after the period. */
  prefectureTarget(indicator: string, prefecture: string, period: number, targetYear?: number): TargetRecord | null {
    const own = this.at(indicator, 'prefecture', prefecture);
    if (targetYear !== undefined) return own.find((t) => t.targetYear === targetYear) ?? null;
    return milestone(own, period);
  }
}
