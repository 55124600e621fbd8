import type { IndicatorUnitValueDto } from '../indicators/indicators.schemas.js';
import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import type { UnitValue } from './gaps.types.js';
import { unitValueOf } from './unit-value.js';

/**
 * How gaps read stored values: every indicator of a prefecture for several periods in one read
 * (the indicators service's `valuesBatch`), keyed `indicator:period`.
 */
export type ValuesReader = (args: {
  prefecture: string;
  periods: readonly number[];
  levels: readonly ('municipality' | 'area' | 'insurer' | 'prefecture')[];
}) => Promise<ReadonlyMap<string, readonly IndicatorUnitValueDto[]>>;

/** Periods looked back for "the previous period": needs surveys are triennial, statistics yearly. */
export const PREVIOUS_LOOKBACK = 3;

/**
 * Periods looked back for the current value: survey waves (fiscal years, often triennial) and
 * statistics years differ, so an indicator is shown at the latest period ≤ the requested one that
 * has data, and says which.
 */
export const CURRENT_LOOKBACK = 3;

/** One indicator's values for a period and its previous one, keyed `level:code`. */
export interface IndicatorValues {
  current: ReadonlyMap<string, UnitValue | null>;
  /** The period `current` is of: the requested one, or the latest of the {@link CURRENT_LOOKBACK} before with data; null when none has data. */
  period: number | null;
  previous: ReadonlyMap<string, UnitValue | null>;
  /** The latest of the {@link PREVIOUS_LOOKBACK} periods before with data, or null. */
  previousPeriod: number | null;
}

/** Every value the gap reports of one prefecture and period need, by indicator id. */
export type Snapshot = ReadonlyMap<string, IndicatorValues>;

/** Key of a unit in a snapshot. */
export const unitKey = (level: 'municipality' | 'area' | 'prefecture', code: string) => `${level}:${code}`;

const LEVELS = ['municipality', 'area', 'prefecture'] as const;

function read(values: readonly IndicatorUnitValueDto[] | undefined, def: IndicatorDef) {
  const out = new Map<string, UnitValue | null>();
  let hasData = false;
  for (const v of values ?? []) {
    if (v.level === 'insurer') continue;
    const u = unitValueOf(v, def);
    hasData ||= u !== null;
    out.set(unitKey(v.level, v.code), u);
  }
  return { values: out, hasData };
}

/**
 * Reads the active indicators' values in one batch and picks, per indicator, the latest period ≤
 * `period` with data (up to {@link CURRENT_LOOKBACK} back) as current, and the latest earlier one
 * (up to {@link PREVIOUS_LOOKBACK} before that) as previous.
 */
export async function loadSnapshot(
  reader: ValuesReader,
  defs: readonly IndicatorDef[],
  prefecture: string,
  period: number,
): Promise<Snapshot> {
  const active = defs.filter((d) => d.status === 'active');
  const periods = Array.from({ length: CURRENT_LOOKBACK + PREVIOUS_LOOKBACK + 1 }, (_, back) => period - back);
  const batch = await reader({ prefecture, periods, levels: LEVELS });
  return new Map(
    active.map((d) => {
      // Newest first: the first period with data is the current one, the next the previous one.
      let current: { values: Map<string, UnitValue | null>; period: number } | undefined;
      let previous: typeof current;
      let requested: Map<string, UnitValue | null> | undefined;
      for (const p of periods) {
        if (current && (p >= current.period || current.period - p > PREVIOUS_LOOKBACK)) break;
        if (!current && period - p > CURRENT_LOOKBACK) break;
        const r = read(batch.get(`${d.id}:${p}`), d);
        if (p === period) requested = r.values;
        if (!r.hasData) continue;
        if (!current) current = { values: r.values, period: p };
        else {
          previous = { values: r.values, period: p };
          break;
        }
      }
      return [
        d.id,
        {
          // Without data in the lookback, the requested period's rows still say no_data / suppressed.
          current: current?.values ?? requested ?? new Map(),
          period: current?.period ?? null,
          previous: previous?.values ?? new Map(),
          previousPeriod: previous?.period ?? null,
        },
      ];
    }),
  );
}
