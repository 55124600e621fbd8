/**
 * The disclosure thread decides exactly what disclosure control decides on the calling thread,
 * while the event loop stays free; a second decision queues behind the first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/fixtures/prng.js';
import { createDisclosureThread } from '../../../src/modules/disclosure/disclosure-thread.js';
import { computeIndicators, computeIndicatorsWith } from '../../../src/modules/indicators/engine/engine.js';
import { activeIndicators, engineInput } from '../../helpers/disclosure-engine.js';
import { okinawaMaster, placeSmallCounts, SMALL_COUNT_SITES, syntheticTotals } from '../../helpers/disclosure-synthetic.js';

const thread = createDisclosureThread();
afterAll(() => thread.close());

describe('the disclosure thread', () => {
  it('gives the same values as disclosure control on the calling thread, and leaves the event loop free meanwhile', async () => {
    const master = okinawaMaster(6000);
    const rng = mulberry32(7);
    let totals = syntheticTotals(master, 7);
    for (const site of SMALL_COUNT_SITES) totals = placeSmallCounts(totals, rng, [master[3].code, master[17].code], site);
    const input = engineInput(master, totals);

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
});
