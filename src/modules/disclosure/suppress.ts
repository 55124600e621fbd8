import { Attacker, failure, requiredRange } from './attacker.js';
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
  solves: number;
}

export const riskOf = (table: LinkedTable, t: Target, role: string, kind: 'exact' | 'interval', r: { min: number; max: number }, o: ProtectionOptions): DisclosureRisk => ({
  role,
  indicator: table.cells[t.cell].indicator,
  unit: table.cells[t.cell].units[0],
  form: t.name,
  kind,
  value: t.value,
  min: r.min,
  max: r.max,
  required: t.interval ? requiredRange(t, o) : null,
});

/**
 * Suppression of one linked table: the primary cells (the rule), then, until the attacker's
 * model finds nothing for the public and for every insider whose own numbers are hidden, the
 * cheapest further cell among those whose published form bounds the failing range (the rows
 * with a non-zero dual at the attacker's optimum). Hiding only removes equalities, so a range
 * that passed stays passed and each (view, target) is solved until it passes once.
 */
export function suppressTable(table: LinkedTable, o: ProtectionOptions): TableSuppression {
  const hidden = new Set<number>();
  table.cells.forEach((c, i) => c.primary.length > 0 && hidden.add(i));
  const primary = hidden.size;
  const isHidden = (c: number) => hidden.has(c);
  const attacker = new Attacker(table, (r) => (table.rows[r].cells.some((c) => !hidden.has(c)) ? table.rows[r].value : null));
  const passed = new Set<string>();
  const unresolved = new Map<string, DisclosureRisk>();

  const hide = (cells: readonly number[]) => {
    for (const c of cells) {
      hidden.add(c);
      for (const r of Object.values(table.cellRows[c])) {
        if (r !== null && table.rows[r].cells.every(isHidden)) attacker.unpublish(r);
      }
    }
  };
  const shownPublishers = (r: number) => table.rows[r].cells.filter((c) => !hidden.has(c));
  /** The cheapest published row among `rows` whose shown cells may all be hidden. */
  const cheapest = (rows: readonly number[], own: ReadonlySet<number>) => {
    let best: number[] | null = null;
    let bestCost = Infinity;
    for (const r of new Set(attacker.tableRows(rows))) {
      if (!attacker.isPublished(r)) continue;
      if ([...table.rows[r].form.keys()].every((j) => own.has(j))) continue;
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
    for (const insider of [null, ...insidersOf(table, isHidden)]) {
      attacker.view(insider);
      const own = new Set(insider ? (table.columnsOf.get(insider) ?? []) : []);
      for (const t of targets) {
        const key = `${insider ?? ''}|${t.key}`;
        if (passed.has(key) || unresolved.has(key)) continue;
        if (attacker.ownOnly(t)) {
          passed.add(key);
          continue;
        }
        for (;;) {
          const r = attacker.range(t);
          const why = failure(t, r, o);
          if (!why) {
            passed.add(key);
            break;
          }
          const need = requiredRange(t, o);
          const rows =
            why === 'exact'
              ? [...r.bindingMin, ...r.bindingMax]
              : [...(r.min > need.lower ? r.bindingMin : []), ...(r.max < need.upper ? r.bindingMax : [])];
          const pick = cheapest(rows, own) ?? fallback(t);
          if (!pick) {
            unresolved.set(key, riskOf(table, t, insider ? `insider:${insider}` : 'publication', why, r, o));
            break;
          }
          hide(pick);
          changed = true;
        }
      }
    }
  }
  const solves = attacker.solves;
  attacker.dispose();
  return { hidden, primary, unresolved: [...unresolved.values()], solves };
}
