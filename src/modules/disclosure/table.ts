import { resolveDisclosure } from '../logic-models/indicator-rules.js';
import type { ActiveIndicator, IndicatorCatalogue, Term } from '../logic-models/logic-models.definitions.js';
import type { DisclosureUnit, MeasureTotals, PrimaryCause } from './disclosure.types.js';

/** A variable of the attacker's model: one measure of one municipality (x ≥ 0). */
export interface TableColumn {
  municipality: string;
  measure: string;
  value: number;
}

/** A linear form over the columns that some cell publishes; identical forms are one row. */
export interface TableRow {
  form: Map<number, number>;
  value: number;
  /** Cells that publish this form: it is known while any of them is shown. */
  cells: number[];
}

/** What a protected number is called in reports. */
export type FormName = 'numerator' | 'denominator' | 'undecidable' | 'complement' | `derived:${string}`;

/** A number that the rule hides and the attacker must not narrow down (interval) or pin (exact). */
export interface Target {
  key: string;
  cell: number;
  name: FormName;
  form: Map<number, number>;
  value: number;
  /** Counts per unit of the form: the mean weight for a weighted needs-survey form, else 1. */
  scale: number;
  interval: boolean;
}

/** What the attacker knows of a hidden primary cell when the rule is public: lower ≤ form ≤ upper. */
export interface RuleBound {
  cell: number;
  form: Map<number, number>;
  lower: number;
  upper: number;
}

/**
 * One indicator's numbers for one set of contributing municipalities. Units with the same set
 * (a single-municipality insurer and its municipality; an area where one member has data and
 * that member) publish the same numbers, so they are one cell and are shown or hidden together.
 */
export interface TableCell {
  indicator: string;
  units: string[];
  members: string[];
  numerator: number;
  denominator: number | null;
  undecidable: number | null;
  suppressible: boolean;
  primary: PrimaryCause[];
  /** What hiding it costs: its disclosure denominator (persons), so small cells go first. */
  cost: number;
  /** Counts per unit of its weighted forms (the mean weight), 1 when unweighted. */
  scale: number;
  protect: Target[];
}

/** One linked group of indicators over one prefecture's units, as the attacker sees its structure. */
export interface LinkedTable {
  indicators: string[];
  columns: TableColumn[];
  rows: TableRow[];
  cells: TableCell[];
  /** Per cell: its numerator, denominator and 判定不能 rows (null where it has none). */
  cellRows: { numerator: number; denominator: number | null; undecidable: number | null }[];
  ruleBounds: RuleBound[];
  /** Municipality → its columns (an insider knows them). */
  columnsOf: Map<string, number[]>;
  /** unit id → cell index, per indicator: `${indicator}|${unit}`. */
  cellOf: Map<string, number>;
}

const rowKey = (form: Map<number, number>) =>
  [...form].sort((a, b) => a[0] - b[0]).map(([j, c]) => `${j}:${c}`).join(' ');

const sum = (form: Map<number, number>, columns: readonly TableColumn[]) => {
  let s = 0;
  for (const [j, c] of form) s += c * columns[j].value;
  return s;
};

