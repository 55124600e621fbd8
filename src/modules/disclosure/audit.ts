import { Attacker, requiredRange, type Witness } from './attacker.js';
import { protectionOf } from './disclose.js';
import type { AttackerRole, DisclosureInput, DisclosureRisk, PublishedCell } from './disclosure.types.js';
import { disclosureIndicators, linkedGroups } from './linked.js';
import type { LinkedTable } from './table.js';
import { SolverFailure } from './solver.js';
import { buildTable } from './table.js';
import { insidersOf, targetsOf } from './targets.js';

/** What the auditor is given: the true counts (for the hidden values and what insiders know) and what was published. */
export interface AuditInput extends DisclosureInput {
  /** What was published: per indicator and unit, and per `<id>:undecidable` (the 判定不能 count as its numerator). */
  published: readonly PublishedCell[];
  /** Roles to attack as; default every role: viewer, each municipality key, every level, and every level with each insider. */
  roles?: readonly AttackerRole[];
}

/** What the audit found, and how much it solved. */
export interface AuditReport {
  risks: DisclosureRisk[];
  /** Hidden numbers examined (per role), and linear programs solved. */
  checked: number;
  solves: number;
}

export const roleName = (r: AttackerRole) => (r.kind === 'municipality' ? `municipality:${r.code}` : r.kind);

/**
 * The auditor: independent of how cells were chosen, it reads only what was published (which
 * cells are shown, and their numbers) and, for each role, runs the attacker's model — every
 * number the role can read as an equality, non-negative counts, the public rule's bounds on
 * hidden primary numbers, and an insider's own counts — and reports each hidden number it can
 * pin down, and each protected one it can narrow below the protection interval. A primary
 * number that was published outright is reported as exact.
 */
export function auditDisclosure(input: AuditInput): AuditReport {
  const o = protectionOf(input.options);
  const report: AuditReport = { risks: [], checked: 0, solves: 0 };
  const levelOf = new Map(input.units.map((u) => [u.id, u.level]));
  const byKey = new Map(input.published.map((p) => [`${p.indicator}|${p.unit}`, p]));
  for (const group of linkedGroups(disclosureIndicators(input.indicators, input.catalogue))) {
    const table = buildTable(group, input.catalogue, input.units, input.totals);
    const shownAs = table.cells.map((cell) => {
      const shown = cell.units.map((u) => byKey.get(`${cell.indicator}|${u}`)).filter((p) => p?.shown);
      return shown[0] ?? null;
    });
    const isHidden = (c: number) => shownAs[c] === null;
    table.cells.forEach((cell, c) => {
      if (cell.primary.length && !isHidden(c)) {
        const v = cell.protect[0].value;
        report.risks.push({ role: 'publication', indicator: cell.indicator, unit: cell.units[0], form: cell.protect[0].name, kind: 'exact', value: v, min: v, max: v, required: requiredRange(cell.protect[0], o) });
      }
    });
    if (!table.cells.some((_, c) => isHidden(c))) continue;
    const roles: AttackerRole[] = input.roles
      ? [...input.roles]
      : [{ kind: 'publication' }, { kind: 'viewer' }, ...insidersOf(table, isHidden).map((code) => ({ kind: 'municipality' as const, code }))];
    // Points the attackers found: each later role's attacker checks them against what it reads
    // and settles ranges with those it can reach too, before it solves a program of its own.
    const found: Witness[] = [];
    const aggregate = (c: number) =>
      table.cells[c].members.length >= o.minMembers && table.cells[c].units.some((u) => levelOf.get(u) !== 'municipality');
    const own = (c: number, code: string) => table.cells[c].members.length === 1 && table.cells[c].members[0] === code;
    for (const role of roles) {
      const visible = (c: number) =>
        !isHidden(c) &&
        (role.kind === 'publication' || aggregate(c) || (role.kind === 'municipality' && own(c, role.code)));
      // A municipality is known to all when each of its own numbers in the table is visible.
      const ownCells = new Map<string, number[]>();
      table.cells.forEach((cell, c) => cell.members.length === 1 && ownCells.set(cell.members[0], [...(ownCells.get(cell.members[0]) ?? []), c]));
      const attacker = new Attacker(
        table,
        (r) => publishedValue(table, r, visible, shownAs),
        (code) => (ownCells.get(code) ?? []).every(visible),
      );
      attacker.adopt(found);
      try {
        const targets = targetsOf(
          table,
          isHidden,
          (r) => table.rows[r].cells.some((c) => !isHidden(c)),
          (c) => table.cells[c].members.length >= o.minMembers,
        );
        // A municipality key knows its own counts; every reader of the publication may be one of the insiders.
        const insiders = role.kind === 'municipality' ? [role.code] : role.kind === 'publication' ? insidersOf(table, isHidden) : [];
        for (const t of targets) {
          if (role.kind === 'municipality' && attacker.ownedBy(t, role.code)) continue;
          // A municipality key rebuilding a hidden aggregate from its own counts learns nothing it may not know.
          if (role.kind === 'municipality' && !t.interval) continue;
          report.checked += 1;
          const f = attacker.check(t, o, insiders);
          if (!f) continue;
          const cell = table.cells[t.cell];
          const who = f.insider && role.kind === 'publication' ? `publication+insider:${f.insider}` : roleName(role);
          report.risks.push({ role: who, indicator: cell.indicator, unit: cell.units[0], form: t.name, kind: f.kind, value: t.value, min: f.min, max: f.max, required: t.interval ? requiredRange(t, o) : null });
        }
      } catch (err) {
        if (!(err instanceof SolverFailure)) throw err;
        // Never passed on a failed audit: the table is reported as a risk of its own.
        const cell = table.cells.find((_, c) => isHidden(c))!;
        report.risks.push({ role: roleName(role), indicator: table.indicators.join(','), unit: cell.units[0], form: 'table', kind: 'unaudited', value: NaN, min: NaN, max: NaN, required: null });
        break;
      } finally {
        // The publication's reader reads the most: its points are the ones others may reach.
        if (role.kind === 'publication') found.push(...attacker.certificates);
        report.solves += attacker.solves;
        attacker.dispose();
      }
    }
  }
  return report;
}

/** The published number of a table row that a role can read, or null. */
function publishedValue(
  table: LinkedTable,
  r: number,
  visible: (c: number) => boolean,
  shownAs: readonly (PublishedCell | null)[],
): number | null {
  for (const c of table.rows[r].cells) {
    const p = shownAs[c];
    if (!p || !visible(c)) continue;
    const rows = table.cellRows[c];
    const v = rows.numerator === r ? p.numerator : rows.denominator === r ? p.denominator : rows.undecidable === r ? p.undecidable : null;
    if (v !== null) return v;
  }
  return null;
}
