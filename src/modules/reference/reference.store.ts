import { join } from 'node:path';
import type { Database, Db } from '../../db/client.js';
import { withBulkTransaction } from '../../db/bulk.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { measuresService } from '../measures/measures.service.js';
import { mapUpload } from './reference.dto.js';
import type { PipelineResult } from './reference.pipeline.js';
import * as repo from './reference.repository.js';
import type { ReferenceUploadDto } from './reference.schemas.js';
import type { StagedFile } from '../../shared/staging.js';
import { REFERENCE_ROW_COLUMNS } from './reference.tables.js';
import { problemDetails } from '../../shared/messages.js';

/** An upload as the API answers it, read on `db` (a transaction sees its own writes). */
export async function describeUpload(db: Db, id: string): Promise<ReferenceUploadDto> {
  const u = await repo.findUpload(db, id);
  if (!u) throw new NotFoundError(problemDetails.noUpload(id));
  return mapUpload(u, await repo.summaries(db, [id]), await repo.supersededBy(db, id));
}

/**
 * Mirrors into measures every slice upload `id` holds: their current rows, whichever upload
 * holds them now, or nothing when no version is left.
 */
const syncMeasures = (db: Db, id: string) =>
  measuresService.replaceSlices(db, {
    source: 'reference',
    slices: repo.touchedSlices(id),
    rows: repo.currentRowsOfTouched(id),
  });

/**
 * Stores a validated file in one transaction: the upload, its rows (COPY of the pipeline's
 * file), the supersession of the slices it replaces, its own slices as current, and the
 * measures. Under the reference lock, the same content stored meanwhile is answered instead.
 */
export async function storeUpload(
  database: Database,
  args: {
    id: string;
    staged: StagedFile;
    fileName?: string;
    principal: Principal;
    result: PipelineResult;
    rulesVersion: string;
  },
): Promise<{ created: boolean; body: ReferenceUploadDto }> {
  const { id, staged, result, principal: p } = args;
  return withBulkTransaction(database, async (tx) => {
    await repo.lockReference(tx.db);
    const raced = await repo.findIdentical(tx.db, staged.sha256);
    if (raced)
      return { created: false, body: { ...(await describeUpload(tx.db, raced)), identical: true, dryRun: false } };
    await repo.insertUpload(tx.db, {
      id,
      prefectureCode: result.prefecture!,
      sha256: staged.sha256,
      fileName: args.fileName ?? null,
      format: result.format,
      encoding: result.encoding,
      rows: result.rows,
      rulesVersion: args.rulesVersion,
      createdBy: p.keyId,
      createdByName: p.name,
    });
    await tx.copyFile('reference_rows', [...REFERENCE_ROW_COLUMNS], join(staged.dir, 'copy'));
    await repo.supersedeBy(tx.db, id);
    await repo.insertSlices(
      tx.db,
      [...result.slices.values()].map((s) => ({
        uploadId: id,
        prefectureCode: s.prefecture,
        measure: s.measure,
        period: s.period,
        municipalityCode: s.municipality,
        rows: s.rows,
        status: 'current' as const,
      })),
    );
    await syncMeasures(tx.db, id);
    return { created: true, body: { ...(await describeUpload(tx.db, id)), identical: false, dryRun: false } };
  });
}

/** Retracts upload `id` in one transaction: previous versions current again, measures with them. */
export async function retractUpload(database: Database, id: string, by: string): Promise<void> {
  await withBulkTransaction(database, async (tx) => {
    await repo.lockReference(tx.db);
    await repo.markRetracted(tx.db, id, by);
    await repo.restorePrevious(tx.db, id);
    await syncMeasures(tx.db, id);
  });
}
