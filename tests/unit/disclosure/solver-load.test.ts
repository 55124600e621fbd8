import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/*
 * The solver's WebAssembly memory (~21 MB) is loaded only where disclosure is decided: the
 * server's main thread imports the disclosure code but decides on its worker thread. Checked in
 * a fresh process, since every test file here loads the solver first (tests/helpers/solver-setup.ts).
 */
const script = `
  const { createServices } = await import('./src/app.ts');
  const solver = await import('./src/modules/disclosure/solver.ts');
  const out = { afterImport: solver.solverLoaded(), typeofServices: typeof createServices };
  try {
    new solver.LinearSystem({ lower: new Float64Array([0]), upper: new Float64Array([1]) }, []);
    out.unloaded = 'built';
  } catch (err) {
    out.unloaded = err.message;
  }
  await solver.loadSolver();
  const system = new solver.LinearSystem({ lower: new Float64Array([2]), upper: new Float64Array([5]) }, []);
  out.minimum = system.minimize(new Float64Array([1])).value;
  system.dispose();
  out.afterLoad = solver.solverLoaded();
  console.log(JSON.stringify(out));
`;

describe('the disclosure solver is loaded on demand', () => {
  it('is not loaded by importing the service, refuses clearly before loading, and solves after', () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim(),
    );
    expect(out).toEqual({
      afterImport: false,
      typeofServices: 'function',
      unloaded: 'disclosure: the solver is not loaded (await loadSolver() before deciding or auditing)',
      minimum: 2,
      afterLoad: true,
    });
  });
});
