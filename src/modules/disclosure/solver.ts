import highsPackage from 'highs';

// The package's types are CommonJS (`.default`), while Node's ESM import yields the loader itself.
const loadHighs = ((highsPackage as unknown as { default?: typeof highsPackage.default }).default ??
  highsPackage) as typeof highsPackage.default;

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/**
 * HiGHS compiled to WebAssembly (the `highs` package), once loaded by {@link loadSolver}. The
 * disclosure code that uses it stays synchronous, so it must be loaded before the first solve.
 * It is not loaded on import: its WebAssembly memory (~21 MB) would then sit in every thread that
 * imports the disclosure code, the server's main thread included, which decides disclosure on its
 * worker thread and needs the solver only for an audit or when that thread cannot start.
 */
let highs: Highs | null = null;
let loading: Promise<void> | null = null;
// HiGHS's infinity and its 'optimal' status, read once at load: bounds and runs use them often.
let INF = Infinity;
let OPTIMAL: unknown;

/** Loads HiGHS once (tens of milliseconds, nothing outside the package); later calls wait for the same load. */
export function loadSolver(): Promise<void> {
  loading ??= loadHighs().then((h) => {
    INF = h.infinity;
    OPTIMAL = h.constants.modelStatus.optimal;
    highs = h;
  });
  return loading;
}

/** Whether {@link loadSolver} has finished in this thread. */
export const solverLoaded = () => highs !== null;

function solver(): Highs {
  if (!highs) throw new Error('disclosure: the solver is not loaded (await loadSolver() before deciding or auditing)');
  return highs;
}

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
 * The solver could not solve a program, even from a rebuilt model: whoever asked must assume the
 * worst (suppression hides the linked group, the audit reports the group as unaudited).
 */
export class SolverFailure extends Error {
  constructor(readonly cause: unknown) {
    super(`disclosure: the linear-program solver failed (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'SolverFailure';
  }
}

/**
 * Faults to inject into the solver, for tests of the recovery: each `run` of a model decrements
 * `failRuns` while it is positive and fails as HiGHS does in a broken state (status -1).
 */
export const solverFaults = { failRuns: 0 };

/** What every linear system of the process has done: runs, recoveries (a rebuilt model), failures. */
export const solverStats = { runs: 0, recovered: 0, failed: 0 };

/**
 * A persistent linear system on one HiGHS model: bounded columns and rows that can be changed,
 * minimised for any cost vector, each solve warm-started from the last basis. The system keeps
 * its own copy of every bound, so that when HiGHS throws or ends in a state that is no optimum
 * (it does, rarely: "status -1" after many warm starts) the model is rebuilt from scratch and the
 * program run once more; a second failure is a {@link SolverFailure}. Call {@link dispose} when
 * done: WebAssembly memory is not garbage-collected.
 */
export class LinearSystem {
  /** Built on the first solve: a system whose every range a known point settles costs no model. */
  private model: ReturnType<Highs['createModel']> | null = null;
  readonly numCols: number;
  private readonly colLower: Float64Array;
  private readonly colUpper: Float64Array;
  private readonly rowLower: Float64Array;
  private readonly rowUpper: Float64Array;
  private readonly matrix: { starts: number[]; indices: number[]; values: number[] };
  private costs: Float64Array;

  constructor(columns: { lower: Float64Array; upper: Float64Array }, rows: readonly SystemRow[]) {
    // Checked here, outside any run: an unloaded solver is a programming error, never a failed
    // program that would be answered by hiding more.
    solver();
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
    this.matrix = { starts, indices, values };
    this.colLower = columns.lower.map(fin);
    this.colUpper = columns.upper.map(fin);
    this.rowLower = Float64Array.from(rows, (r) => fin(r.lower));
    this.rowUpper = Float64Array.from(rows, (r) => fin(r.upper));
    this.costs = new Float64Array(numCols);
  }

  /** A fresh HiGHS model of the system as it stands. */
  private build() {
    const numRows = this.rowLower.length;
    const model = solver().createModel({
      numCols: this.numCols,
      numRows,
      colCost: this.costs,
      colLower: this.colLower,
      colUpper: this.colUpper,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
      matrix: { format: 'csr', numRows, numCols: this.numCols, ...this.matrix },
    });
    // Small systems solved many times: no logging, presolve or scaling (coefficients are ±1).
    model.options.set({
      output_flag: false,
      log_to_console: false,
      presolve: 'off',
      solver: 'simplex',
      simplex_scale_strategy: 0,
    });
    return model;
  }

  /** Sets a row's bounds (±Infinity frees it). */
  setRow(row: number, lower: number, upper: number): void {
    this.rowLower[row] = fin(lower);
    this.rowUpper[row] = fin(upper);
    this.model?.changeRowBounds(row, fin(lower), fin(upper));
  }

  /** Sets the bounds of some columns (indices strictly increasing). */
  setColumns(indices: readonly number[], lower: readonly number[], upper: readonly number[]): void {
    if (indices.length === 0) return;
    indices.forEach((j, k) => {
      this.colLower[j] = fin(lower[k]);
      this.colUpper[j] = fin(upper[k]);
    });
    this.model?.changeColsBounds({ kind: 'set', indices }, lower.map(fin), upper.map(fin));
  }

  /** One run of the current model: true at an optimum, false when it failed or ended elsewhere. */
  private attempt(model: NonNullable<LinearSystem['model']>): boolean {
    solverStats.runs += 1;
    try {
      if (solverFaults.failRuns > 0) {
        solverFaults.failRuns -= 1;
        throw new Error('run failed with HiGHS status -1 (injected)');
      }
      model.run();
      return model.getModelStatus() === OPTIMAL;
    } catch {
      return false;
    }
  }

  /**
   * Minimises costs·x over the system (every column is bounded, so an optimum exists). A failed
   * run — an exception or a status other than optimal — is retried once on a model rebuilt from
   * the system's own bounds; when that fails too, {@link SolverFailure} is thrown.
   */
  minimize(costs: Float64Array): Optimum {
    this.costs = costs;
    let ok = false;
    let cause: unknown = null;
    try {
      if (this.model) this.model.changeColsCost({ kind: 'range', from: 0, to: this.numCols - 1 }, costs);
      else this.model = this.build();
      ok = this.attempt(this.model);
    } catch (err) {
      cause = err;
    }
    if (!ok) {
      try {
        // The model is in a state it may not leave: rebuild it (costs and bounds as they stand).
        this.model?.dispose();
      } catch {
        // Disposing a broken model may throw too; the new one replaces it either way.
      }
      this.model = null;
      try {
        this.model = this.build();
        ok = this.attempt(this.model);
      } catch (err) {
        cause ??= err;
      }
      if (!ok) {
        solverStats.failed += 1;
        throw new SolverFailure(cause ?? new Error(`the solver ended with status ${this.statusOrNull()}`));
      }
      solverStats.recovered += 1;
    }
    const model = this.model!;
    const solution = model.getSolution();
    const binding: number[] = [];
    solution.rowDual.forEach((d, i) => Math.abs(d) > 1e-9 && binding.push(i));
    return { value: model.getObjectiveValue(), columns: solution.colValue, columnDuals: solution.colDual, binding };
  }

  private statusOrNull(): number | null {
    try {
      return this.model?.getModelStatus() ?? null;
    } catch {
      return null;
    }
  }

  dispose(): void {
    try {
      this.model?.dispose();
    } catch {
      // Already disposed or broken: nothing is left to free.
    }
    this.model = null;
  }
}
