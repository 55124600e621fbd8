import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import * as repo from './measures.repository.js';

/** Measures: the counts and sums indicators are computed from. */
export const measuresService = {
  /**
   * Replaces the named measures of (source, period, municipalities) with an aggregate's output,
   * on the caller's transaction so the change lands with the upload that caused it.
   */
  async replaceFromAggregate(
    db: Db,
    args: { source: string; period: number; municipalities: string[]; names: string[]; aggregate: SQL },
  ) {
    await repo.deleteMeasures(db, args.source, args.period, args.municipalities, args.names);
    if (args.municipalities.length) await repo.insertAggregated(db, args.source, args.names, args.aggregate);
  },

  /**
   * Replaces the named measures of (source, period, municipalities) with values computed by the
   * caller (municipality → measure → value), on the caller's transaction.
   */
  async replaceValues(
    db: Db,
    args: { source: string; period: number; names: string[]; values: ReadonlyMap<string, ReadonlyMap<string, number>> },
  ) {
    const municipalities = [...args.values.keys()];
    await repo.deleteMeasures(db, args.source, args.period, municipalities, args.names);
    await repo.insertValues(db, args.source, args.period, args.values);
  },

  /**
   * Replaces the measures of `source` in the slices `slices` yields (measure, period,
   * municipality_code) with the rows `rows` yields (strata included), on the caller's
   * transaction. A slice with no rows ends up with no measures (e.g. a retraction with no
   * earlier version). Used for reference statistics, which are measures as loaded.
   */
  async replaceSlices(db: Db, args: { source: string; slices: SQL; rows: SQL }) {
    await repo.deleteSlices(db, args.source, args.slices);
    await repo.insertRows(db, args.source, args.rows);
  },

  find: repo.findMeasures,
  /** The periods with any measure of a prefecture (a new standard population reaches all of them). */
  periods: repo.periodsOf,
};
