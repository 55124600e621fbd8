import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Db } from '../../db/client.js';
import type { BulkTx } from '../../db/bulk.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { BadRequestError, ForbiddenError, InvalidContentError, NotFoundError } from '../../shared/errors.js';
import type { StagedFile } from '../../shared/staging.js';
import { createImportsService, rejectOnErrors, versions, type ImportsService } from '../imports/index.js';
import { assertMunicipality } from '../../plugins/auth.js';
import type { Principal } from '../auth/auth.types.js';
import type { RegionsService } from '../regions/regions.service.js';
import { findCodebook, partsOf, type Codebook, type SurveyKind } from './codebooks/index.js';
import type { NeedsThresholds } from './needs/risk-thresholds.js';
import { discardRows, runPipeline, type PipelineContext, type PipelineResult } from './upload-pipeline.js';
import { MICRO_META_COLUMNS, microColumns, microTableName, SURVEY_SET } from './surveys.tables.js';
import { recomputeSliceMeasures } from './surveys.recompute.js';
import { collectGarbage } from '../../shared/gc.js';
import { measureSpecsOf } from './surveys.measures.js';
import { measuresService } from '../measures/measures.service.js';
import * as repo from './uploads.repository.js';
import { dryRunResult, mapUpload, supersededBy, type UploadResult } from './uploads.dto.js';
import { validateWave } from './validate/index.js';
import { problemDetails } from '../../shared/messages.js';

/** Rows from which an upload's parse garbage is collected before its recompute. */
const LARGE_UPLOAD_ROWS = 50_000;

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
  /** The shared versioned-imports mechanism; one of its own when not given. */
  imports?: ImportsService;
  /**
   * Told of a change (upload or retraction), so derived data (indicator values) follow: on
   * PostgreSQL inside the change's transaction (`tx`), on PGlite after its commit. A failure does
   * not undo the stored data: the answer carries a warning instead.
   */
  onChanged?: (prefecture: string, period: number, kind: SurveyKind, tx?: BulkTx) => Promise<unknown>;
}

/** Analysts (of the prefecture) and admins see every municipality's slices; others their own only. */
const seesOthers = (p: Principal) => p.role === 'admin' || p.role === 'analyst';

/** The slices of an upload a key may see. */
const visibleSlices = <S extends { municipalityCode: string }>(p: Principal, slices: S[]) =>
  seesOthers(p) ? slices : slices.filter((s) => s.municipalityCode === p.municipalityCode);

/** Whether `p` may see an upload of `prefecture` holding `slices` at all. */
function maySee(p: Principal, prefecture: string, slices: { municipalityCode: string }[]): boolean {
  if (p.prefectureCode !== null && p.prefectureCode !== prefecture) return false;
  if (p.role === 'municipality') return slices.some((s) => s.municipalityCode === p.municipalityCode);
  return true;
}

