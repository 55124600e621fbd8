import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from '../../db/client.js';
import { ForbiddenError, InvalidContentError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import type { RegionsService } from '../regions/regions.service.js';
import { dryRunResult, mapUpload } from './reference.dto.js';
import { refError } from './reference.messages.js';
import { notifyChanged, type ReferenceChangedHook } from './reference.notify.js';
import { runReferencePipeline, sliceKey } from './reference.pipeline.js';
import * as repo from './reference.repository.js';
import { loadReferenceRules, type ReferenceRules } from './reference.rules.js';
import type { ReferenceUploadDto } from './reference.schemas.js';
import { describeUpload, retractUpload, storeUpload } from './reference.store.js';
import type { StagedFile } from '../../shared/staging.js';
import { createImportsService, rejectOnErrors, versions, type ImportsService } from '../imports/index.js';
import { REFERENCE_SET } from './reference.tables.js';
import { NATIONAL_PREFECTURE } from './reference.validate.js';
import { measuresService } from '../measures/measures.service.js';
import { problemDetails } from '../../shared/messages.js';

export type { ReferenceChangedHook };

export interface ReferenceDeps {
  database: Database;
  regions: RegionsService;
  maxUploadBytes: number;
  /** The measures and rules a file is checked against; default: logic-models/ (read once). */
  loadRules?: () => Promise<ReferenceRules>;
  /** The shared versioned-imports mechanism; one of its own when not given. */
  imports?: ImportsService;
  /** Indicator recomputation; national (000000) changes are told to every prefecture in the master. */
  onChanged?: ReferenceChangedHook;
}

/** One reference file to ingest: already staged (routes) or a stream to stage (CLI). */
export interface ReferenceUploadRequest {
  staged?: StagedFile;
  stream?: NodeJS.ReadableStream;
  fileName?: string;
  dryRun?: boolean;
  principal: Principal;
}

/** Reference statistics: whole files validated, stored as versions of slices, mirrored into measures. */
export function createReferenceService(deps: ReferenceDeps) {
  const db = deps.database.db;
  const imports = deps.imports ?? createImportsService({ database: deps.database, maxUploadBytes: deps.maxUploadBytes });
  let rules: Promise<ReferenceRules> | undefined;
  const rulesOf = () => {
    rules ??= (deps.loadRules ?? loadReferenceRules)().catch((err) => {
      rules = undefined; // a fixed file is picked up on the next upload
      throw err;
    });
    return rules;
  };

  /** Bound keys see their prefecture's uploads and the national ones (public standard data). */
  async function getUpload(id: string, p: Principal) {
    const body = await describeUpload(db, id);
    if (p.prefectureCode !== null && ![p.prefectureCode, NATIONAL_PREFECTURE].includes(body.prefecture)) {
      // Another prefecture's upload is answered as if it did not exist.
      throw new NotFoundError(problemDetails.noUpload(id));
    }
    return body;
  }

  /**
   * A live upload of the same content that `p` may see. One it may not see is not mentioned:
   * the file is then checked like any other, so the answer never tells that it exists.
   */
  async function visibleIdentical(sha256: string, p: Principal): Promise<string | undefined> {
    const id = await versions.findIdentical(db, REFERENCE_SET, sha256);
    if (!id) return undefined;
    const u = await repo.findUpload(db, id);
    const visible = p.prefectureCode === null || [p.prefectureCode, NATIONAL_PREFECTURE].includes(u?.prefectureCode ?? '');
    return visible ? id : undefined;
  }

  /** Tells the indicator engine; a failure leaves the data stored and says so in the answer. */
  async function notify(scope: { prefecture_code: string; period: number }[], body: ReferenceUploadDto) {
    if (await notifyChanged(deps.onChanged, deps.regions, scope, (pref) => measuresService.periods(db, pref)))
      return body;
    return { ...body, warnings: [...(body.warnings ?? []), 'indicators_recompute_failed'] };
  }

  return {
    getUpload,
    stage: imports.stage,
    discard: imports.discard,

    /**
     * Accepts a reference file: every row valid or nothing stored (422 with row errors); the
     * same content again answers the existing upload (created: false); otherwise a new version
     * of each (measure, period, municipality) slice it holds, measures updated in the same
     * transaction, then the indicator engine told.
     */
    async upload(req: ReferenceUploadRequest): Promise<{ created: boolean; body: ReferenceUploadDto }> {
      const p = req.principal;
      if (!req.staged && !req.stream) throw new Error('upload: give staged or stream');
      const staged = req.staged ?? (await imports.stage(req.stream!));
      try {
        // Checked here too (not only by the route) because the CLI calls the service directly.
        if (p.role !== 'admin' && p.role !== 'analyst') {
          throw new ForbiddenError(problemDetails.referenceLoaders());
        }
        if (staged.bytes === 0) {
          throw new InvalidContentError(problemDetails.fileEmpty(), [refError(null, 'file', null, 'empty_file')]);
        }
        const identical = await visibleIdentical(staged.sha256, p);
        if (identical)
          return {
            created: false,
            body: { ...(await getUpload(identical, p)), identical: true, dryRun: Boolean(req.dryRun) },
          };

        const r = await rulesOf();
        const id = randomUUID();
        const result = await runReferencePipeline(staged.path, join(staged.dir, 'copy'), {
          rules: r,
          knownMunicipalities: await deps.regions.municipalityCodes(),
          boundPrefecture: p.prefectureCode,
          mayLoadNational: p.role === 'admin',
          uploadId: id,
        });
        if (result.totalErrors > 0) {
          rejectOnErrors({ ...result, errors: [...result.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) });
        }
        const periods = [...new Set([...result.slices.values()].map((s) => s.period))];
        if (req.dryRun) {
          const current = await repo.currentSlices(db, periods, [result.prefecture!, NATIONAL_PREFECTURE]);
          const keyed = current.map((c) => ({
            uploadId: c.uploadId,
            key: sliceKey(c.measure, c.period, c.municipalityCode),
          }));
          return {
            created: false,
            body: dryRunResult({ ...req, sha256: staged.sha256, rulesVersion: r.version }, result, keyed),
          };
        }
        const stored = await storeUpload(imports, {
          id,
          staged,
          fileName: req.fileName,
          principal: p,
          result,
          rulesVersion: r.version,
        });
        if (!stored.created) return stored;
        return { created: true, body: await notify(await repo.scopeOf(db, id), stored.body) };
      } finally {
        await imports.discard(staged);
      }
    },

    /** Lists uploads, newest first; bound keys see their prefecture's and the national ones. */
    async list(f: { period?: number; measure?: string; municipality?: string }, p: Principal) {
      const prefectures = p.prefectureCode === null ? undefined : [p.prefectureCode, NATIONAL_PREFECTURE];
      const rows = await repo.listUploads(db, { ...f, prefectures });
      const summaries = await repo.summaries(
        db,
        rows.map((u) => u.id),
      );
      return Promise.all(
        rows.map(async (u) =>
          mapUpload(
            u,
            summaries.filter((s) => s.upload_id === u.id),
            await repo.supersededBy(db, u.id),
          ),
        ),
      );
    },

    /** Retracts an upload: each slice it held current falls back to its previous version (or to none). */
    async retract(id: string, p: Principal): Promise<ReferenceUploadDto> {
      const before = await getUpload(id, p);
      const scope = await repo.scopeOf(db, id);
      if (p.prefectureCode !== null && scope.some((s) => s.prefecture_code !== p.prefectureCode)) {
        throw new ForbiddenError(problemDetails.referenceRetractUnbound());
      }
      if (before.status === 'retracted') return before;
      await retractUpload(imports, id, p.keyId);
      return notify(scope, await describeUpload(db, id));
    },
  };
}

/** The reference-statistics service. */
export type ReferenceService = ReturnType<typeof createReferenceService>;
