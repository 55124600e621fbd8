import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../db/client.js';
import { withBulkTransaction } from '../../db/bulk.js';
import { BadRequestError, ForbiddenError, InvalidContentError, NotFoundError } from '../../shared/errors.js';
import { discardStaged, stageStream, type StagedFile } from '../../shared/staging.js';
import { assertMunicipality, assertPrefecture } from '../../plugins/auth.js';
import type { Principal } from '../auth/auth.types.js';
import type { RegionsService } from '../regions/regions.service.js';
import { findCodebook, partsOf, type Codebook, type SurveyKind } from './codebooks/index.js';
import type { NeedsThresholds } from './needs/risk-thresholds.js';
import { runPipeline } from './upload-pipeline.js';
import { MICRO_META_COLUMNS, microColumns, microTableName } from './surveys.tables.js';
import { recomputeSliceMeasures } from './surveys.recompute.js';
import * as repo from './uploads.repository.js';
import { dryRunResult, mapUpload, supersededBy, type UploadResult } from './uploads.dto.js';
import { validateWave } from './validate/index.js';
import { problemDetails } from '../../shared/messages.js';

export interface UploadRequest {
  kind: SurveyKind;
  part?: string;
  wave: string | number;
  municipality?: string;
  dryRun?: boolean;
  fileName?: string;
  /** The file, already staged to disk by `stage` (the service removes it). */
  staged: StagedFile;
  principal: Principal;
  onProgress?: (rows: number) => void;
}

export type { StagedFile };

export interface UploadDeps {
  database: Database;
  regions: RegionsService;
  thresholds: NeedsThresholds;
  maxUploadBytes: number;
  /**
   * Told after a change has committed (upload or retraction), so derived data (indicator values)
   * follow. A failure does not undo the stored data: the answer carries a warning instead.
   */
  onChanged?: (prefecture: string, period: number, kind: SurveyKind) => Promise<unknown>;
}

