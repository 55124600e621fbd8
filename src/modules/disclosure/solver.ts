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
const { optimal } = highs.constants.modelStatus;
const fin = (x: number) => (x === Infinity ? INF : x === -Infinity ? -INF : x);

/** A sparse linear form: column index → coefficient. */
export type SparseForm = ReadonlyMap<number, number>;

/** A row of the system: lower ≤ Σ coef·x ≤ upper (±Infinity for none). */
export interface SystemRow {
  form: SparseForm;
  lower: number;
  upper: number;
}

/** An optimum: its objective, the columns' values and the rows whose dual is non-zero. */
export interface Optimum {
  value: number;
  columns: Float64Array;
  /** Reduced costs of the columns: non-zero where a column's bound holds the optimum. */
  columnDuals: Float64Array;
  binding: number[];
}

/**
 * A persistent linear system on one HiGHS model: bounded columns and rows that can be changed,
 * minimised for any cost vector, each solve warm-started from the last basis. Call
 * {@link dispose} when done: WebAssembly memory is not garbage-collected.
 */
export class LinearSystem {
  private readonly model;
  readonly numCols: number;

  constructor(columns: { lower: Float64Array; upper: Float64Array }, rows: readonly SystemRow[]) {
    const numCols = columns.lower.length;
    this.numCols = numCols;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of rows) {
      for (const [j, c] of [...r.form].sort((a, b) => a[0] - b[0])) {
        indices.push(j);
        values.push(c);
      }
      starts.push(indices.length);
    }
    this.model = highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower: columns.lower.map(fin),
      colUpper: columns.upper.map(fin),
      rowLower: rows.map((r) => fin(r.lower)),
      rowUpper: rows.map((r) => fin(r.upper)),
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
    this.model.changeRowBounds(row, fin(lower), fin(upper));
  }

  /** Sets the bounds of some columns (indices strictly increasing). */
  setColumns(indices: readonly number[], lower: readonly number[], upper: readonly number[]): void {
    if (indices.length === 0) return;
    this.model.changeColsBounds({ kind: 'set', indices }, lower.map(fin), upper.map(fin));
  }

  /** Minimises costs·x over the system; throws unless an optimum is found (every column is bounded). */
  minimize(costs: Float64Array): Optimum {
    this.model.changeColsCost({ kind: 'range', from: 0, to: this.numCols - 1 }, costs);
    this.model.run();
    if (this.model.getModelStatus() !== optimal) {
      // A warm start can stall on a degenerate system: solve once more from scratch.
      this.model.clearSolver();
      this.model.run();
      const status = this.model.getModelStatus();
      if (status !== optimal) throw new Error(`disclosure audit: the solver ended with status ${status}`);
    }
    const solution = this.model.getSolution();
    const binding: number[] = [];
    solution.rowDual.forEach((d, i) => Math.abs(d) > 1e-9 && binding.push(i));
    return { value: this.model.getObjectiveValue(), columns: solution.colValue, columnDuals: solution.colDual, binding };
  }

  dispose(): void {
    this.model.dispose();
  }
}
