import type { ProtectionOptions } from './disclosure.types.js';
import { type FormRange, LinearSystem, type SystemRow } from './solver.js';
import type { LinkedTable, Target } from './table.js';

/**
 * The attacker's model of one linked table: every published form is an equality at its published
 * value, every column (one measure of one municipality) is ≥ 0, every hidden primary number lies
 * within the bounds the public rule gives it, and an insider knows its own columns exactly.
 * Ranges of hidden forms are linear programs over that set (as τ-ARGUS and sdcTable audit).
 */
export class Attacker {
  private readonly system: LinearSystem;
  private readonly published: boolean[];
  private readonly ruleRowsOf = new Map<number, number[]>();
  private insider: string | null = null;
  private readonly sameUnitRules = new Map<number, number[]>();
  solves = 0;

  /** `publishedValue(row)`: the value a reader sees of a table row, or null when it is not published. */
  constructor(
    private readonly table: LinkedTable,
    publishedValue: (row: number) => number | null,
  ) {
    const rows: SystemRow[] = [];
    this.published = [];
    table.rows.forEach((r, i) => {
      const v = publishedValue(i);
      this.published.push(v !== null);
      rows.push({ form: r.form, lower: v ?? -Infinity, upper: v ?? Infinity });
    });
    table.ruleBounds.forEach((b, k) => {
      rows.push({ form: b.form, lower: b.lower, upper: b.upper });
      this.ruleRowsOf.set(b.cell, [...(this.ruleRowsOf.get(b.cell) ?? []), table.rows.length + k]);
    });
    this.system = new LinearSystem(table.columns.length, rows);
  }

  /** True while a table row is published (an equality). */
  isPublished(row: number): boolean {
    return this.published[row];
  }

  /** Stops publishing a row (its cells were hidden). */
  unpublish(row: number): void {
    if (!this.published[row]) return;
    this.published[row] = false;
    this.system.setRow(row, -Infinity, Infinity);
  }

  /** Switches to an insider's view (its columns fixed at their values), or back to an outsider's (null). */
  view(insider: string | null): void {
    if (insider === this.insider) return;
    if (this.insider) for (const j of this.table.columnsOf.get(this.insider) ?? []) this.system.fixColumn(j);
    this.insider = insider;
    if (insider) for (const j of this.table.columnsOf.get(insider) ?? []) this.system.fixColumn(j, this.table.columns[j].value);
  }

  /** True when a form reads only the current insider's own columns (it knows them: nothing to protect). */
  ownOnly(target: Target): boolean {
    if (!this.insider) return false;
    const own = this.table.columnsOf.get(this.insider) ?? [];
    return [...target.form.keys()].every((j) => own.includes(j));
  }

  /**
   * The attacker's range of a target. The bounds the rule gives the target's own cell are lifted
   * while it is solved: that a hidden number is small is what the rule itself tells.
   */
  range(target: Target): FormRange {
    const own = this.unitRuleRows(target.cell);
    for (const i of own) this.system.setRow(i, -Infinity, Infinity);
    try {
      this.solves += 2;
      return this.system.range(target.form);
    } finally {
      own.forEach((i) => {
        const b = this.table.ruleBounds[i - this.table.rows.length];
        this.system.setRow(i, b.lower, b.upper);
      });
    }
  }

  /** Rule rows of every cell of the same members as `cell` (linked indicators of one unit): what the rule says of a unit's numbers together is the rule's own disclosure. */
  private unitRuleRows(cell: number): number[] {
    let rows = this.sameUnitRules.get(cell);
    if (!rows) {
      const key = this.table.cells[cell].members.join(',');
      rows = [];
      for (const [c, r] of this.ruleRowsOf) if (this.table.cells[c].members.join(',') === key) rows.push(...r);
      this.sameUnitRules.set(cell, rows);
    }
    return rows;
  }

  /** The table rows among a range's binding rows (not the rule bounds). */
  tableRows(rows: readonly number[]): number[] {
    return rows.filter((i) => i < this.table.rows.length);
  }

  dispose(): void {
    this.system.dispose();
  }
}

/** The protection interval of a target: [max(0, v − p), v + p] with p = max(absolute × scale, relative × v). */
export function requiredRange(t: Target, o: ProtectionOptions): { lower: number; upper: number } {
  const p = Math.max(o.absolute * t.scale, o.relative * Math.abs(t.value));
  return { lower: Math.max(0, t.value - p), upper: t.value + p };
}

/** How a range fails a target: pinned (narrower than half a count), narrower than its protection interval, or not. */
export function failure(t: Target, r: { min: number; max: number }, o: ProtectionOptions): 'exact' | 'interval' | null {
  if (r.max - r.min < 0.5 * t.scale) return 'exact';
  if (!t.interval) return null;
  const need = requiredRange(t, o);
  const tol = 1e-7 * Math.max(1, Math.abs(t.value));
  return r.min > need.lower + tol || r.max < need.upper - tol ? 'interval' : null;
}
