import { describe, expect, it } from 'vitest';
import { loadSnapshot, type ValuesReader } from '../../../src/modules/gaps/snapshot.js';
import { unitValueOf } from '../../../src/modules/gaps/unit-value.js';
import type { IndicatorUnitValueDto } from '../../../src/modules/indicators/indicators.schemas.js';
import { wilson } from '../../../src/modules/indicators/stats/index.js';
import type { IndicatorDef } from '../../../src/modules/logic-models/logic-models.definitions.js';

const def = (id: string, over: Partial<IndicatorDef> = {}): IndicatorDef =>
  ({
    id,
    label_ja: id,
    status: 'active',
    kind: 'proportion',
    unit: 'percent',
    factor: 100,
    divisor: 1,
    direction: 'higher_is_better',
    ci: 'wilson',
    rule_version: '1',
    ...over,
  }) as IndicatorDef;
const dto = (over: Partial<IndicatorUnitValueDto>): IndicatorUnitValueDto => ({
  level: 'municipality',
  code: '472018',
  name: '那覇市',
  status: 'shown',
  statusLabel: '表示',
  levelLabel: '市町村',
  suppressed: false,
  reason: null,
  reasonLabel: null,
  numerator: 30,
  denominator: 100,
  value: 30,
  ci95: { lower: 21.9, upper: 39.6 },
  ci998: null,
  display: null,
  undecidable: null,
  coverage: { contributing: 1, members: 1 },
  provenance: { uploads: [], ruleVersion: '1' },
  ...over,
});

describe('unitValueOf', () => {
  it('maps a shown proportion with its denominator as n', () => {
    expect(unitValueOf(dto({}), def('p'))).toEqual({
      value: 30,
      lower: 21.9,
      upper: 39.6,
      sampleSize: 100,
      count: null,
      suppressed: false,
    });
  });
  it('recovers n_eff of a weighted proportion from its Wilson interval', () => {
    const ci = wilson(24, 80)!; // n_eff 80 although Σw = 100
    const u = unitValueOf(
      dto({ value: 30, ci95: { lower: ci.lower * 100, upper: ci.upper * 100 } }),
      def('w', { ci: 'wilson_weighted' }),
    )!;
    expect(u.sampleSize).toBeCloseTo(80, 6);
  });
  it('keeps the count of a rate, and hides every number of a suppressed or withheld value', () => {
    expect(
      unitValueOf(dto({ numerator: 12, denominator: 5000, value: 24 }), def('r', { kind: 'rate', factor: 10000 })),
    ).toMatchObject({ count: 12, sampleSize: 5000 });
    const hidden = { value: null, lower: null, upper: null, sampleSize: null, count: null, suppressed: true };
    expect(unitValueOf(dto({ status: 'suppressed', suppressed: true, value: null }), def('p'))).toEqual(hidden);
    // A DSR on too few events is withheld for a statistical reason: not_shown, with its reason.
    expect(
      unitValueOf(
        dto({ status: 'not_shown', reason: 'dsr_count_below_minimum', value: null }),
        def('d', { kind: 'dsr' }),
      ),
    ).toEqual({ ...hidden, suppressed: false, notShown: 'dsr_count_below_minimum' });
    expect(unitValueOf(dto({ status: 'not_shown', reason: 'zero_denominator', value: null }), def('p'))).toBeNull();
    expect(unitValueOf(dto({ status: 'no_data', value: null }), def('p'))).toBeNull();
    expect(unitValueOf(undefined, def('p'))).toBeNull();
  });
});

/** A batch reader over `have`: indicator → periods with data (the others read as no_data). */
function readerOf(have: Record<string, number[]>, calls: string[] = []): ValuesReader {
  return async ({ periods }) => {
    calls.push(periods.join(','));
    const out = new Map<string, IndicatorUnitValueDto[]>();
    for (const [indicator, withData] of Object.entries(have))
      for (const period of periods)
        out.set(
          `${indicator}:${period}`,
          withData.includes(period) ? [dto({ value: period - 2000 })] : [dto({ status: 'no_data', value: null })],
        );
    return out;
  };
}

describe('loadSnapshot', () => {
  it('finds the previous period with data up to three back, per indicator, in one batched read', async () => {
    const calls: string[] = [];
    const reader = readerOf({ yearly: [2024, 2023], triennial: [2024, 2021], later: [2024] }, calls);
    const snap = await loadSnapshot(
      reader,
      [def('yearly'), def('triennial'), def('later', { status: 'planned' })],
      '47',
      2024,
    );
    expect(snap.get('yearly')).toMatchObject({ previousPeriod: 2023 });
    expect(snap.get('triennial')).toMatchObject({ previousPeriod: 2021 });
    expect(snap.get('triennial')!.previous.get('municipality:472018')!.value).toBe(21);
    expect(snap.has('later')).toBe(false);
    // One read for the requested period and the six before it (three for current, three more for previous).
    expect(calls).toEqual(['2024,2023,2022,2021,2020,2019,2018']);
  });

  it('looks no further than three periods back for the previous one', async () => {
    const snap = await loadSnapshot(readerOf({ sparse: [2024, 2020] }), [def('sparse')], '47', 2024);
    expect(snap.get('sparse')).toMatchObject({ period: 2024, previousPeriod: null });
  });
});

describe('loadSnapshot: the latest period with data is current', () => {
  it('shows a survey indicator at its wave and a statistics indicator at its year, and says which', async () => {
    // Needs waves are fiscal years (2025), reference statistics come a year behind (2024).
    const reader = readerOf({ survey: [2025, 2022], statistics: [2024, 2023], none: [] });
    const snap = await loadSnapshot(reader, [def('survey'), def('statistics'), def('none')], '47', 2025);
    expect(snap.get('survey')).toMatchObject({ period: 2025, previousPeriod: 2022 });
    expect(snap.get('survey')!.current.get('municipality:472018')!.value).toBe(25);
    expect(snap.get('statistics')).toMatchObject({ period: 2024, previousPeriod: 2023 });
    expect(snap.get('statistics')!.current.get('municipality:472018')!.value).toBe(24);
    expect(snap.get('none')).toMatchObject({ period: null, previousPeriod: null });
    expect(snap.get('none')!.current.get('municipality:472018')).toBeNull();
  });
});