/** Survey uploads: validate whole files, store them as versions of slices, keep measures current. */
export function createUploadsService(deps: UploadDeps) {
  const db = deps.database.db;

  /** Kind + part → codebook, or a 400 naming the parts. */
  function codebookOf(kind: SurveyKind, part?: string): Codebook {
    const cb = findCodebook(kind, part || undefined);
    if (!cb) {
      throw new BadRequestError(problemDetails.surveyPartNeeded(kind, partsOf(kind)), {
        errors: [
          {
            row: null,
            column: 'part',
            value: part ?? null,
            code: 'invalid_part',
            message: `part は ${partsOf(kind).join(' / ')} のいずれかです`,
          },
        ],
      });
    }
    return cb;
  }

  /** Who may upload what: municipality keys their own needs survey only. */
  function checkPermission(p: Principal, kind: SurveyKind, municipality?: string) {
    if (p.role === 'municipality' && kind !== 'needs') {
      throw new ForbiddenError(problemDetails.municipalityKeysNeedsOnly());
    }
    if (municipality) assertMunicipality(p, municipality);
  }

  /** Runs the onChanged hook; its failure becomes a warning on the answer. */
  async function notify(prefecture: string, period: number, kind: SurveyKind): Promise<string[] | undefined> {
    if (!deps.onChanged) return undefined;
    try {
      await deps.onChanged(prefecture, period, kind);
      return undefined;
    } catch {
      return ['indicators_recompute_failed'];
    }
  }

  async function getUpload(id: string, p?: Principal) {
    const u = await repo.findUpload(db, id);
    if (!u) throw new NotFoundError(problemDetails.noUpload(id));
    const slices = await repo.slicesOf(db, [id]);
    if (p) {
      assertPrefecture(p, u.prefectureCode);
      if (p.role === 'municipality' && !slices.every((s) => s.municipalityCode === p.municipalityCode)) {
        throw new ForbiddenError(problemDetails.uploadHoldsOthers());
      }
    }
    return mapUpload(u, slices);
  }

  return {
    getUpload,

    /** Saves a streamed file to a temporary folder while hashing it (413 past the limit). */
    stage: (stream: NodeJS.ReadableStream): Promise<StagedFile> => stageStream(stream, deps.maxUploadBytes),

    discard: discardStaged,

    /**
     * Accepts a survey file: all rows valid or nothing stored (422 with row errors); the same
     * content again answers the existing upload; otherwise a new version of each slice it holds.
     */
    async upload(
      req: UploadRequest,
    ): Promise<{ created: boolean; body: UploadResult; timings: Record<string, number> }> {
      const p = req.principal;
      const timings: Record<string, number> = {};
      const dir = req.staged.dir;
      try {
        const codebook = codebookOf(req.kind, req.part);
        const wave = validateWave(req.wave);
        if (!wave.ok) {
          throw new InvalidContentError(problemDetails.waveNotFiscalYear(), [
            { row: null, column: 'wave', value: String(req.wave ?? ''), code: wave.code, message: wave.message },
          ]);
        }
        checkPermission(p, req.kind, req.municipality);
        const { sha256, bytes, path: rawFile } = req.staged;
        if (bytes === 0) {
          throw new InvalidContentError(problemDetails.fileEmpty(), [
            { row: null, column: 'file', value: null, code: 'empty_file', message: 'ファイルが空です' },
          ]);
        }
        const identical = await repo.findIdentical(db, req.kind, codebook.part, wave.wave, sha256);
        if (identical) {
          const existing = await getUpload(identical, p);
          return { created: false, body: { ...existing, dryRun: Boolean(req.dryRun), identical: true }, timings };
        }

        const prefecture = p.prefectureCode ?? undefined;
        const known = await deps.regions.municipalityCodes(prefecture);
        const uploadId = randomUUID();
        const copyFile = join(dir, 'copy');
        const tParse = performance.now();
        const result = await runPipeline(rawFile, copyFile, {
          codebook,
          wave: wave.wave,
          uploadId,
          knownMunicipalities: known,
          boundMunicipality: p.role === 'municipality' ? (p.municipalityCode ?? undefined) : undefined,
          municipalityParam: req.municipality,
          establishments:
            codebook.municipality.from === 'via'
              ? await repo.establishmentMunicipalities(db, wave.wave, prefecture)
              : undefined,
          thresholds: deps.thresholds,
          onProgress: req.onProgress,
        });
        if (result.totalErrors > 0) {
          throw new InvalidContentError(
            problemDetails.fileRejected(result.totalErrors),
            result.errors,
            result.totalErrors,
          );
        }
        const municipalities = [...result.slices.keys()].sort();
        const prefectureCode = [...result.prefectures][0];

        if (req.dryRun) {
          const current = await repo.currentSlices(db, req.kind, codebook.part, wave.wave, municipalities);
          return {
            created: false,
            body: dryRunResult(req, codebook, wave.wave, prefectureCode, sha256, result, current),
            timings,
          };
        }

        const out = await withBulkTransaction(deps.database, async (tx) => {
          await repo.lockWave(tx.db, req.kind, codebook.part, wave.wave);
          const raced = await repo.findIdentical(tx.db, req.kind, codebook.part, wave.wave, sha256);
          if (raced)
            return { created: false, body: { ...(await getUpload(raced)), dryRun: false, identical: true }, timings };

          const upload = await repo.insertUpload(tx.db, {
            id: uploadId,
            prefectureCode,
            kind: req.kind,
            part: codebook.part,
            wave: wave.wave,
            sha256,
            fileName: req.fileName ?? null,
            format: result.format,
            encoding: result.encoding,
            rows: result.rows,
            createdBy: p.keyId,
            createdByName: p.name,
          });
          if (req.kind === 'needs') await repo.insertRuleVersion(tx.db, uploadId, deps.thresholds);
          timings.validateMs = Math.round(performance.now() - tParse);
          const tCopy = performance.now();
          await tx.copyFile(microTableName(codebook), [...MICRO_META_COLUMNS, ...microColumns(codebook)], copyFile);
          timings.copyMs = Math.round(performance.now() - tCopy);
          await repo.supersede(tx.db, req.kind, codebook.part, wave.wave, municipalities, uploadId);
          await repo.insertSlices(
            tx.db,
            municipalities.map((m) => ({
              uploadId,
              prefectureCode,
              kind: req.kind,
              part: codebook.part,
              wave: wave.wave,
              municipalityCode: m,
              rows: result.slices.get(m)!,
              status: 'current' as const,
            })),
          );
          const tMeasures = performance.now();
          await recomputeSliceMeasures(tx.db, req.kind, codebook.part, wave.wave, municipalities);
          timings.measuresMs = Math.round(performance.now() - tMeasures);
          const slices = await repo.slicesOf(tx.db, [uploadId]);
          const body = mapUpload(upload, slices);
          body.superseded = await supersededBy(tx.db, uploadId);
          return { created: true, body: { ...body, dryRun: false, identical: false }, timings };
        });
        if (out.created) {
          const tIndicators = performance.now();
          out.body.warnings = await notify(out.body.prefecture, out.body.wave, req.kind);
          timings.indicatorsMs = Math.round(performance.now() - tIndicators);
        }
        return out;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async list(kind: SurveyKind, f: { part?: string; wave?: number; municipality?: string }, p: Principal) {
      if (f.municipality) assertMunicipality(p, f.municipality);
      const municipality = p.role === 'municipality' ? (p.municipalityCode ?? undefined) : f.municipality;
      const rows = await repo.listUploads(db, { kind, ...f, municipality, prefecture: p.prefectureCode });
      const slices = await repo.slicesOf(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((u) =>
        mapUpload(
          u,
          slices.filter((s) => s.uploadId === u.id),
        ),
      );
    },

    /** Retracts an upload: each slice it held current falls back to its previous version. */
    async retract(id: string, p: Principal) {
      const before = await getUpload(id, p);
      if (before.status === 'retracted') return before;
      await withBulkTransaction(deps.database, async (tx) => {
        await repo.lockWave(tx.db, before.kind, before.part, before.wave);
        const retracted = await repo.markRetracted(tx.db, id, p.keyId);
        const wasCurrent = retracted.filter(
          (s) => s.changedAt && before.slices.find((b) => b.municipality === s.municipalityCode)?.status === 'current',
        );
        const municipalities = wasCurrent.map((s) => s.municipalityCode);
        await repo.restorePrevious(tx.db, before.kind, before.part, before.wave, municipalities);
        await recomputeSliceMeasures(tx.db, before.kind, before.part, before.wave, municipalities);
      });
      const after = await getUpload(id);
      after.warnings = await notify(before.prefecture, before.wave, before.kind as SurveyKind);
      return after;
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;

export type { UploadResult };
