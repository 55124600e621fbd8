/** A two-sided confidence interval. Proportions are on the 0..1 scale; counts on the count scale. */
export interface Interval {
  lower: number;
  upper: number;
}

/** A point value with its confidence interval, on one scale (e.g. percent, or per 10,000). */
export interface Estimate extends Interval {
  value: number;
}

/** Polarity of an indicator, as declared in the indicator catalogue. */
export type Direction = 'higher_is_better' | 'lower_is_better' | 'none';

/** The two confidence levels the service reports (95 % and 99.8 %). */
export const CONFIDENCE_LEVELS = [0.95, 0.998] as const;
