import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import type { FastifyBaseLogger } from 'fastify';
import { collectGarbage } from '../../shared/gc.js';
import type { Database } from '../../db/client.js';
import { assertMunicipality, assertPrefecture } from '../../plugins/auth.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { collectMunicipality, collectPrefecture, type Progress } from './report-collect.js';
import { writeHashed } from './report-file.js';
import { latestPeriod, type ReportSources } from './report-sources.js';
import * as repo from './reports.repository.js';
import type { ReportCreateDto, ReportJobDto } from './reports.schemas.js';
import { municipalityTitle, writeMunicipalityWorkbook } from './xlsx/municipality-workbook.js';
import { prefectureTitle, writePrefectureWorkbook } from './xlsx/prefecture-workbook.js';
import { problemDetails } from '../../shared/messages.js';

export interface ReportsDeps {
  database: Database;
  sources: ReportSources;
  /** Where workbooks are stored (REPORTS_DIR). */
  reportsDir: string;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Called after a job ends (done or failed): schedules finish their runs here. */
  onJobEnded?: (job: repo.JobRow) => Promise<void>;
  /** Seconds a running job is held without progress before it is taken over (default 120). */
  leaseSeconds?: number;
}

/** Job row → API shape. */
export function mapJob(j: repo.JobRow): ReportJobDto {
  return {
    id: j.id,
    kind: j.kind,
    prefecture: j.prefectureCode,
    municipality: j.municipalityCode,
    model: j.modelId,
    period: j.period,
    status: j.status,
    progress: j.progress,
    error: j.error,
    fileName: j.fileName,
    sha256: j.sha256,
    bytes: j.bytes,
    scheduleId: j.scheduleId,
    runId: j.runId,
    createdBy: j.createdByName,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    fileUrl: j.status === 'done' ? `/v1/reports/${j.id}/file` : null,
  };
}

/** The reader a job publishes for, as stored with it. */
export const readerOf = (j: {
  createdBy: string | null;
  createdByName: string | null;
  readerRole: string;
  readerPrefecture: string | null;
  readerMunicipality: string | null;
}): Principal => ({
  keyId: j.createdBy ?? '00000000-0000-0000-0000-000000000000',
  name: j.createdByName ?? 'schedule',
  role: j.readerRole as Principal['role'],
  prefectureCode: j.readerPrefecture,
  municipalityCode: j.readerMunicipality,
});

/** The reader columns of a job or schedule row for a principal. */
export const readerColumns = (p: Principal) => ({
  readerRole: p.role,
  readerPrefecture: p.prefectureCode,
  readerMunicipality: p.municipalityCode,
  createdBy: p.keyId,
  createdByName: p.name,
});

/**
 * Heap in use (garbage included) past which a finished workbook's garbage is collected at once.
 * A workbook leaves tens of MB of garbage (its cells, rows and zip buffers); V8 collected it only
 * after raising its heap limit, so in a burst the heap and RSS grew with every workbook (a
 * national burst of 1,741: 347 → 991 MB) although what stayed alive was some 90 MB. A full
 * collection costs ~0.1 s with that much alive, and runs only once the garbage has piled up: every
 * few workbooks of a burst (the national burst took 723 s instead of 766).
 */
export const REPORT_GC_BYTES = 160 * 2 ** 20;

/** Collects the garbage a workbook left when the heap in use is past {@link REPORT_GC_BYTES}; true when it did. */
export function collectAfterWorkbook(used = v8.getHeapStatistics().used_heap_size, collect = collectGarbage): boolean {
  return used > REPORT_GC_BYTES && collect();
}

/**
 * Report jobs: asked for over the API or by a schedule, run by any replica (claimed from the
 * jobs table), each writing one workbook under REPORTS_DIR with its SHA-256.
 */
