/**
 * What the spec builders draw from: published rows only (values, gaps, funnels as the indicators
 * and gaps services return them to the reader). A suppressed unit arrives with no numbers, so a
 * builder cannot leak one. No Fastify, drizzle or pg here.
 */

/** A Vega-Lite specification (top level), as plain JSON. */
export type VlSpec = Record<string, unknown>;

/** Gap status as the gaps service reports it (achieved, not_achieved_significant, …). */
export type ChartStatus = string;

/** The indicator a chart is about. */
export interface ChartIndicator {
  id: string;
  label: string;
  /** percent | per_10k | yen_per_month | years | count | null */
  unit: string | null;
  direction: string | null;
}

/** Level of the units a chart compares: municipalities, or areas (圏域) for aggregate readers. */
export type UnitLevel = 'municipality' | 'area';

/** One unit's published value against its target. `value` is null when suppressed or missing. */
export interface UnitRow {
  code: string;
  name: string;
  status: ChartStatus;
  value: number | null;
  lower: number | null;
  upper: number | null;
  target: number | null;
  /** municipality | area | prefecture: where the applied target came from. */
  targetSource: string | null;
  targetYear: number | null;
}
