import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inList } from '../measures/measures.repository.js';
import { measuresService } from '../measures/measures.service.js';
import { measureSpecsOf } from './surveys.measures.js';
import { microTableName } from './surveys.tables.js';

/**
 * Recomputes the measures of (kind, part, wave) for these municipalities from their current
 * slices, inside the caller's transaction: the measures change with the data or not at all.
 */
export async function recomputeSliceMeasures(
  db: Db,
  kind: string,
  part: string,
  wave: number,
  municipalities: string[],
) {
  const specs = measureSpecsOf(kind, part);
  if (!specs.length || !municipalities.length) return;
  const table = sql.raw(`"${microTableName({ kind, part } as never)}"`);
  const columns = sql.raw(specs.map((s, i) => `${s.expr} AS m${i}`).join(',\n       '));
  const aggregate = sql`
    SELECT r.prefecture_code, r.municipality_code, r.wave AS period,
       ${columns}
    FROM ${table} r
    JOIN upload_slices s
      ON s.upload_id = r.upload_id AND s.municipality_code = r.municipality_code AND s.status = 'current'
    WHERE r.wave = ${wave} AND r.municipality_code IN ${inList(municipalities)}
    GROUP BY r.prefecture_code, r.municipality_code, r.wave`;
  await measuresService.replaceFromAggregate(db, {
    source: kind,
    period: wave,
    municipalities,
    names: specs.map((s) => s.measure),
    aggregate,
  });
}
