import type { ProtectionOptions } from './disclosure.types.js';
import { LinearSystem, type SystemRow } from './solver.js';
import type { LinkedTable, Target } from './table.js';

/** Weight of the distance from the true counts in every objective: the optimum moves as few counts as it can. */
const EPS = 1e-6;

/** No rule row lifted. */
const NONE: readonly number[] = Object.freeze([]);

/** Feasible points kept per attacker: enough to settle most ranges, few enough to scan quickly. */
const MAX_WITNESSES = 1024;

/**
 * A feasible point of the attacker's system, found as the optimum of an earlier program: its
 * deviations from the true counts, the municipalities whose counts it moved, and the rule rows
 * it breaks (those lifted for the target it was found for). It stays feasible while the system
 * only loses equalities and held counts, which is all suppression does; a municipality held
 * anew drops the points that moved it.
 */
export interface Witness {
  d: Float64Array;
  moved: Set<string>;
  violated: Set<number>;
}

/** The value of a target at a point given in deviations from the true counts. */
function valueAt(target: Target, d: Float64Array): number {
  let v = target.value;
  for (const [j, c] of target.form) v += c * d[j];
  return v;
}

/** One end of an attacker's range: the extreme value, the rows bounding it, the municipalities whose counts it moved. */
export interface RangeEnd {
  value: number;
  binding: number[];
  moved: Set<string>;
  /** Municipalities held at their counts (known to all) whose bounds hold the optimum: hiding one of their cells frees them. */
  held: Set<string>;
}

/** A range found too narrow: for whom (null = every reader of the publication, or an insider), and the rows that bound it. */
export interface Failure {
  insider: string | null;
  kind: 'exact' | 'interval';
  min: number;
  max: number;
  binding: number[];
  held: string[];
}

/** The protection interval of a target: [max(0, v − p), v + p] with p = max(absolute × scale, relative × v). */
export function requiredRange(t: Target, o: ProtectionOptions): { lower: number; upper: number } {
  const p = Math.max(o.absolute * t.scale, o.relative * Math.abs(t.value));
  return { lower: Math.max(0, t.value - p), upper: t.value + p };
}

/**
 * The attacker's model of one linked table: every published form is an equality at its
 * published value, every column (one measure of one municipality) is ≥ 0, every hidden primary
 * number lies within the bounds the public rule gives it, and an insider knows its own columns.
 * Ranges of hidden forms are linear programs over that set (as τ-ARGUS and sdcTable audit).
 *
 * The program is written in deviations from the true counts x*: x = x* + p − n, p ≥ 0,
 * 0 ≤ n ≤ x*, with a tiny cost on p + n, so that an optimum moves only the counts it must. An
 * insider whose counts an optimum did not move reaches that optimum too: only the insiders it
 * moved need a program of their own. (p is capped at ten times the count plus 1,000 — far
 * beyond any protection interval — so that every program has an optimum.)
 */
export class Attacker {
  private readonly system: LinearSystem;
  private readonly published: boolean[];
  private readonly ruleRowsOf = new Map<number, number[]>();
  private readonly sameUnitRules = new Map<number, number[]>();
  private readonly cap: Float64Array;
  /** The reader whose range is asked (null: the publication's), and the one the system's bounds are set for. */
  private insider: string | null = null;
  private boundInsider: string | null = null;
  /** The rule rows lifted for the target being checked, and those lifted in the system (see {@link sync}). */
  private lifting: readonly number[] = NONE;
  private lifted: readonly number[] = NONE;
  /** Rule row → its bounds in deviations. */
  private readonly ruleBoundsOf = new Map<number, { lower: number; upper: number }>();
  private readonly fixed = new Set<string>();
  /** The rule rows in deviations: system row, form, bounds. */
  private readonly ruleRows: { row: number; form: ReadonlyMap<number, number>; lower: number; upper: number }[] = [];
  /** Feasible points found so far (see {@link Witness}), newest last. */
  private witnesses: Witness[] = [];
  solves = 0;
  /** The points that settled an end of a range checked (an optimum, or a known point): what another reader's attacker may adopt. */
  readonly certificates = new Set<Witness>();
  /** Ends of ranges settled by a known feasible point instead of a linear program. */
  reused = 0;

