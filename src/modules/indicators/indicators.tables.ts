import {
  char,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Stored indicator values: one row per indicator × period × level × unit of a prefecture, as the
 * engine computed them (disclosure control applied). Recomputed when their inputs change, so
 * reads are plain lookups. prefecture_code leads the key: every query filters on it, and it is
 * the distribution column should the table ever be sharded.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    indicator: text('indicator').notNull(),
    period: smallint('period').notNull(),
    /** municipality | area | insurer | prefecture */
    level: text('level').notNull(),
    /** Municipality or prefecture code; area or insurer name. */
    unitCode: text('unit_code').notNull(),
    unitName: text('unit_name').notNull(),
    position: integer('position').notNull(),
    /** shown | suppressed | not_shown | no_data */
    status: text('status').notNull(),
    reason: text('reason'),
    numerator: doublePrecision('numerator'),
    denominator: doublePrecision('denominator'),
    value: doublePrecision('value'),
    ci95Lower: doublePrecision('ci95_lower'),
    ci95Upper: doublePrecision('ci95_upper'),
    ci998Lower: doublePrecision('ci998_lower'),
    ci998Upper: doublePrecision('ci998_upper'),
    undecidable: doublePrecision('undecidable'),
    contributing: integer('contributing').notNull(),
    members: integer('members').notNull(),
    /** Upload ids (JSON array of strings) of the input versions behind the value. */
    uploads: jsonb('uploads').notNull(),
    ruleVersion: text('rule_version').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.prefectureCode, t.indicator, t.period, t.level, t.unitCode] })],
);

/**
 * One row per prefecture × period whose values have been computed: the catalogue fingerprint
 * they were computed under and, per input source, the state of the measures they saw
 * ({ source: { at, n } }), so a read can tell stale values from fresh ones.
 */
export const indicatorRuns = pgTable(
  'indicator_runs',
  {
    prefectureCode: char('prefecture_code', { length: 2 }).notNull(),
    period: smallint('period').notNull(),
    fingerprint: text('fingerprint').notNull(),
    inputs: jsonb('inputs').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.prefectureCode, t.period] })],
);
