/**
 * The disclosure thread decides exactly what disclosure control decides on the calling thread,
 * while the event loop stays free; a second decision queues behind the first. A pool of two
 * threads shares a decision's linked groups and still answers exactly that decision.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/fixtures/prng.js';
import { decideDisclosure, disclosureGroups } from '../../../src/modules/disclosure/disclose.js';
import { createDisclosurePool, createDisclosureThread, defaultDisclosureThreads } from '../../../src/modules/disclosure/disclosure-thread.js';
import { totalsOf } from '../../../src/modules/disclosure/engine-hook.js';
import { reportingUnits } from '../../../src/modules/indicators/engine/units.js';
import { computeIndicators, computeIndicatorsWith } from '../../../src/modules/indicators/engine/engine.js';
import { activeIndicators, engineInput } from '../../helpers/disclosure-engine.js';
import { okinawaMaster, placeSmallCounts, SMALL_COUNT_SITES, syntheticTotals } from '../../helpers/disclosure-synthetic.js';

const thread = createDisclosureThread();
const pool = createDisclosurePool(2);
afterAll(() => Promise.all([thread.close(), pool.close()]));

/** Small counts on two municipalities of the Okinawa master, at every site the helpers know. */
function smallCountsCase(seed: number) {
  const master = okinawaMaster(6000);
  const rng = mulberry32(seed);
  let totals = syntheticTotals(master, seed);
  for (const site of SMALL_COUNT_SITES) totals = placeSmallCounts(totals, rng, [master[3].code, master[17].code], site);
  return engineInput(master, totals);
}

describe('the disclosure thread', () => {
  it('gives the same values as disclosure control on the calling thread, and leaves the event loop free meanwhile', async () => {
    const input = smallCountsCase(7);

    const here = computeIndicators(activeIndicators, input);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const [there, again] = await Promise.all([
      computeIndicatorsWith(activeIndicators, input, thread),
      computeIndicatorsWith(activeIndicators, input, thread),
    ]);
    clearInterval(timer);
    expect(there).toEqual(here);
    expect(again).toEqual(here);
    // Something is hidden beyond nothing: the case exercises the linear programs.
    expect(here.filter((v) => v.status === 'suppressed').length).toBeGreaterThan(0);
    // The timer ran while the thread worked (on the calling thread it could not have).
    expect(ticks).toBeGreaterThan(0);
    // And again once the thread is up: a thread that failed to start would have the decision made
    // here, after the start-up had let the timer run (the test above alone would not tell).
    ticks = 0;
    const timer2 = setInterval(() => (ticks += 1), 1);
    const third = await computeIndicatorsWith(activeIndicators, input, thread);
    clearInterval(timer2);
    expect(third).toEqual(here);
    expect(ticks).toBeGreaterThan(0);
  });

  it('on two threads, answers the decision of the calling thread entry for entry, for decisions made at once', async () => {
    const inputs = [smallCountsCase(7), smallCountsCase(11), smallCountsCase(23)].map((e) => ({
      catalogue: e.catalogue,
      indicators: activeIndicators,
      units: reportingUnits(e.geography),
      totals: totalsOf(e.measures),
    }));
    // Several linked groups, more than one with programs to solve: there is something to share.
    expect(disclosureGroups(inputs[0]).length).toBeGreaterThan(2);
    const here = inputs.map((i) => decideDisclosure(i));
    expect(here[0].solves).toBeGreaterThan(0);
    expect(pool.threads).toBe(2);
    const there = await Promise.all(inputs.map((i) => pool(i)));
    // Every entry, counters and the order of the hidden units' indicators included.
    for (let k = 0; k < inputs.length; k++) {
      expect(there[k]).toEqual(here[k]);
      expect([...there[k].hidden.keys()]).toEqual([...here[k].hidden.keys()]);
    }
  });

  it('ends a thread beyond the first once it has been idle, and starts it again for the next decision', async () => {
    const input = smallCountsCase(5);
    const args = { catalogue: input.catalogue, indicators: activeIndicators, units: reportingUnits(input.geography), totals: totalsOf(input.measures) };
    const here = decideDisclosure(args);
    const brief = createDisclosurePool(2, 200);
    try {
      expect(await brief(args)).toEqual(here);
      expect(brief.live).toBe(2);
      await new Promise((r) => setTimeout(r, 600));
      // The first thread is kept; the second ended.
      expect(brief.live).toBe(1);
      expect(await brief(args)).toEqual(here);
      expect(brief.live).toBe(2);
    } finally {
      await brief.close();
    }
    expect(brief.live).toBe(0);
  });

  it('uses one or two threads, or DISCLOSURE_THREADS when it is a whole number from 1 to 8', () => {
    expect([1, 2]).toContain(defaultDisclosureThreads({}));
    expect(defaultDisclosureThreads({ DISCLOSURE_THREADS: '3' })).toBe(3);
    expect(defaultDisclosureThreads({ DISCLOSURE_THREADS: '1' })).toBe(1);
    for (const bad of ['0', '9', '1.5', 'two', ' ']) expect([1, 2]).toContain(defaultDisclosureThreads({ DISCLOSURE_THREADS: bad }));
  });
});