  /**
   * `publishedValue(row)`: the value a reader sees of a table row, or null when it is not
   * published. `knownByAll(code)`: every number of that municipality in this table is published
   * to this reader — its counts may then move only along directions that change no published
   * form and hence no form at all (every form is a sum of the same forms over members), so they
   * are held at their values: the ranges are the same, the programs smaller.
   */
  constructor(
    private readonly table: LinkedTable,
    publishedValue: (row: number) => number | null,
    private readonly knownByAll: (code: string) => boolean = () => false,
  ) {
    const n = table.columns.length;
    const lower = new Float64Array(2 * n);
    const upper = new Float64Array(2 * n);
    this.cap = new Float64Array(n);
    table.columns.forEach((c, j) => {
      this.cap[j] = 1000 + 10 * Math.abs(c.value);
      upper[2 * j] = this.cap[j];
      upper[2 * j + 1] = Math.max(0, c.value);
    });
    const deviation = (form: ReadonlyMap<number, number>) => {
      const out = new Map<number, number>();
      for (const [j, c] of form) out.set(2 * j, c).set(2 * j + 1, -c);
      return out;
    };
    const rows: SystemRow[] = [];
    this.published = [];
    table.rows.forEach((r, i) => {
      const v = publishedValue(i);
      this.published.push(v !== null);
      rows.push({ form: deviation(r.form), lower: v === null ? -Infinity : v - r.value, upper: v === null ? Infinity : v - r.value });
    });
    table.ruleBounds.forEach((b, k) => {
      const at = [...b.form].reduce((s, [j, c]) => s + c * table.columns[j].value, 0);
      rows.push({ form: deviation(b.form), lower: b.lower - at, upper: b.upper - at });
      this.ruleRows.push({ row: table.rows.length + k, form: b.form, lower: b.lower - at, upper: b.upper - at });
      this.ruleBoundsOf.set(table.rows.length + k, { lower: b.lower - at, upper: b.upper - at });
      this.ruleRowsOf.set(b.cell, [...(this.ruleRowsOf.get(b.cell) ?? []), table.rows.length + k]);
    });
    this.system = new LinearSystem({ lower, upper }, rows);
    this.refresh();
  }

  /** Re-reads `knownByAll` (after cells were hidden) and holds or frees each municipality's counts. */
  refresh(): void {
    for (const code of this.table.columnsOf.keys()) {
      const known = this.knownByAll(code);
      if (known === this.fixed.has(code)) continue;
      if (known) {
        this.fixed.add(code);
        // A point that moved counts now held is no longer feasible.
        this.witnesses = this.witnesses.filter((w) => !w.moved.has(code));
      } else this.fixed.delete(code);
      this.bound(code);
    }
  }

  /** Sets a municipality's column bounds: held at its counts when known (to all, or as the insider the system is set for), else free. */
  private bound(code: string): void {
    const known = this.fixed.has(code) || code === this.boundInsider;
    let b = this.boundsOf.get(code);
    if (!b) {
      const cols = (this.table.columnsOf.get(code) ?? []).flatMap((j) => [2 * j, 2 * j + 1]).sort((a, b) => a - b);
      const free = cols.map((k) => (k % 2 ? Math.max(0, this.table.columns[(k - 1) / 2].value) : this.cap[k / 2]));
      b = { cols, zeros: cols.map(() => 0), free };
      this.boundsOf.set(code, b);
    }
    this.system.setColumns(b.cols, b.zeros, known ? b.zeros : b.free);
  }
  private readonly boundsOf = new Map<string, { cols: number[]; zeros: number[]; free: number[] }>();

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

  /**
   * Publishes a row again at its true value (a cell shown again): points that moved it are no
   * longer feasible and are dropped.
   */
  publish(row: number): void {
    if (this.published[row]) return;
    this.published[row] = true;
    this.system.setRow(row, 0, 0);
    const form = this.table.rows[row].form;
    this.witnesses = this.witnesses.filter((w) => {
      let v = 0;
      for (const [j, c] of form) v += c * w.d[j];
      return Math.abs(v) <= 1e-7;
    });
  }

  /**
   * Switches to an insider's view (its columns fixed at their values), or back to an outsider's
   * (null). The system follows at the next program ({@link sync}): most ranges are settled by
   * known points, and a check that solves nothing changes nothing in the solver.
   */
  private view(insider: string | null): void {
    this.insider = insider;
  }

  /** Brings the solver's bounds to the current view and the current target's lifted rule rows. */
  private sync(): void {
    if (this.boundInsider !== this.insider) {
      const before = this.boundInsider;
      this.boundInsider = this.insider;
      if (before) this.bound(before);
      if (this.insider) this.bound(this.insider);
    }
    if (this.lifted !== this.lifting) {
      const want = new Set(this.lifting);
      for (const i of this.lifted) {
        if (want.has(i)) continue;
        const b = this.ruleBoundsOf.get(i)!;
        this.system.setRow(i, b.lower, b.upper);
      }
      const had = new Set(this.lifted);
      for (const i of this.lifting) if (!had.has(i)) this.system.setRow(i, -Infinity, Infinity);
      this.lifted = this.lifting;
    }
  }

