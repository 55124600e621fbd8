import highsPackage from 'highs';

// The package's types are CommonJS (`.default`), while Node's ESM import yields the loader itself.
const loadHighs = ((highsPackage as unknown as { default?: typeof highsPackage.default }).default ??
  highsPackage) as typeof highsPackage.default;

/**
 * HiGHS compiled to WebAssembly (the `highs` package): loaded once when this module is first
 * imported, so that the disclosure code that uses it stays synchronous. Loading takes tens of
 * milliseconds and needs nothing outside the package.
 */
const highs = await loadHighs();

const INF = highs.infinity;
const { optimal, unbounded } = highs.constants.modelStatus;
const { minimize, maximize } = highs.constants.objectiveSense;

/** A sparse linear form: column index → coefficient. */
export type SparseForm = ReadonlyMap<number, number>;

/** A row of the system: lower ≤ Σ coef·x ≤ upper (±Infinity for none). */
export interface SystemRow {
  form: SparseForm;
  lower: number;
  upper: number;
}

/** The attacker's range of one linear form, and the rows that bound each end (dual ≠ 0). */
export interface FormRange {
  min: number;
  max: number;
  /** Rows whose dual is non-zero at the minimum / maximum: relaxing one of them may widen it. */
  bindingMin: number[];
  bindingMax: number[];
}

const binding = (duals: Float64Array) => {
  const out: number[] = [];
  for (let i = 0; i < duals.length; i++) if (Math.abs(duals[i]) > 1e-9) out.push(i);
  return out;
};

/**
 * A persistent linear system over non-negative columns, x ≥ 0, on one HiGHS model: rows and
 * column bounds can be changed, and the range (min and max) of any linear form over the feasible
 * set asked for, each solve warm-started from the last basis. Call {@link dispose} when done:
 * WebAssembly memory is not garbage-collected.
 */
export class LinearSystem {
  private readonly model;
  private readonly numCols: number;
  private costed: number[] = [];

  constructor(numCols: number, rows: readonly SystemRow[]) {
    this.numCols = numCols;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of rows) {
      const entries = [...r.form].sort((a, b) => a[0] - b[0]);
      for (const [j, c] of entries) {
        indices.push(j);
        values.push(c);
      }
      starts.push(indices.length);
    }
    this.model = highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(INF),
      rowLower: rows.map((r) => (r.lower === -Infinity ? -INF : r.lower)),
      rowUpper: rows.map((r) => (r.upper === Infinity ? INF : r.upper)),
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    });
    // Small systems solved many times: no logging, presolve or scaling (coefficients are ±1).
    this.model.options.set({
      output_flag: false,
      log_to_console: false,
      presolve: 'off',
      solver: 'simplex',
      simplex_scale_strategy: 0,
    });
  }

  /** Sets a row's bounds (±Infinity frees it). */
  setRow(row: number, lower: number, upper: number): void {
    this.model.changeRowBounds(row, lower === -Infinity ? -INF : lower, upper === Infinity ? INF : upper);
  }

  /** Fixes a column to a value, or (value undefined) returns it to x ≥ 0. */
  fixColumn(col: number, value?: number): void {
    if (value === undefined) this.model.changeColBounds(col, 0, INF);
    else this.model.changeColBounds(col, value, value);
  }

  private solve(form: SparseForm, sense: typeof minimize): { value: number; binding: number[] } {
    for (const j of this.costed) this.model.changeColCost(j, 0);
    this.costed = [...form.keys()];
    for (const [j, c] of form) this.model.changeColCost(j, c);
    this.model.changeObjectiveSense(sense);
    this.model.run();
    const status = this.model.getModelStatus();
    if (status === unbounded) return { value: sense === maximize ? Infinity : -Infinity, binding: [] };
    if (status !== optimal) {
      // A warm start can stall on a degenerate system: solve once more from scratch.
      this.model.clearSolver();
      this.model.run();
      const again = this.model.getModelStatus();
      if (again === unbounded) return { value: sense === maximize ? Infinity : -Infinity, binding: [] };
      if (again !== optimal) throw new Error(`disclosure audit: the solver ended with status ${again}`);
    }
    return { value: this.model.getObjectiveValue(), binding: binding(this.model.getSolution().rowDual) };
  }

  /** The minimum and maximum of a form over {x ≥ 0 : every row within its bounds}. */
  range(form: SparseForm): FormRange {
    if (form.size === 0 || [...form.keys()].some((j) => j < 0 || j >= this.numCols)) {
      throw new RangeError('disclosure audit: a form names no column or an unknown one');
    }
    const lo = this.solve(form, minimize);
    const hi = this.solve(form, maximize);
    return { min: lo.value, max: hi.value, bindingMin: lo.binding, bindingMax: hi.binding };
  }

  dispose(): void {
    this.model.dispose();
  }
}
