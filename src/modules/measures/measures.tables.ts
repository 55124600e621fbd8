import { char, doublePrecision, index, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Measures: named counts or sums per municipality and period (docs/domain.md §2 "Measures", §3).
 * Survey measures are recomputed from the current upload slices; reference statistics are loaded.
 * sex / age_band = 0 means "all"; strata carry their codes.
 */
export const measures = pgTable(
  'measures',
  {
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    municipalityCode: char('municipality_code', { length: 6 }).notNull(),
    period: smallint('period').notNull(),
    measure: text('measure').notNull(),
    sex: smallint('sex').notNull().default(0),
    ageBand: smallint('age_band').notNull().default(0),
    value: doublePrecision('value').notNull(),
    /** needs | homecare | residence | workforce | reference */
    source: text('source').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.measure, t.period, t.municipalityCode, t.sex, t.ageBand] }),
    index('measures_source_idx').on(t.source, t.period, t.municipalityCode),
    index('measures_prefecture_idx').on(t.prefectureCode, t.period, t.measure),
  ],
);
