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
   * The target year that applies to a period when none is asked for: the earliest target year
   * at or after the period (the next milestone) among the targets that could apply to the
   * municipality, else the latest one before it; `null` when there is none.
   */
  yearFor(indicator: string, place: Place, period: number, scopes: readonly Scope[] = INHERITANCE): number | null {
    const years = scopes.flatMap((s) => this.at(indicator, s, codeAt(place, s)).map((t) => t.targetYear));
    const ahead = years.filter((y) => y >= period);
    if (ahead.length) return Math.min(...ahead);
    return years.length ? Math.max(...years) : null;
  }

  /**
   * {@link resolve} at the given target year, or at {@link yearFor} the period when none is given;
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
    const year = targetYear ?? this.yearFor(indicator, place, period, scopes);
    return year === null ? null : this.resolve(indicator, place, year, scopes);
  }

  /** The prefecture's own target (no inheritance) at `targetYear`, else at its next target year at or after the period. */
  prefectureTarget(indicator: string, prefecture: string, period: number, targetYear?: number): TargetRecord | null {
    const own = this.at(indicator, 'prefecture', prefecture);
    const ahead = own.filter((t) => t.targetYear >= period).sort((a, b) => a.targetYear - b.targetYear);
    if (targetYear !== undefined) return own.find((t) => t.targetYear === targetYear) ?? null;
    return ahead[0] ?? [...own].sort((a, b) => b.targetYear - a.targetYear)[0] ?? null;
  }
}
