import { describe, expect, it } from 'vitest';
import { collectAfterWorkbook, REPORT_GC_BYTES } from '../../../src/modules/reports/reports.service.js';

describe('collectAfterWorkbook', () => {
  it('collects only once the heap in use is past the threshold', () => {
    let collections = 0;
    const collect = () => (collections++, true);
    expect(collectAfterWorkbook(REPORT_GC_BYTES - 1, collect)).toBe(false);
    expect(collections).toBe(0);
    expect(collectAfterWorkbook(REPORT_GC_BYTES + 1, collect)).toBe(true);
    expect(collections).toBe(1);
  });
  it('really collects in this process (the runtime gives a way to)', () => {
    expect(collectAfterWorkbook(REPORT_GC_BYTES + 1)).toBe(true);
  });
});
