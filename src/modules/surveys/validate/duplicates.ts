import type { Codebook } from '../codebooks/types.js';
import { columnOf } from '../codebooks/index.js';
import { rowError, type SurveyRowError } from './errors.js';
import type { SurveyRecord } from './validate-row.js';

/** Tracks the key of every row of one file. */
export interface DuplicateChecker {
  /**
   * Records the key of a validated row; returns 'duplicate_id' (on the first key column, with
   * the first occurrence's row in the message) when the key was seen before. Rows with a blank
   * key column are neither checked nor recorded.
   */
  check(record: SurveyRecord, row: number): SurveyRowError | null;
  /** Number of distinct keys seen. */
  readonly size: number;
}

/**
 * A duplicate-key tracker for one file of `codebook` (its `key` columns). Compares the
 * validated values, so '４７２０１８' and '472018' are the same municipality. Holds one map
 * entry per row: about 100 bytes a row.
 */
export function createDuplicateChecker(codebook: Codebook): DuplicateChecker {
  const seen = new Map<string, number>();
  const [first] = codebook.key;
  const keyLabel = codebook.key.map((id) => columnOf(codebook, id)?.label_ja ?? id).join('・');
  return {
    check(record, row) {
      const parts = codebook.key.map((id) => record[id]);
      if (parts.some((v) => v === null || v === undefined)) return null;
      const key = parts.length === 1 ? String(parts[0]) : parts.join('\u0000');
      const firstRow = seen.get(key);
      if (firstRow === undefined) {
        seen.set(key, row);
        return null;
      }
      return rowError(row, first, String(record[first]), 'duplicate_id', { firstRow, key: keyLabel });
    },
    get size() {
      return seen.size;
    },
  };
}
