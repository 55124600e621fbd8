import type { IndicatorValuesDto } from '../indicators/indicators.schemas.js';
import type { IndicatorDef } from '../logic-models/logic-models.definitions.js';
import type { UnitValue } from './gaps.types.js';
import { unitValueOf } from './unit-value.js';

/** How gaps read stored values: the indicators service's `values`. */
export type ValuesReader = (args: {
  indicator: string;
  prefecture: string;
  period: number;
  levels?: readonly ('municipality' | 'area' | 'insurer' | 'prefecture')[];
}) => Promise<IndicatorValuesDto>;

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

async function read(reader: ValuesReader, def: IndicatorDef, prefecture: string, period: number) {
  const dto = await reader({ indicator: def.id, prefecture, period, levels: LEVELS });
  const out = new Map<string, UnitValue | null>();
  let hasData = false;
  for (const v of dto.values) {
    if (v.level === 'insurer') continue;
    const u = unitValueOf(v, def);
    hasData ||= u !== null;
    out.set(unitKey(v.level, v.code), u);
  }
  return { values: out, hasData };
}

/**
 * Reads the active indicators' values: per indicator, the latest period ≤ `period` with data (up
 * to {@link CURRENT_LOOKBACK} back) as current, and the latest earlier one (up to
 * {@link PREVIOUS_LOOKBACK} before that) as previous. The first read of each period runs alone,
 * so that a recompute the indicators service needs happens once, not once per indicator.
 */
export async function loadSnapshot(
  reader: ValuesReader,
  defs: readonly IndicatorDef[],
  prefecture: string,
  period: number,
): Promise<Snapshot> {
  const active = defs.filter((d) => d.status === 'active');
  const readAll = async (p: number, list: readonly IndicatorDef[]) => {
    if (list.length === 0) return new Map<string, Awaited<ReturnType<typeof read>>>();
    const first = await read(reader, list[0], prefecture, p);
    const rest = await Promise.all(list.slice(1).map((d) => read(reader, d, prefecture, p)));
    return new Map([first, ...rest].map((r, i) => [list[i].id, r]));
  };
  // Newest first: the first period with data is the current one, the next the previous one.
  const current = new Map<string, { values: Map<string, UnitValue | null>; period: number }>();
  const previous = new Map<string, { values: Map<string, UnitValue | null>; period: number }>();
  const empty = new Map<string, Map<string, UnitValue | null>>();
  for (let back = 0; back <= CURRENT_LOOKBACK + PREVIOUS_LOOKBACK; back++) {
    const p = period - back;
    const wanted = active.filter((d) => {
      if (previous.has(d.id)) return false;
      const cur = current.get(d.id);
      if (!cur) return back <= CURRENT_LOOKBACK;
      return p < cur.period && cur.period - p <= PREVIOUS_LOOKBACK;
    });
    if (wanted.length === 0) break;
    const got = await readAll(p, wanted);
    for (const [id, r] of got) {
      if (back === 0 && !r.hasData) empty.set(id, r.values);
      if (!r.hasData) continue;
      if (!current.has(id)) current.set(id, { values: r.values, period: p });
      else previous.set(id, { values: r.values, period: p });
    }
  }
  return new Map(
    active.map((d) => [
      d.id,
      {
        // Without data in the lookback, the requested period's rows still say no_data / suppressed.
        current: current.get(d.id)?.values ?? empty.get(d.id) ?? new Map(),
        period: current.get(d.id)?.period ?? null,
        previous: previous.get(d.id)?.values ?? new Map(),
        previousPeriod: previous.get(d.id)?.period ?? null,
      },
    ]),
  );
}
