import { join } from 'node:path';
import type { Db } from '../../db/client.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { versions, type ImportsService } from '../imports/index.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { measuresService } from '../measures/measures.service.js';
import { mapUpload } from './reference.dto.js';
import type { PipelineResult } from './reference.pipeline.js';
import * as repo from './reference.repository.js';
import type { ReferenceUploadDto } from './reference.schemas.js';
import type { StagedFile } from '../../shared/staging.js';
import { REFERENCE_ROW_COLUMNS, REFERENCE_SET } from './reference.tables.js';
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
 * file), its slices made current (superseding the versions they replace), and the measures.
 * Under the reference lock, the same content stored meanwhile is answered instead.
 */
export async function storeUpload(
  imports: ImportsService,
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
  return imports.change(REFERENCE_SET, LOCK_SCOPE, async (tx) => {
    const raced = await versions.findIdentical(tx.db, REFERENCE_SET, staged.sha256);
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
    await versions.makeCurrent(
      tx.db,
      REFERENCE_SET,
      id,
      [...result.slices.values()].map((s) => ({
        key: [s.measure, s.period, s.municipality],
        prefecture: s.prefecture,
        rows: s.rows,
      })),
    );
    await syncMeasures(tx.db, id);
    await bumpDataVersion(tx.db, result.prefecture!);
    return { created: true, body: { ...(await describeUpload(tx.db, id)), identical: false, dryRun: false } };
  });
}

/**
 * One lock for all reference writers: national slices are shared by every prefecture, and
 * reference files are rare and small.
 */
const LOCK_SCOPE = 'all';

/** Retracts upload `id` in one transaction: previous versions current again, measures with them. */
export async function retractUpload(imports: ImportsService, id: string, by: string): Promise<void> {
  await imports.change(REFERENCE_SET, LOCK_SCOPE, async (tx) => {
    await versions.markRetracted(tx.db, REFERENCE_SET, id, by);
    await versions.restorePrevious(tx.db, REFERENCE_SET, id);
    await syncMeasures(tx.db, id);
    await bumpDataVersion(tx.db, (await describeUpload(tx.db, id)).prefecture);
  });
}