  /** True when a form reads only one municipality's own columns (that insider knows it). */
  ownedBy(target: Target, code: string): boolean {
    const own = this.table.columnsOf.get(code) ?? [];
    return [...target.form.keys()].every((j) => own.includes(j));
  }

  /** Rule rows of every cell with the same members as `cell` (linked indicators of one unit). */
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

  /** One end of the target's range for the current view, by a linear program: sign 1 = minimum, −1 = maximum. */
  private end(target: Target, sign: 1 | -1): RangeEnd {
    const n = this.table.columns.length;
    const costs = new Float64Array(2 * n).fill(EPS);
    for (const [j, c] of target.form) {
      costs[2 * j] += sign * c;
      costs[2 * j + 1] -= sign * c;
    }
    this.solves += 1;
    this.sync();
    const opt = this.system.minimize(costs);
    const d = new Float64Array(n);
    const moved = new Set<string>();
    const held = new Set<string>();
    for (let j = 0; j < n; j++) {
      d[j] = opt.columns[2 * j] - opt.columns[2 * j + 1];
      const code = this.table.columns[j].municipality;
      if (opt.columns[2 * j] + opt.columns[2 * j + 1] > 1e-7) moved.add(code);
      const pushed = Math.abs(opt.columnDuals[2 * j]) + Math.abs(opt.columnDuals[2 * j + 1]) > 2 * EPS + 1e-9;
      if (pushed && this.fixed.has(code) && code !== this.insider) held.add(code);
    }
    this.certificates.add(this.remember(d, moved));
    return { value: valueAt(target, d), binding: opt.binding.filter((i) => i < this.table.rows.length), moved, held };
  }

  /** Keeps an optimum as a feasible point of the system as it stands (and as it will stand: hiding only adds freedom). */
  private remember(d: Float64Array, moved: Set<string>): Witness {
    const violated = new Set<number>();
    for (const r of this.ruleRows) {
      let v = 0;
      for (const [j, c] of r.form) v += c * d[j];
      if (v < r.lower - 1e-7 || v > r.upper + 1e-7) violated.add(r.row);
    }
    const w = { d, moved, violated };
    this.witnesses.push(w);
    if (this.witnesses.length > MAX_WITNESSES) this.witnesses.shift();
    return w;
  }

  /**
   * Takes points found by another attacker of the same table (one who reads more, e.g. the
   * publication's reader for a viewer) after checking each against this system: every row this
   * reader sees holds, every held count is unmoved, every count stays within its bounds. Those
   * that pass are feasible here too and settle ranges as this attacker's own points do.
   */
  adopt(points: Iterable<Witness>): number {
    const n = this.table.columns.length;
    const rows = this.table.rows
      .map((row, r) => ({ row, r }))
      .filter(({ r }) => this.published[r])
      .map(({ row }) => ({ cols: [...row.form.keys()], coefs: [...row.form.values()], tol: 1e-6 * Math.max(1, Math.abs(row.value)) }));
    const held = this.table.columns.map((c) => this.fixed.has(c.municipality));
    let adopted = 0;
    for (const p of points) {
      if (p.d.length !== n) continue;
      let ok = true;
      for (let j = 0; ok && j < n; j++) {
        const dj = p.d[j];
        if (dj === 0) continue;
        if ((held[j] && Math.abs(dj) > 1e-7) || this.table.columns[j].value + dj < -1e-7 || dj > this.cap[j] + 1e-7) ok = false;
      }
      for (let k = 0; ok && k < rows.length; k++) {
        const { cols, coefs, tol } = rows[k];
        let v = 0;
        for (let i = 0; i < cols.length; i++) v += coefs[i] * p.d[cols[i]];
        if (Math.abs(v) > tol) ok = false;
      }
      if (!ok) continue;
      this.remember(p.d, p.moved);
      adopted += 1;
    }
    return adopted;
  }

  /**
   * The lowest and highest value of the target among the known feasible points of the current
   * view (the true counts among them) where the bounds lifted for the target (`lifted`) are the
   * only ones a point may break and an insider's counts did not move.
   */
  private known(target: Target, lifted: ReadonlySet<number>, insider: string | null) {
    let lo: { value: number; moved: Set<string>; w: Witness | null } = { value: target.value, moved: new Set(), w: null };
    let hi = lo;
    const cols = [...target.form.keys()];
    const coefs = [...target.form.values()];
    for (const w of this.witnesses) {
      if (insider !== null && w.moved.has(insider)) continue;
      let ok = true;
      for (const r of w.violated) if (!lifted.has(r)) ok = false;
      if (!ok) continue;
      let v = target.value;
      for (let i = 0; i < cols.length; i++) v += coefs[i] * w.d[cols[i]];
      if (v < lo.value) lo = { value: v, moved: w.moved, w };
      if (v > hi.value) hi = { value: v, moved: w.moved, w };
    }
    return { lo, hi };
  }

