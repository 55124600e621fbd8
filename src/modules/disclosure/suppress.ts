import { Attacker, type Failure, requiredRange } from './attacker.js';
import type { DisclosureRisk, ProtectionOptions } from './disclosure.types.js';
import type { LinkedTable, Target } from './table.js';
import { insidersOf, targetsOf } from './targets.js';

/** What suppression decided for one linked table. */
export interface TableSuppression {
  /** Hidden cell indices. */
  hidden: Set<number>;
  primary: number;
  /** Risks no further suppression could remove (e.g. a number an unsuppressible indicator publishes). */
  unresolved: DisclosureRisk[];
  /** Linear programs solved, and range ends settled by a known point instead. */
  solves: number;
  reused: number;
  /** Cells hidden on the way and shown again at the end (no hidden number needed them). */
  shownAgain: number;
}

/** A failure as a reported risk. */
export function riskOf(table: LinkedTable, t: Target, role: string, f: Failure, o: ProtectionOptions): DisclosureRisk {
  return {
    role,
    indicator: table.cells[t.cell].indicator,
    unit: table.cells[t.cell].units[0],
    form: t.name,
    kind: f.kind,
    value: t.value,
    min: f.min,
    max: f.max,
    required: t.interval ? requiredRange(t, o) : null,
  };
}

/**
 * Suppression of one linked table: the primary cells (the rule), then, until the attacker's
 * model finds nothing for the publication's readers and for every insider whose own numbers
 * are hidden, the cheapest further cell among those whose published form bounds the failing
 * range (the rows with a non-zero dual at the attacker's optimum). Hiding only removes
 * equalities, so a target that passed stays passed; each is checked until it passes once.
 */
export function suppressTable(table: LinkedTable, o: ProtectionOptions): TableSuppression {
  const hidden = new Set<number>();
  table.cells.forEach((c, i) => c.primary.length > 0 && hidden.add(i));
  const primary = hidden.size;
  const isHidden = (c: number) => hidden.has(c);
  const ownHidden = new Set<string>();
  const noteOwn = (c: number) => table.cells[c].members.length === 1 && ownHidden.add(table.cells[c].members[0]);
  hidden.forEach(noteOwn);
  const attacker = new Attacker(
    table,
    (r) => (table.rows[r].cells.some((c) => !hidden.has(c)) ? table.rows[r].value : null),
    (code) => !ownHidden.has(code),
  );
  try {
      const passed = new Map<string, number>();
    const unresolved = new Map<string, DisclosureRisk>();

    const hide = (cells: readonly number[]) => {
      for (const c of cells) {
        hidden.add(c);
        noteOwn(c);
        for (const r of Object.values(table.cellRows[c])) {
          if (r !== null && table.rows[r].cells.every(isHidden)) attacker.unpublish(r);
        }
      }
    };
    /** Shows a cell again: its rows are published, its municipality (if its only hidden own cell) known to all again. */
    const show = (c: number) => {
      hidden.delete(c);
      for (const r of Object.values(table.cellRows[c])) if (r !== null) attacker.publish(r);
      const cell = table.cells[c];
      if (cell.members.length === 1) {
        const code = cell.members[0];
        if (!table.cells.some((other, k) => hidden.has(k) && other.members.length === 1 && other.members[0] === code)) ownHidden.delete(code);
      }
      attacker.refresh();
    };
    const shownPublishers = (r: number) => table.rows[r].cells.filter((c) => !hidden.has(c));
    /**
     * The cheapest way to lift a bound: a published row among `rows` (all its shown cells), or a
     * shown own cell of a municipality held at its counts (`held`) — never an insider's own.
     */
    const cheapest = (rows: readonly number[], held: readonly string[], insider: string | null) => {
      let best: number[] | null = null;
      let bestCost = Infinity;
      for (const code of held) {
        table.cells.forEach((cell, c) => {
          if (hidden.has(c) || !cell.suppressible || cell.members.length !== 1 || cell.members[0] !== code) return;
          if (cell.cost < bestCost) [best, bestCost] = [[c], cell.cost];
        });
      }
      const own = new Set(insider ? (table.columnsOf.get(insider) ?? []) : []);
      for (const r of new Set(rows)) {
        if (!attacker.isPublished(r)) continue;
        if (own.size && [...table.rows[r].form.keys()].every((j) => own.has(j))) continue;
        const cells = shownPublishers(r);
        if (cells.length === 0 || cells.some((c) => !table.cells[c].suppressible)) continue;
        const cost = cells.reduce((s, c) => s + table.cells[c].cost, 0);
        if (cost < bestCost) [best, bestCost] = [cells, cost];
      }
      return best;
    };
    /** When no bounding row can go: the cheapest shown cell that reads one of the target's columns. */
    const fallback = (t: Target) => {
      const cols = new Set(t.form.keys());
      let best = -1;
      table.cells.forEach((cell, c) => {
        if (hidden.has(c) || !cell.suppressible) return;
        const rows = Object.values(table.cellRows[c]).filter((r): r is number => r !== null);
        if (!rows.some((r) => [...table.rows[r].form.keys()].some((j) => cols.has(j)))) return;
        if (best < 0 || cell.cost < table.cells[best].cost) best = c;
      });
      return best < 0 ? null : [best];
    };

    let changed = true;
    while (changed) {
      changed = false;
      const targets = targetsOf(table, isHidden, (r) => attacker.isPublished(r), (c) => table.cells[c].members.length >= o.minMembers);
      const insiders = insidersOf(table, isHidden);
      for (const t of targets) {
        // Passed with these insiders: hiding more cannot undo it; a new insider needs a new check.
        if (passed.get(t.key) === insiders.length || unresolved.has(t.key)) continue;
        for (;;) {
          const f = attacker.check(t, o, insiders);
          if (!f) {
            passed.set(t.key, insiders.length);
            break;
          }
          const pick = cheapest(f.binding, f.held, f.insider) ?? fallback(t);
          if (!pick) {
            unresolved.set(t.key, riskOf(table, t, f.insider ? `publication+insider:${f.insider}` : 'publication', f, o));
            break;
          }
          hide(pick);
          attacker.refresh();
          changed = true;
        }
      }
    }
    // Greedy choices may leave cells hidden that later ones made unnecessary: show each again,
    // the most informative (largest) first, and keep it shown when every hidden number still holds.
    const secondary = [...hidden].filter((c) => table.cells[c].primary.length === 0).sort((a, b) => table.cells[b].cost - table.cells[a].cost || a - b);
    let shownAgain = 0;
    for (const c of unresolved.size ? [] : secondary) {
      show(c);
      if (!holds()) hide([c]), attacker.refresh();
      else shownAgain += 1;
    }
    return { hidden, primary, unresolved: [...unresolved.values()], solves: attacker.solves, reused: attacker.reused, shownAgain };
  } finally {
    attacker.dispose();
  }

  /** True when no hidden number can be pinned or narrowed, for the publication's readers and every insider. */
  function holds(): boolean {
    const insiders = insidersOf(table, isHidden);
    const targets = targetsOf(table, isHidden, (r) => attacker.isPublished(r), (c) => table.cells[c].members.length >= o.minMembers);
    return targets.every((t) => attacker.check(t, o, insiders) === null);
  }
}
