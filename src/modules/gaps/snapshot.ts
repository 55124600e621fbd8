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

/** One indicator's values for a period and its previous one, keyed `level:code`. */
export interface IndicatorValues {
  current: ReadonlyMap<string, UnitValue | null>;
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
 * Reads the active indicators' values for a period and, per indicator, the latest earlier period
 * (up to {@link PREVIOUS_LOOKBACK} back) that has data. The first read of each period runs alone,
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
  const current = await readAll(period, active);
  const previous = new Map<string, { values: Map<string, UnitValue | null>; period: number }>();
  for (let back = 1; back <= PREVIOUS_LOOKBACK; back++) {
    const missing = active.filter((d) => !previous.has(d.id));
    const got = await readAll(period - back, missing);
    for (const [id, r] of got) if (r.hasData) previous.set(id, { values: r.values, period: period - back });
  }
  return new Map(
    active.map((d) => [
      d.id,
      {
        current: current.get(d.id)?.values ?? new Map(),
        previous: previous.get(d.id)?.values ?? new Map(),
        previousPeriod: previous.get(d.id)?.period ?? null,
      },
    ]),
  );
}