/** Survey uploads: validate whole files, store them as versions of slices, keep measures current. */
export function createUploadsService(deps: UploadDeps) {
  const db = deps.database.db;
  const imports = deps.imports ?? createImportsService({ database: deps.database, maxUploadBytes: deps.maxUploadBytes });
  /** The transaction that changes the versions of one (survey, part, wave). */
  const changeWave = <T>(kind: string, part: string, wave: number, fn: (tx: BulkTx) => Promise<T>) =>
    imports.change(SURVEY_SET, `${kind}:${part}:${wave}`, fn);

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

  // PGlite has one connection: a recompute inside the change's transaction would wait for its
  // own reads of the master and model (queued behind the transaction). There, it runs after.
  const recomputeInside = deps.database.kind === 'postgres';

  /**
   * Runs the onChanged hook (the indicators' recompute). Given the change's transaction, inside
   * it, so the new values commit with the new measures: a failure rolls back to a savepoint. A
   * failure becomes a warning on the answer (the values are then repaired by the next read).
   */
  async function notify(prefecture: string, period: number, kind: SurveyKind, tx?: BulkTx): Promise<string[] | undefined> {
    if (!deps.onChanged) return undefined;
    if (tx) await tx.db.execute(sql`SAVEPOINT indicators_recompute`);
    try {
      await deps.onChanged(prefecture, period, kind, tx);
      if (tx) await tx.db.execute(sql`RELEASE SAVEPOINT indicators_recompute`);
      return undefined;
    } catch {
      if (tx) await tx.db.execute(sql`ROLLBACK TO SAVEPOINT indicators_recompute`);
      return ['indicators_recompute_failed'];
    }
  }

  /**
   * A live upload of the same content that `p` may see. One it may not see is not mentioned:
   * the file is then checked like any other, so the answer never tells that it exists.
   */
  async function visibleIdentical(
    dbx: Db,
    kind: string,
    part: string,
    wave: number,
    sha256: string,
    p: Principal,
  ): Promise<string | undefined> {
    const id = await versions.findIdentical(dbx, SURVEY_SET, sha256, { kind, part, wave });
    if (!id) return undefined;
    const u = await repo.findUpload(dbx, id);
    const slices = await repo.slicesOf(dbx, [id]);
    return u && maySee(p, u.prefectureCode, slices) ? id : undefined;
  }

  async function getUpload(id: string, p?: Principal) {
    const u = await repo.findUpload(db, id);
    if (!u) throw new NotFoundError(problemDetails.noUpload(id));
    const slices = await repo.slicesOf(db, [id]);
    if (p) {
      // Another's upload is answered as if it did not exist: nobody learns what others have sent.
      if (!maySee(p, u.prefectureCode, slices)) throw new NotFoundError(problemDetails.noUpload(id));
      return mapUpload(u, visibleSlices(p, slices), { rowsOfSlices: !seesOthers(p) });
    }
    return mapUpload(u, slices);
  }

  return {
    getUpload,

    /** Saves a streamed file to a temporary folder while hashing it (413 past the limit). */
    stage: imports.stage,

    discard: imports.discard,

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
        const identical = await visibleIdentical(db, req.kind, codebook.part, wave.wave, sha256, p);
        if (identical) {
          const existing = await getUpload(identical, p);
          return { created: false, body: { ...existing, dryRun: Boolean(req.dryRun), identical: true }, timings };
        }

        const prefecture = p.prefectureCode ?? undefined;
        const known = await deps.regions.municipalityCodes(prefecture);
        const uploadId = randomUUID();
        const tParse = performance.now();
        const ctx: PipelineContext = {
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
        };

        if (req.dryRun) {
          const result = rejectOnErrors(await runPipeline(rawFile, discardRows, ctx));
          const municipalities = [...result.slices.keys()].sort();
          const current = await repo.currentSlices(db, req.kind, codebook.part, wave.wave, municipalities);
          return {
            created: false,
            body: dryRunResult(req, codebook, wave.wave, [...result.prefectures][0], sha256, result, current),
            timings,
          };
        }

        const out = await changeWave(req.kind, codebook.part, wave.wave, async (tx) => {
          const raced = await visibleIdentical(tx.db, req.kind, codebook.part, wave.wave, sha256, p);
          if (raced)
            return { created: false, body: { ...(await getUpload(raced)), dryRun: false, identical: true }, timings };

          // The rows stream into the table while the file is read: the COPY runs beside the
          // validation. A rejected file ends the COPY and the transaction rolls it back.
          const writer = tx.copyWriter(
            microTableName(codebook),
            [...MICRO_META_COLUMNS, ...microColumns(codebook)],
            join(dir, 'copy'),
          );
          let read: PipelineResult;
          try {
            read = await runPipeline(rawFile, writer, ctx);
          } finally {
            await writer.end();
          }
          const result = rejectOnErrors(read);
          timings.validateMs = Math.round(performance.now() - tParse);
          // A large file's parse leaves tens of MB of garbage (row strings, records) that V8 would
          // collect only later, while the recompute below needs memory: collected now, the upload's
          // peak RSS does not carry both (a 200,000-row file: some 30 MB lower, for a 20–40 ms pause).
          if (result.rows >= LARGE_UPLOAD_ROWS) collectGarbage();
          const municipalities = [...result.slices.keys()].sort();
          const prefectureCode = [...result.prefectures][0];

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
          await versions.makeCurrent(
            tx.db,
            SURVEY_SET,
            uploadId,
            municipalities.map((m) => ({
              key: [req.kind, codebook.part, wave.wave, m],
              prefecture: prefectureCode,
              rows: result.slices.get(m)!,
            })),
          );
          const tMeasures = performance.now();
          if (result.measures) {
            // Counted while the rows were written: the same definitions as the SQL aggregate.
            await measuresService.replaceValues(tx.db, {
              source: req.kind,
              period: wave.wave,
              names: measureSpecsOf(req.kind, codebook.part).map((m) => m.measure),
              values: result.measures,
            });
          } else await recomputeSliceMeasures(tx.db, req.kind, codebook.part, wave.wave, municipalities);
          timings.measuresMs = Math.round(performance.now() - tMeasures);
          await bumpDataVersion(tx.db, prefectureCode);
          const slices = await repo.slicesOf(tx.db, [uploadId]);
          const body = mapUpload(upload, slices);
          body.superseded = await supersededBy(tx.db, uploadId);
          const tIndicators = performance.now();
          const warnings = recomputeInside ? await notify(prefectureCode, wave.wave, req.kind, tx) : undefined;
          timings.indicatorsMs = Math.round(performance.now() - tIndicators);
          return { created: true, body: { ...body, dryRun: false, identical: false, warnings }, timings };
        });
        if (out.created && !recomputeInside) {
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
          visibleSlices(
            p,
            slices.filter((s) => s.uploadId === u.id),
          ),
          { rowsOfSlices: !seesOthers(p) },
        ),
      );
    },

    /** Retracts an upload: each slice it held current falls back to its previous version. */
    async retract(id: string, p: Principal) {
      const before = await getUpload(id, p);
      if (p.role === 'municipality') {
        const all = await repo.slicesOf(db, [id]);
        if (all.some((s) => s.municipalityCode !== p.municipalityCode)) {
          throw new ForbiddenError(problemDetails.retractOthersUpload());
        }
      }
      if (before.status === 'retracted') return before;
      const warnings = await changeWave(before.kind, before.part, before.wave, async (tx) => {
        const wasCurrent = await versions.markRetracted(tx.db, SURVEY_SET, id, p.keyId);
        await versions.restorePrevious(tx.db, SURVEY_SET, id);
        const municipalities = wasCurrent.map((s) => String(s.municipality_code));
        await recomputeSliceMeasures(tx.db, before.kind, before.part, before.wave, municipalities);
        await bumpDataVersion(tx.db, before.prefecture);
        return recomputeInside ? notify(before.prefecture, before.wave, before.kind as SurveyKind, tx) : undefined;
      });
      const after = await getUpload(id);
      after.warnings = recomputeInside ? warnings : await notify(before.prefecture, before.wave, before.kind as SurveyKind);
      return after;
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;

export type { UploadResult };