  /**
   * Both ends of the target's range for the current view: an end that a known feasible point
   * already takes past what protection asks (`need`) is settled by that point, without a program.
   */
  private range(
    target: Target,
    o: ProtectionOptions,
    lifted: ReadonlySet<number>,
    want = { lo: true, hi: true },
  ): { lo: RangeEnd | null; hi: RangeEnd | null } {
    const k = this.known(target, lifted, this.insider);
    const tol = 1e-6 * Math.max(1, Math.abs(target.value));
    const settle = (e: { value: number; moved: Set<string>; w: Witness | null }): RangeEnd => {
      this.reused += 1;
      if (e.w) this.certificates.add(e.w);
      return { value: e.value, binding: [], moved: e.moved, held: new Set() };
    };
    if (!target.interval) {
      // A hidden aggregate must not be pinned: one point half a count away settles it.
      if (k.hi.value - k.lo.value >= 0.5 * target.scale) return { lo: settle(k.lo), hi: settle(k.hi) };
      return { lo: want.lo ? this.end(target, 1) : null, hi: want.hi ? this.end(target, -1) : null };
    }
    const need = requiredRange(target, o);
    const lo = !want.lo ? null : k.lo.value <= need.lower + tol ? settle(k.lo) : this.end(target, 1);
    const hi = !want.hi ? null : k.hi.value >= need.upper - tol ? settle(k.hi) : this.end(target, -1);
    return { lo, hi };
  }

  /**
   * Checks a target for the publication's readers and, for a primary number, for each insider
   * among `insiders`: the first failure found, or null. The bounds the rule gives the target's own unit are lifted
   * meanwhile: that a hidden number is small is what the rule itself tells.
   */
  check(target: Target, o: ProtectionOptions, insiders: readonly string[]): Failure | null {
    const own = this.unitRuleRows(target.cell);
    const lifted = new Set(own);
    this.lifting = own;
    try {
      this.view(null);
      const r = this.range(target, o, lifted);
      const lo = r.lo!;
      const hi = r.hi!;
      const verdict = judge(target, lo.value, hi.value, o);
      if (verdict) return { insider: null, kind: verdict, min: lo.value, max: hi.value, ...bindingOf(target, lo, hi, o) };
      // A hidden aggregate that an insider can rebuild from its own counts and published ones tells
      // it nothing it may not know: insiders are held to the protection of primary numbers only.
      for (const m of target.interval ? insiders : []) {
        if (!lo.moved.has(m) && !hi.moved.has(m)) continue;
        if (this.ownedBy(target, m)) continue;
        this.view(m);
        const r = this.range(target, o, lifted, { lo: lo.moved.has(m), hi: hi.moved.has(m) });
        const mlo = r.lo ?? lo;
        const mhi = r.hi ?? hi;
        const why = judge(target, mlo.value, mhi.value, o);
        if (why) return { insider: m, kind: why, min: mlo.value, max: mhi.value, ...bindingOf(target, mlo, mhi, o) };
      }
      return null;
    } finally {
      // The solver keeps this target's bounds until a program needs others.
      this.view(null);
      this.lifting = NONE;
    }
  }

  dispose(): void {
    this.system.dispose();
  }
}

/** How a range fails a target: pinned (narrower than half a count), narrower than its protection interval, or not. */
export function judge(t: Target, min: number, max: number, o: ProtectionOptions): 'exact' | 'interval' | null {
  if (max - min < 0.5 * t.scale) return 'exact';
  if (!t.interval) return null;
  const need = requiredRange(t, o);
  const tol = 1e-6 * Math.max(1, Math.abs(t.value));
  return min > need.lower + tol || max < need.upper - tol ? 'interval' : null;
}

/** The rows and held municipalities bounding the failing end(s). */
function bindingOf(t: Target, lo: RangeEnd, hi: RangeEnd, o: ProtectionOptions): { binding: number[]; held: string[] } {
  const need = t.interval ? requiredRange(t, o) : null;
  const both = !need || hi.value - lo.value < 0.5 * t.scale;
  const ends = [...(both || lo.value > need.lower ? [lo] : []), ...(both || hi.value < need.upper ? [hi] : [])];
  return { binding: ends.flatMap((e) => e.binding), held: [...new Set(ends.flatMap((e) => [...e.held]))] };
}
