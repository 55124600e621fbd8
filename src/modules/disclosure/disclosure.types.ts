import type { ActiveIndicator, IndicatorCatalogue } from '../logic-models/logic-models.definitions.js';

/**
 * How much an attacker's feasible range of a protected count must leave open: at least
 * `absolute` counts or `relative` × the value on either side, whichever is larger (clipped at 0
 * below). `minMembers`: an aggregate with fewer contributing members is no aggregate and is not
 * published as one to keys that may not read its members.
 */
export interface ProtectionOptions {
  absolute: number;
  relative: number;
  minMembers: number;
}

/** The defaults of the issue: ±2 counts or ±50 %, aggregates of at least two members. */
export const DEFAULT_PROTECTION: Readonly<ProtectionOptions> = Object.freeze({ absolute: 2, relative: 0.5, minMembers: 2 });

/** A unit values are published for (municipality, area, insurer, prefecture …): its member municipalities. */
export interface DisclosureUnit {
  id: string;
  level: string;
  members: readonly string[];
}

/** Municipality code → measure id → its all-persons total for the period (absent = not stored). */
export type MeasureTotals = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Everything disclosure control decides on, for one prefecture and period. */
export interface DisclosureInput {
  catalogue: IndicatorCatalogue;
  /** The indicators published (every indicator of a linked group must be here). */
  indicators: readonly ActiveIndicator[];
  units: readonly DisclosureUnit[];
  totals: MeasureTotals;
  options?: Partial<ProtectionOptions>;
}

/** Why a cell fails the rule by itself. */
export type PrimaryCause = 'small_denominator' | 'small_count' | 'small_complement' | 'small_undecidable';

/** The published numbers of one unit of one indicator, as a reader sees them. */
export interface PublishedCell {
  indicator: string;
  unit: string;
  /** False when the unit is suppressed (or has no data). */
  shown: boolean;
  numerator: number | null;
  denominator: number | null;
  undecidable: number | null;
}

/**
 * Who reads: a viewer (aggregates of two members or more), a municipality key (those, its own
 * rows, and all its own counts), or the publication at every level (what analysts' reports
 * show) read by anyone — including each municipality whose own numbers are hidden, as an insider.
 */
export type AttackerRole = { kind: 'viewer' } | { kind: 'municipality'; code: string } | { kind: 'publication' };

/** One way a hidden number can be narrowed down. */
export interface DisclosureRisk {
  role: string;
  indicator: string;
  unit: string;
  /** numerator, denominator, undecidable or complement (denominator − numerator). */
  form: string;
  /** exact / interval: what the attacker's programs found; unaudited: the solver failed on the table, so nothing of it is known safe. */
  kind: 'exact' | 'interval' | 'unaudited';
  value: number;
  min: number;
  max: number;
  /** The range the protection interval asks for. */
  required: { lower: number; upper: number } | null;
}

/** Version of the disclosure algorithm: values stored under another are recomputed. */
export const DISCLOSURE_VERSION = 'linked-lp-audit-2';