/** Builds the linked table of one group of indicators (see {@link LinkedTable}). */
export function buildTable(
  group: readonly ActiveIndicator[],
  catalogue: IndicatorCatalogue,
  units: readonly DisclosureUnit[],
  totals: MeasureTotals,
): LinkedTable {
  const columns: TableColumn[] = [];
  const colIndex = new Map<string, number>();
  const columnsOf = new Map<string, number[]>();
  const col = (m: string, measure: string) => {
    const key = `${m}|${measure}`;
    let j = colIndex.get(key);
    if (j === undefined) {
      j = columns.length;
      columns.push({ municipality: m, measure, value: totals.get(m)?.get(measure) ?? 0 });
      colIndex.set(key, j);
      const own = columnsOf.get(m);
      if (own) own.push(j);
      else columnsOf.set(m, [j]);
    }
    return j;
  };
  const formOf = (terms: readonly Term[], members: readonly string[]) => {
    const form = new Map<number, number>();
    for (const m of members) {
      for (const t of terms) {
        const j = col(m, t.measure);
        const c = (form.get(j) ?? 0) + t.sign;
        if (c === 0) form.delete(j);
        else form.set(j, c);
      }
    }
    return form;
  };
  const countOf = (terms: readonly Term[], members: readonly string[]) => {
    let s = 0;
    for (const m of members) for (const t of terms) s += t.sign * (totals.get(m)?.get(t.measure) ?? 0);
    return s;
  };

  const rows: TableRow[] = [];
  const rowIndex = new Map<string, number>();
  const rowOf = (form: Map<number, number>, cell: number) => {
    const key = rowKey(form);
    let i = rowIndex.get(key);
    if (i === undefined) {
      i = rows.length;
      rows.push({ form, value: sum(form, columns), cells: [] });
      rowIndex.set(key, i);
    }
    rows[i].cells.push(cell);
    return i;
  };

  const cells: TableCell[] = [];
  const cellRows: LinkedTable['cellRows'] = [];
  const ruleBounds: RuleBound[] = [];
  const cellOf = new Map<string, number>();
  const byMembers = new Map<string, number>();

  for (const ind of group) {
    const rule = resolveDisclosure(ind, catalogue);
    const isCount = ind.kind === 'count';
    const presence = isCount ? ind.numerator : (ind.denominator ?? []);
    const hasData = (m: string) => presence.some((t) => totals.get(m)?.has(t.measure));
    const dc = ind.disclosure_counts;
    for (const unit of units) {
      const members = unit.members.filter(hasData);
      if (members.length === 0) continue;
      const key = `${ind.id}|${members.join(',')}`;
      const existing = byMembers.get(key);
      if (existing !== undefined) {
        cells[existing].units.push(unit.id);
        cellOf.set(`${ind.id}|${unit.id}`, existing);
        continue;
      }
      const index = cells.length;
      byMembers.set(key, index);
      cellOf.set(`${ind.id}|${unit.id}`, index);
      const num = formOf(ind.numerator, members);
      const den = isCount ? null : formOf(ind.denominator ?? [], members);
      const r = {
        numerator: rowOf(num, index),
        denominator: den ? rowOf(den, index) : null,
        undecidable: null,
      };
      cellRows.push(r);
      const numerator = rows[r.numerator].value;
      const denominator = r.denominator === null ? null : rows[r.denominator].value;
      const undecidable = r.undecidable === null ? null : rows[r.undecidable].value;
      // The rule tests the unweighted counts where the published ones are weighted.
      const dNum = dc ? countOf(dc.numerator, members) : numerator;
      const dDen = dc ? countOf(dc.denominator, members) : isCount ? numerator : (denominator ?? 0);
      const scale = dc && dDen > 0 && denominator ? denominator / dDen : 1;
      const cell: TableCell = {
        indicator: ind.id,
        units: [unit.id],
        members,
        numerator,
        denominator,
        undecidable,
        suppressible: rule !== null,
        primary: [],
        cost: Math.max(0, dDen) + 1,
        scale,
        protect: [],
      };
      cells.push(cell);
      if (!rule) continue;
      const small = (x: number) =>
        rule.small_count_min !== undefined && x >= rule.small_count_min && x <= (rule.small_count_max ?? -1);
      const protect = (name: FormName, form: Map<number, number>, s: number, lower: number, upper: number) => {
        if (cell.protect.some((t) => t.name === name)) return;
        cell.protect.push({ key: `${index}:${name}`, cell: index, name, form, value: sum(form, columns), scale: s, interval: true });
        // The rule is public: the attacker knows these bounds of a hidden primary number, unless it
        // tests unweighted counts that are not published (a weighted form is not bounded by them).
        if (!dc || name === 'undecidable') ruleBounds.push({ cell: index, form, lower, upper });
      };
      const min = rule.small_count_min ?? 0;
      const max = rule.small_count_max ?? 0;
      if (dDen < rule.min_denominator) {
        cell.primary.push('small_denominator');
        protect(isCount ? 'numerator' : 'denominator', den ?? num, scale, 0, rule.min_denominator - 1);
      }
      if (small(dNum)) {
        cell.primary.push('small_count');
        protect('numerator', num, scale, min, max);
      }
      if (ind.kind === 'proportion' && den && small(dDen - dNum)) {
        cell.primary.push('small_complement');
        const complement = new Map(den);
        for (const [j, c] of num) {
          const v = (complement.get(j) ?? 0) - c;
          if (v === 0) complement.delete(j);
          else complement.set(j, v);
        }
        protect('complement', complement, scale, min, max);
      }
    }
  }
  derivedCounts(group, catalogue, units, { columns, rows, cells, cellRows, ruleBounds, cellOf });
  return { indicators: group.map((i) => i.id), columns, rows, cells, cellRows, ruleBounds, columnsOf, cellOf };
}

