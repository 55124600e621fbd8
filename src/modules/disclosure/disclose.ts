import type { ActiveIndicator } from '../logic-models/logic-models.definitions.js';
import { DEFAULT_PROTECTION, type DisclosureInput, type DisclosureRisk, type ProtectionOptions } from './disclosure.types.js';
import { disclosureIndicators, linkedGroups } from './linked.js';
import { SolverFailure } from './solver.js';
import { suppressTable, type TableSuppression } from './suppress.js';
import { buildTable, type LinkedTable } from './table.js';

/** What disclosure control decided for one prefecture and period. */
export interface DisclosureDecision {
  /** Indicator id → ids of its hidden units; `<id>:undecidable` → units whose 判定不能 count is hidden. */
  hidden: Map<string, Set<string>>;
  /** Cells (distinct numbers) with data, hidden by the rule itself, and hidden in all. */
  cells: number;
  primary: number;
  suppressed: number;
  /** The same in published units (a cell may be published under several: an insurer of one municipality and that municipality). */
  units: { withData: number; primary: number; suppressed: number };
  /** Linear programs solved, range ends settled by a known feasible point instead, cells shown again by the final pass. */
  solves: number;
  reused: number;
  shownAgain: number;
  /** Linked groups whose programs the solver could not solve: every suppressible cell of them is hidden. */
  failedGroups: string[];
  /** Risks that no suppression could remove; empty unless an unsuppressible indicator publishes a hidden number. */
  unresolved: DisclosureRisk[];
}

/**
 * Suppression of one table, or — when the solver fails on one of its programs even after its
 * model was rebuilt — every suppressible cell of it hidden: a table whose audit could not run
 * is never published on the strength of it.
 */
function suppressOrHideAll(table: LinkedTable, o: ProtectionOptions): TableSuppression & { failed: boolean } {
  try {
    return { ...suppressTable(table, o), failed: false };
  } catch (err) {
    if (!(err instanceof SolverFailure)) throw err;
    const hidden = new Set<number>();
    let primary = 0;
    table.cells.forEach((c, i) => {
      if (c.primary.length) primary += 1;
      if (c.suppressible) hidden.add(i);
    });
    return { hidden, primary, unresolved: [], solves: 0, reused: 0, shownAgain: 0, failed: true };
  }
}

/** The protection options with the defaults filled in. */
export const protectionOf = (o?: Partial<ProtectionOptions>): ProtectionOptions => ({ ...DEFAULT_PROTECTION, ...o });

/** A decision with nothing decided yet: no cell, no hidden unit. */
function emptyDecision(): DisclosureDecision {
  return {
    hidden: new Map(),
    cells: 0,
    primary: 0,
    suppressed: 0,
    units: { withData: 0, primary: 0, suppressed: 0 },
    solves: 0,
    reused: 0,
    shownAgain: 0,
    failedGroups: [],
    unresolved: [],
  };
}

/**
 * The linked groups of an input, in the order {@link decideDisclosure} decides them: each is
 * one linked table, decided on its own (see {@link decideGroup}).
 */
export function disclosureGroups(input: DisclosureInput): ActiveIndicator[][] {
  return linkedGroups(disclosureIndicators(input.indicators, input.catalogue));
}

/**
 * Disclosure control for one linked group (one of {@link disclosureGroups}): its decision alone,
 * with `hidden` holding the group's indicators. Groups share nothing, so the groups of an input
 * may be decided in any order or on several threads and merged ({@link mergeDecisions}).
 */
export function decideGroup(group: readonly ActiveIndicator[], input: DisclosureInput): DisclosureDecision {
  const o = protectionOf(input.options);
  const out = emptyDecision();
  for (const ind of group) out.hidden.set(ind.id, new Set());
  const table = buildTable(group, input.catalogue, input.units, input.totals);
  out.cells += table.cells.length;
  for (const c of table.cells) {
    out.units.withData += c.units.length;
    if (c.primary.length) out.units.primary += c.units.length;
  }
  if (!table.cells.some((c) => c.primary.length > 0)) return out;
  const s = suppressOrHideAll(table, o);
  if (s.failed) out.failedGroups.push(table.indicators.join(','));
  out.primary += s.primary;
  out.suppressed += s.hidden.size;
  out.solves += s.solves;
  out.reused += s.reused;
  out.shownAgain += s.shownAgain;
  out.unresolved.push(...s.unresolved);
  for (const c of s.hidden) {
    const cell = table.cells[c];
    for (const unit of cell.units) out.hidden.get(cell.indicator)!.add(unit);
    out.units.suppressed += cell.units.length;
  }
  return out;
}

/** The decision of one group, by its index in {@link disclosureGroups}. */
export interface GroupDecision {
  group: number;
  decision: DisclosureDecision;
}

/**
 * Decides groups of an input until none is left to claim: each thread working on one decision
 * takes the next entry of `order` (group indices) by adding 1 to the counter all of them share.
 * Answers the groups this caller took.
 */
export function decideGroups(input: DisclosureInput, order: readonly number[], claims: Int32Array): GroupDecision[] {
  const groups = disclosureGroups(input);
  const out: GroupDecision[] = [];
  for (let k = Atomics.add(claims, 0, 1); k < order.length; k = Atomics.add(claims, 0, 1)) {
    out.push({ group: order[k], decision: decideGroup(groups[order[k]], input) });
  }
  return out;
}

/**
 * The decisions of every group of an input, given in the order of {@link disclosureGroups}, as
 * one: what {@link decideDisclosure} answers, entry for entry and in the same order.
 */
export function mergeDecisions(input: DisclosureInput, parts: readonly DisclosureDecision[]): DisclosureDecision {
  const out = emptyDecision();
  for (const ind of disclosureIndicators(input.indicators, input.catalogue)) out.hidden.set(ind.id, new Set());
  for (const d of parts) {
    for (const [id, units] of d.hidden) for (const u of units) out.hidden.get(id)!.add(u);
    out.cells += d.cells;
    out.primary += d.primary;
    out.suppressed += d.suppressed;
    out.units.withData += d.units.withData;
    out.units.primary += d.units.primary;
    out.units.suppressed += d.units.suppressed;
    out.solves += d.solves;
    out.reused += d.reused;
    out.shownAgain += d.shownAgain;
    out.failedGroups.push(...d.failedGroups);
    out.unresolved.push(...d.unresolved);
  }
  return out;
}

/**
 * Disclosure control for a prefecture and period, across linked tables: for each group of
 * indicators that publish a common measure, every level of every indicator is one table;
 * primary cells are hidden by the rule, and further cells until the independent attacker's
 * model (linear programs over what is published) can neither pin nor narrow any hidden number,
 * for the public and for every insider. A group without a primary cell needs no program.
 */
export function decideDisclosure(input: DisclosureInput): DisclosureDecision {
  return mergeDecisions(input, disclosureGroups(input).map((g) => decideGroup(g, input)));
}
