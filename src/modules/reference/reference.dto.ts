import type { Principal } from '../auth/auth.types.js';
import { importStatus } from '../imports/index.js';
import type { FileSlice, PipelineResult } from './reference.pipeline.js';
import type { ReferenceSliceSummary, ReferenceUploadRow } from './reference.repository.js';
import type { ReferenceUploadDto } from './reference.schemas.js';

const sorted = <T extends string | number>(xs: Iterable<T>) =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** A stored upload → API shape, from its slice summary and the uploads it replaced. */
export function mapUpload(
  u: ReferenceUploadRow,
  summary: readonly ReferenceSliceSummary[],
  supersedes: readonly { upload_id: string; n: number }[],
): ReferenceUploadDto {
  const count = (status: string) => summary.filter((s) => s.status === status).reduce((n, s) => n + s.n, 0);
  const slices = { current: count('current'), superseded: count('superseded'), retracted: count('retracted') };
  const status: ReferenceUploadDto['status'] = importStatus(
    u.retractedAt !== null,
    summary.filter((s) => s.n > 0).map((s) => s.status),
  );
  return {
    id: u.id,
    prefecture: u.prefectureCode,
    sha256: u.sha256,
    fileName: u.fileName,
    format: u.format,
    encoding: u.encoding,
    rows: u.rows,
    rulesVersion: u.rulesVersion,
    status,
    createdAt: u.createdAt.toISOString(),
    createdBy: { keyId: u.createdBy, name: u.createdByName },
    retractedAt: u.retractedAt ? u.retractedAt.toISOString() : null,
    periods: sorted(summary.flatMap((s) => s.periods.map(Number))),
    measures: sorted(summary.flatMap((s) => s.measures)),
    municipalities: sorted(summary.flatMap((s) => s.municipalities)),
    slices: { total: slices.current + slices.superseded + slices.retracted, ...slices },
    supersedes: supersedes.map((s) => ({ uploadId: s.upload_id, slices: s.n })),
  };
}

/** What a dry run reports: the file's slices against the current versions. */
export function dryRunResult(
  args: { fileName?: string; sha256: string; principal: Principal; rulesVersion: string },
  result: PipelineResult,
  current: readonly { uploadId: string; key: string }[],
): ReferenceUploadDto {
  const slices: FileSlice[] = [...result.slices.values()];
  const byUpload = new Map<string, number>();
  for (const c of current) if (result.slices.has(c.key)) byUpload.set(c.uploadId, (byUpload.get(c.uploadId) ?? 0) + 1);
  const replaced = [...byUpload.values()].reduce((a, b) => a + b, 0);
  return {
    id: null,
    prefecture: result.prefecture ?? '',
    sha256: args.sha256,
    fileName: args.fileName ?? null,
    format: result.format,
    encoding: result.encoding,
    rows: result.rows,
    rulesVersion: args.rulesVersion,
    status: 'dry_run',
    createdAt: null,
    createdBy: { keyId: args.principal.keyId, name: args.principal.name },
    retractedAt: null,
    periods: sorted(slices.map((s) => s.period)),
    measures: sorted(slices.map((s) => s.measure)),
    municipalities: sorted(slices.map((s) => s.municipality)),
    slices: { total: slices.length, current: 0, superseded: 0, retracted: 0 },
    supersedes: sorted(byUpload.keys()).map((uploadId) => ({ uploadId, slices: byUpload.get(uploadId)! })),
    newSlices: slices.length - replaced,
    dryRun: true,
    identical: false,
  };
}
