import type { Interval } from '../stats/index.js';

/** One stored value of a measure for one municipality: sex / ageBand 0 = all. */
export interface MeasureCell {
  sex: number;
  ageBand: number;
  value: number;
}

/** A municipality's measures (or the standard population's): measure id → its cells. */
export type MeasureCells = ReadonlyMap<string, readonly MeasureCell[]>;

/** A municipality as the engine groups it. */
export interface GeoMunicipality {
  code: string;
  name: string;
  /** 圏域 (the master's medical_area). */
  area: string;
  /** 保険者: the municipality itself or a union of municipalities. */
  insurer: string;
}

/** The prefecture and its municipalities, in master (code) order. */
export interface Geography {
  prefecture: { code: string; name: string };
  municipalities: readonly GeoMunicipality[];
}

export const LEVELS = ['municipality', 'area', 'insurer', 'prefecture'] as const;
export type Level = (typeof LEVELS)[number];

/** Something a value is reported for: one municipality, or an aggregate of municipalities. */
export interface ReportingUnit {
  /** Unique across levels (`area:北部`), for disclosure control. */
  id: string;
  level: Level;
  /** Municipality or prefecture code; area or insurer name. */
  code: string;
  name: string;
  /** Member municipality codes (a municipality is its own only member). */
  members: readonly string[];
}

export type ValueStatus = 'shown' | 'suppressed' | 'not_shown' | 'no_data';

/**
 * Why a value is not shown: disclosure control (`suppressed`, whatever hid it — a finer reason
 * would tell a reader more than the rule does: see docs/disclosure.md) or the statistics (a DSR
 * on fewer than 10 events, no denominator, no standard population, inconsistent strata, a DSR
 * whose inputs are given as totals only: not_standardisable).
 */
export type ValueReason =
  | 'suppressed'
  | 'dsr_count_below_minimum'
  | 'zero_denominator'
  | 'no_standard_population'
  | 'inconsistent_strata'
  | 'not_standardisable';

/** One indicator's value for one reporting unit, as stored and served. */
export interface IndicatorValue {
  indicator: string;
  level: Level;
  code: string;
  name: string;
  /** Position of the unit in the engine's output (level order, then master order). */
  position: number;
  status: ValueStatus;
  reason: ValueReason | null;
  /** null when suppressed or without data. */
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ci95: Interval | null;
  ci998: Interval | null;
  /** 判定不能 count beside the value, for indicators that define one. */
  undecidable: number | null;
  contributing: number;
  members: number;
  /** Upload ids of the current input versions of the unit's member municipalities. */
  uploads: string[];
  ruleVersion: string;
}
