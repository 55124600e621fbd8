/**
 * HiGHS can throw or end in a state that is no optimum ("run failed with HiGHS status -1"). The
 * linear system rebuilds its model and runs once more; when that fails too, suppression hides the
 * whole linked group and the audit reports it as unaudited — nothing is published on a failed audit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditDisclosure } from '../../../src/modules/disclosure/audit.js';
import { decideDisclosure } from '../../../src/modules/disclosure/disclose.js';
import type { PublishedCell } from '../../../src/modules/disclosure/disclosure.types.js';
import { LinearSystem, SolverFailure, solverFaults, solverStats } from '../../../src/modules/disclosure/solver.js';
import { buildTable } from '../../../src/modules/disclosure/table.js';
import { okinawaMaster, syntheticTotals, unitsOf } from '../../helpers/disclosure-synthetic.js';
import { indicatorsById, models } from '../../helpers/disclosure-engine.js';

const master = okinawaMaster(3000);
const units = unitsOf(master);
const DEATHS = indicatorsById('home_death_ratio', 'home_or_nursing_home_death_ratio');
const ITOMAN = '472107';
const totals = (() => {
  const t = syntheticTotals(master, 8);
  t.get(ITOMAN)!.set('ref.deaths.home', 2);
  return t;
})();

/** x0 + x1 = 4, x0 − x1 ≥ −2, 0 ≤ x ≤ 10: the minimum of x0 is 1. */
const system = () =>
  new LinearSystem({ lower: new Float64Array([0, 0]), upper: new Float64Array([10, 10]) }, [
    { form: new Map([[0, 1], [1, 1]]), lower: 4, upper: 4 },
    { form: new Map([[0, 1], [1, -1]]), lower: -2, upper: Infinity },
  ]);

afterEach(() => {
  solverFaults.failRuns = 0;
});

describe('the solver recovers from a failed run, or the group is hidden', () => {
  it('a run that fails once is retried on a rebuilt model, with the same optimum', () => {
    const s = system();
    try {
      const clean = s.minimize(new Float64Array([1, 0])).value;
      const recovered = solverStats.recovered;
      solverFaults.failRuns = 1;
      expect(s.minimize(new Float64Array([1, 0])).value).toBeCloseTo(clean, 9);
      expect(solverStats.recovered).toBe(recovered + 1);
      // The rebuilt model keeps the bounds changed before the failure.
      s.setRow(0, 6, 6);
      solverFaults.failRuns = 1;
      expect(s.minimize(new Float64Array([1, 0])).value).toBeCloseTo(2, 9);
      expect(clean).toBeCloseTo(1, 9);
    } finally {
      s.dispose();
    }
  });

  it('a run that fails again throws SolverFailure', () => {
    const s = system();
    try {
      solverFaults.failRuns = 2;
      expect(() => s.minimize(new Float64Array([1, 0]))).toThrow(SolverFailure);
      // The next program runs again on a fresh model.
      expect(s.minimize(new Float64Array([-1, 0])).value).toBeCloseTo(-4, 9);
    } finally {
      s.dispose();
    }
  });

  it('suppression hides every suppressible cell of a linked group whose programs fail', () => {
    const clean = decideDisclosure({ catalogue: models.catalogue, indicators: DEATHS, units, totals });
    expect(clean.failedGroups).toEqual([]);
    solverFaults.failRuns = Number.MAX_SAFE_INTEGER;
    const failed = decideDisclosure({ catalogue: models.catalogue, indicators: DEATHS, units, totals });
    solverFaults.failRuns = 0;
    expect(failed.failedGroups).toEqual(['home_death_ratio,home_or_nursing_home_death_ratio']);
    for (const ind of DEATHS) {
      const withData = buildTable([ind], models.catalogue, units, totals).cells.flatMap((c) => c.units);
      expect(failed.hidden.get(ind.id)!.size).toBe(withData.length);
      // Never fewer than the audited decision hides.
      for (const u of clean.hidden.get(ind.id)!) expect(failed.hidden.get(ind.id)!.has(u)).toBe(true);
    }
  });

  it('the audit reports a table whose programs fail as unaudited, never as safe', () => {
    const decision = decideDisclosure({ catalogue: models.catalogue, indicators: DEATHS, units, totals });
    const published: PublishedCell[] = [];
    for (const ind of DEATHS) {
      for (const cell of buildTable([ind], models.catalogue, units, totals).cells) {
        for (const unit of cell.units) {
          const shown = !decision.hidden.get(ind.id)!.has(unit);
          published.push({ indicator: ind.id, unit, shown, numerator: cell.numerator, denominator: cell.denominator, undecidable: null });
        }
      }
    }
    const input = { catalogue: models.catalogue, indicators: DEATHS, units, totals, published };
    expect(auditDisclosure(input).risks).toEqual([]);
    solverFaults.failRuns = Number.MAX_SAFE_INTEGER;
    const risks = auditDisclosure(input).risks;
    solverFaults.failRuns = 0;
    expect(risks.length).toBeGreaterThan(0);
    expect(risks.every((r) => r.kind === 'unaudited')).toBe(true);
    expect(risks[0]).toMatchObject({ indicator: 'home_death_ratio,home_or_nursing_home_death_ratio', kind: 'unaudited' });
  });
});
