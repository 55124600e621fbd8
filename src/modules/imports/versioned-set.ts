/**
 * A versioned import: files (imports) that each hold one version of some slices, at most one
 * version of a slice current at a time. Every versioned import of carelogic has the same two
 * tables, built from the column sets in imports.tables.ts:
 *
 * - the imports table: one row per accepted file (id, prefecture_code, sha256, file_name,
 *   format, encoding, rows, created_by…, retracted_at…) plus the import's own columns;
 * - the slices table: one row per (import, slice) with upload_id, prefecture_code, the slice's
 *   key columns, rows, status ('current' | 'superseded' | 'retracted'), superseded_by,
 *   created_at, changed_at, and a partial unique index allowing one current version per key.
 */
export interface VersionedSet {
  /** Names the set in locks and logs, e.g. 'survey', 'reference'. */
  readonly name: string;
  /** The imports table, e.g. 'uploads'. */
  readonly imports: string;
  /** The slices table, e.g. 'upload_slices'. */
  readonly slices: string;
  /** The columns identifying a slice (municipality_code last), e.g. ['kind', 'part', 'wave', 'municipality_code']. */
  readonly key: readonly string[];
}

/** Status of one slice version. */
export type SliceStatus = 'current' | 'superseded' | 'retracted';

/** Status of an import as a whole. */
export type ImportStatus = 'current' | 'superseded' | 'retracted' | 'partly_superseded';

/**
 * An import's status from its retraction and its slices' statuses: retracted when withdrawn;
 * current when every slice is; partly_superseded when some are and some were replaced;
 * superseded when none is current any more.
 */
export function importStatus(retracted: boolean, statuses: Iterable<string>): ImportStatus {
  if (retracted) return 'retracted';
  const s = new Set(statuses);
  if (!s.has('current')) return 'superseded';
  return s.has('superseded') ? 'partly_superseded' : 'current';
}