/** Coefficients of a cell's form per measure (the same for every member). */
function measureVector(form: Map<number, number>, columns: readonly TableColumn[], member: string) {
  const v = new Map<string, number>();
  for (const [j, c] of form) if (columns[j].municipality === member) v.set(columns[j].measure, c);
  return v;
}

/** True when `target` is a linear combination of `basis` (all over the same measures). */
function inSpan(basis: readonly Map<string, number>[], target: Map<string, number>, measures: readonly string[]): boolean {
  const rowsOf = (v: Map<string, number>) => measures.map((m) => v.get(m) ?? 0);
  const reduced: number[][] = [];
  const reduce = (x: number[]) => {
    const y = [...x];
    for (const r of reduced) {
      const p = r.findIndex((a) => Math.abs(a) > 1e-9);
      if (Math.abs(y[p]) > 1e-9) {
        const f = y[p] / r[p];
        for (let k = 0; k < y.length; k++) y[k] -= f * r[k];
      }
    }
    return y;
  };
  for (const b of basis) {
    const y = reduce(rowsOf(b));
    if (y.some((a) => Math.abs(a) > 1e-9)) reduced.push(y);
  }
  return reduce(rowsOf(target)).every((a) => Math.abs(a) < 1e-9);
}

/**
 * Linked indicators publish differences: 自宅・老人ホーム minus 自宅 is the nursing-home count.
 * Every measure of a unit that its published numbers determine (a combination of them) and
 * that is 1-2 is a small count too: the cells that publish it are primary, protecting it.
 */
function derivedCounts(
  group: readonly ActiveIndicator[],
  catalogue: IndicatorCatalogue,
  units: readonly DisclosureUnit[],
  t: Pick<LinkedTable, 'columns' | 'rows' | 'cells' | 'cellRows' | 'ruleBounds' | 'cellOf'>,
) {
  if (group.length < 2) return;
  const rules = group.map((i) => resolveDisclosure(i, catalogue)).filter((r) => r?.small_count_min !== undefined);
  if (rules.length === 0) return;
  const min = rules[0]!.small_count_min!;
  const max = rules[0]!.small_count_max!;
  const colIndex = new Map(t.columns.map((col, j) => [`${col.municipality}|${col.measure}`, j]));
  for (const unit of units) {
    const cells = [...new Set(group.map((i) => t.cellOf.get(`${i.id}|${unit.id}`)).filter((c): c is number => c !== undefined))];
    if (cells.length < 2) continue;
    const members = t.cells[cells[0]].members;
    if (cells.some((c) => t.cells[c].members.join(',') !== members.join(','))) continue;
    const first = members[0];
    const forms = cells.flatMap((c) => {
      const r = t.cellRows[c];
      return [r.numerator, r.denominator].filter((x): x is number => x !== null).map((row) => ({ c, row, v: measureVector(t.rows[row].form, t.columns, first) }));
    });
    const measures = [...new Set(forms.flatMap((f) => [...f.v.keys()]))];
    for (const m of measures) {
      const unitForm = new Map<number, number>();
      let value = 0;
      for (const code of members) {
        const j = colIndex.get(`${code}|${m}`);
        if (j === undefined) continue;
        unitForm.set(j, 1);
        value += t.columns[j].value;
      }
      if (value < min || value > max) continue;
      // Published as it is: the rule on that cell already covers it.
      if (forms.some((f) => f.v.size === 1 && f.v.get(m) === 1)) continue;
      if (!inSpan(forms.map((f) => f.v), new Map([[m, 1]]), measures)) continue;
      for (const c of new Set(forms.filter((f) => f.v.has(m)).map((f) => f.c))) {
        const cell = t.cells[c];
        if (!cell.suppressible) continue;
        const name = `derived:${m}` as const;
        if (!cell.primary.includes('small_count')) cell.primary.push('small_count');
        cell.protect.push({ key: `${c}:${name}`, cell: c, name, form: unitForm, value, scale: 1, interval: true });
        t.ruleBounds.push({ cell: c, form: unitForm, lower: min, upper: max });
      }
    }
  }
}
