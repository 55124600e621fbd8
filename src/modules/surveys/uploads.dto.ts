import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/query.js';
import { importStatus } from '../imports/index.js';
import type { Codebook } from './codebooks/index.js';
import type { UploadRequest } from './uploads.service.js';
import type * as repo from './uploads.repository.js';

export interface UploadResult {
  id: string | null;
  kind: string;
  part: string;
  wave: number;
  prefecture: string;
  sha256: string;
  fileName: string | null;
  format: string;
  encoding: string | null;
  rows: number;
  status: 'current' | 'superseded' | 'retracted' | 'partly_superseded' | 'dry_run';
  createdAt: string | null;
  createdBy: { keyId: string | null; name: string | null };
  retractedAt: string | null;
  slices: {
    municipality: string;
    rows: number;
    status: string;
    supersededBy: string | null;
    supersedes?: string | null;
  }[];
  superseded: { uploadId: string; municipality: string }[];
  dryRun?: boolean;
  identical?: boolean;
  warnings?: string[];
}

/**
 * Upload row and its slices → API shape. `rowsOfSlices`: `rows` counts the given slices only
 * (a municipality key is shown its own slices, never the size of other municipalities' data).
 */
export function mapUpload(u: repo.UploadRow, slices: repo.SliceRow[], opts: { rowsOfSlices?: boolean } = {}): UploadResult {
  const status = importStatus(u.retractedAt !== null, slices.map((s) => s.status));
  return {
    id: u.id,
    kind: u.kind,
    part: u.part,
    wave: u.wave,
    prefecture: u.prefectureCode,
    sha256: u.sha256,
    fileName: u.fileName,
    format: u.format,
    encoding: u.encoding,
    rows: opts.rowsOfSlices ? slices.reduce((n, s) => n + s.rows, 0) : u.rows,
    status,
    createdAt: u.createdAt.toISOString(),
    createdBy: { keyId: u.createdBy, name: u.createdByName },
    retractedAt: u.retractedAt ? u.retractedAt.toISOString() : null,
    slices: slices.map((s) => ({
      municipality: s.municipalityCode,
      rows: s.rows,
      status: s.status,
      supersededBy: s.supersededBy,
    })),
    superseded: [],
  };
}

/** The slices of earlier uploads that `uploadId` replaced. */
export async function supersededBy(db: Db, uploadId: string) {
  const rows = await queryRows<{ upload_id: string; municipality_code: string }>(
    db,
    sql`SELECT upload_id, municipality_code FROM upload_slices WHERE superseded_by = ${uploadId} ORDER BY municipality_code`,
  );
  return rows.map((r) => ({ uploadId: r.upload_id, municipality: r.municipality_code }));
}

/** What a dry run reports: the slices the file holds and what each would replace. */
export function dryRunResult(
  req: UploadRequest,
  codebook: Codebook,
  wave: number,
  prefecture: string,
  sha256: string,
  result: { rows: number; slices: Map<string, number>; format: string; encoding: string | null },
  current: repo.SliceRow[],
): UploadResult {
  const slices = [...result.slices.entries()].sort().map(([m, rows]) => ({
    municipality: m,
    rows,
    status: 'dry_run',
    supersededBy: null,
    supersedes: current.find((c) => c.municipalityCode === m)?.uploadId ?? null,
  }));
  return {
    id: null,
    kind: req.kind,
    part: codebook.part,
    wave,
    prefecture,
    sha256,
    fileName: req.fileName ?? null,
    format: result.format,
    encoding: result.encoding,
    rows: result.rows,
    status: 'dry_run',
    createdAt: null,
    createdBy: { keyId: req.principal.keyId, name: req.principal.name },
    retractedAt: null,
    slices,
    superseded: current.map((c) => ({ uploadId: c.uploadId, municipality: c.municipalityCode })),
    dryRun: true,
    identical: false,
  };
}
