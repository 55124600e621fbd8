import type { FormName, LinkedTable, Target } from './table.js';

/**
 * What must stay hidden, given which cells are hidden and which rows are still published:
 * every protected number of a hidden primary cell (against its protection interval), and every
 * form of a hidden aggregate (of at least two members) that no shown cell publishes (against
 * exact recovery): a hidden aggregate stays hidden too. A municipality hidden only to protect
 * another is not a target of its own.
 */
export function targetsOf(
  table: LinkedTable,
  isHidden: (cell: number) => boolean,
  isPublished: (row: number) => boolean,
  isAggregate: (cell: number) => boolean,
): Target[] {
  const out: Target[] = [];
  const covered = new Set<number>();
  table.cells.forEach((cell, c) => {
    if (!isHidden(c)) return;
    for (const t of cell.protect) {
      out.push(t);
      if (t.name === 'numerator' || t.name === 'denominator' || t.name === 'undecidable') {
        const row = table.cellRows[c][t.name];
        if (row !== null) covered.add(row);
      }
    }
  });
  table.rows.forEach((row, r) => {
    if (covered.has(r) || isPublished(r) || !row.cells.some(isAggregate)) return;
    const c = row.cells[0];
    const names = ['numerator', 'denominator', 'undecidable'] as const;
    const name: FormName = names.find((n) => table.cellRows[c][n] === r)!;
    out.push({ key: `row:${r}`, cell: c, name, form: row.form, value: row.value, scale: table.cells[c].scale, interval: false });
  });
  return out;
}

/** The municipalities whose own numbers are hidden somewhere in the table: as insiders they know more than the public. */
export function insidersOf(table: LinkedTable, isHidden: (cell: number) => boolean): string[] {
  const out = new Set<string>();
  table.cells.forEach((cell, c) => {
    if (cell.members.length === 1 && isHidden(c)) out.add(cell.members[0]);
  });
  return [...out].sort();
}
