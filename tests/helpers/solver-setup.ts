/**
 * Loads the disclosure solver (HiGHS) in every test file before its tests: the disclosure code
 * is synchronous and the server loads the solver only where it decides (see solver.ts), while
 * tests call the engine and disclosure control directly.
 */
import { loadSolver } from '../../src/modules/disclosure/solver.js';

await loadSolver();