export function createReportsService(deps: ReportsDeps) {
  const db = deps.database.db;
  const dir = resolve(deps.reportsDir);
  let working: Promise<number> | null = null;
  const lease = deps.leaseSeconds ?? repo.LEASE_SECONDS;

  /** 403/400 unless `p` may have this report made; returns the job's prefecture. */
  async function check(
    input: { kind: string; model: string; municipality?: string | null },
    p: Principal,
    prefecture?: string,
  ) {
    if (p.role === 'viewer') throw new ForbiddenError(problemDetails.viewerNoWorkbooks());
    const model = (await deps.sources.logicModels.list()).find((m) => m.id === input.model);
    if (!model) throw new NotFoundError(problemDetails.noLogicModel(input.model));
    if (input.kind === 'municipality') {
      if (!input.municipality) throw new BadRequestError(problemDetails.municipalityReportNeeds());
      assertMunicipality(p, input.municipality);
      if (input.municipality.slice(0, 2) !== model.prefecture)
        throw new BadRequestError(problemDetails.logicModelOtherPrefecture(model.id, input.municipality.slice(0, 2)));
    } else {
      if (p.role === 'municipality')
        throw new ForbiddenError(problemDetails.prefectureWorkbookForAnalysts());
      assertPrefecture(p, prefecture ?? model.prefecture);
    }
    return model.prefecture;
  }

  /** Collects the published rows for `reader` and writes the workbook to `path`. */
  async function produce(
    w: { kind: string; prefecture: string; municipality: string | null; model: string; period: number },
    reader: Principal,
    path: string,
    progress: Progress,
  ) {
    const now = new Date();
    try {
      if (w.kind === 'prefecture') {
        const data = await collectPrefecture(
          deps.sources,
          reader,
          { prefecture: w.prefecture, model: w.model, period: w.period, now },
          progress,
        );
        const file = await writeHashed(path, (out) => writePrefectureWorkbook(data, out));
        return { ...file, filePath: path, fileName: fileNameOf(prefectureTitle(data)) };
      }
      const data = await collectMunicipality(
        deps.sources,
        reader,
        { municipality: w.municipality!, model: w.model, period: w.period, now },
        progress,
      );
      const file = await writeHashed(path, (out) => writeMunicipalityWorkbook(data, out));
      return { ...file, filePath: path, fileName: fileNameOf(municipalityTitle(data)) };
    } finally {
      collectAfterWorkbook();
    }
  }

  const execute = (job: repo.JobRow) =>
    produce(
      {
        kind: job.kind,
        prefecture: job.prefectureCode,
        municipality: job.municipalityCode,
        model: job.modelId,
        period: job.period,
      },
      readerOf(job),
      join(dir, job.prefectureCode, `${job.id}.xlsx`),
      (pct) => repo.setProgress(db, job.id, Math.min(99, pct), lease),
    );

  async function runOne(job: repo.JobRow) {
    const started = performance.now();
    let ended: repo.JobRow;
    try {
      ended = await repo.finishJob(db, job.id, await execute(job));
      deps.log?.info(
        { jobId: job.id, kind: job.kind, ms: Math.round(performance.now() - started), bytes: ended.bytes },
        'report done',
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ended = await repo.failJob(db, job.id, message);
      deps.log?.warn({ jobId: job.id, err }, 'report failed');
    }
    await deps.onJobEnded?.(ended);
  }

  const service = {
    /** Queues a report for `p`; answers at once (202). */
    async create(input: ReportCreateDto, p: Principal): Promise<ReportJobDto> {
      const prefecture = await check(input, p);
      const period = input.period === 'latest' ? await latestPeriod(deps.sources, p, prefecture) : input.period;
      const [job] = await repo.insertJobs(db, [
        {
          kind: input.kind,
          prefectureCode: prefecture,
          municipalityCode: input.kind === 'municipality' ? input.municipality! : null,
          modelId: input.model,
          period,
          ...readerColumns(p),
        },
      ]);
      service.kick();
      return mapJob(job);
    },

    /** Makes a workbook at once, without a job (the CLI): checked and published for `p` as a job would be. */
    async renderTo(input: ReportCreateDto, p: Principal, path: string, progress: Progress) {
      const prefecture = await check(input, p);
      const period = input.period === 'latest' ? await latestPeriod(deps.sources, p, prefecture) : input.period;
      const w = { kind: input.kind, prefecture, municipality: input.municipality ?? null, model: input.model, period };
      return produce(w, p, resolve(path), progress);
    },

    /** Queues jobs prepared by a schedule run (already checked when the schedule was saved). */
    async enqueue(jobs: repo.NewJob[]) {
      const rows = await repo.insertJobs(db, jobs);
      service.kick();
      return rows;
    },

    check,

    async get(id: string, p: Principal): Promise<repo.JobRow> {
      const job = await repo.findJob(db, id);
      if (!job) throw new NotFoundError(problemDetails.noReport(id));
      if (job.kind === 'municipality') assertMunicipality(p, job.municipalityCode!);
      else {
        if (p.role === 'municipality') throw new ForbiddenError(problemDetails.prefectureWorkbookForAnalysts());
        assertPrefecture(p, job.prefectureCode);
      }
      return job;
    },

    async list(f: { status?: string; prefecture?: string; limit: number }, p: Principal) {
      if (f.prefecture) assertPrefecture(p, f.prefecture);
      const rows = await repo.listJobs(db, {
        prefecture: f.prefecture ?? p.prefectureCode,
        municipality: p.role === 'municipality' ? (p.municipalityCode ?? '') : undefined,
        status: f.status,
        limit: f.limit,
      });
      return rows.map(mapJob);
    },

    /** The stored workbook of a finished job. */
    async file(id: string, p: Principal) {
      const job = await service.get(id, p);
      if (job.status !== 'done' || !job.filePath)
        throw new ConflictError(problemDetails.reportNotReady(id, job.status, job.error ?? null), {
          jobStatus: job.status,
        });
      return { path: job.filePath, fileName: job.fileName!, sha256: job.sha256!, bytes: job.bytes! };
    },

    /** Claims and runs queued jobs until none is left; returns how many ran. */
    async work(): Promise<number> {
      let n = 0;
      await repo.failAbandoned(db);
      for (let job = await repo.claimNext(db, lease); job; job = await repo.claimNext(db, lease)) {
        await runOne(job);
        n++;
      }
      return n;
    },

    /** Starts working in the background unless already working; resolves when the queue is empty. */
    kick(): Promise<number> {
      if (!working) {
        working = service.work().finally(() => {
          working = null;
        });
        working.catch((err) => deps.log?.error({ err }, 'report worker failed'));
      }
      return working;
    },

    /**
     * Removes the half-written files (`*.part`) of runners that died (kill -9, power loss): only
     * those untouched for twice the lease, so a replica's file being written is never taken.
     * Their jobs are taken over when the lease runs out. Returns how many were removed.
     */
    async removeStalePartials(now = Date.now()): Promise<number> {
      let removed = 0;
      const walk = async (d: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(d, { withFileTypes: true });
        } catch {
          return; // no reports directory yet
        }
        for (const e of entries) {
          const p = join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.name.endsWith('.part') && now - (await stat(p)).mtimeMs > 2 * lease * 1000) {
            await rm(p, { force: true });
            removed++;
          }
        }
      };
      await walk(dir);
      return removed;
    },

    /** Waits for the background worker (tests, shutdown). */
    async idle() {
      while (working) await working.catch(() => undefined);
    },

    /** Deletes jobs and their files (retention). */
    async remove(jobs: repo.JobRow[]) {
      for (const j of jobs) if (j.filePath) await rm(j.filePath, { force: true });
      await repo.deleteJobs(
        db,
        jobs.map((j) => j.id),
      );
    },
  };
  return service;
}

/** A file name from a title: spaces to underscores, characters file systems refuse removed. */
export const fileNameOf = (title: string) =>
  `${title
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
    .replace(/年度$/, '')
    .replace(/\s+/g, '_')
    .replace(/地域包括ケアシステム/, '地域包括ケア')}.xlsx`;

export type ReportsService = ReturnType<typeof createReportsService>;
