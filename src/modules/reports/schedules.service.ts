import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { assertPrefecture } from '../../plugins/auth.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { latestPeriod, type ReportSources } from './report-sources.js';
import * as jobsRepo from './reports.repository.js';
import { readerColumns, readerOf, type ReportsService } from './reports.service.js';
import * as repo from './schedules.repository.js';
import type { ScheduleCreateDto, ScheduleDto, ScheduleRunDto, ScheduleUpdateDto } from './schedules.schemas.js';
import { problemDetails } from '../../shared/messages.js';

export interface SchedulesDeps {
  database: Database;
  reports: ReportsService;
  sources: ReportSources;
  /** The clock slots are judged by (tests move it). */
  now?: () => Date;
  /** A slot found later than this after its time ran late: a catch-up after downtime. */
  graceMs?: number;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/** True for a time zone this runtime knows (an IANA name such as Asia/Tokyo, or UTC). */
function knownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * croner over a 5-field pattern in a time zone; it only computes slots, it never runs a timer here.
 * croner takes any time zone name and fails only when it computes a slot: the name is checked here.
 */
export function cronOf(pattern: string, timezone: string): Cron {
  if (!knownTimezone(timezone))
    throw new BadRequestError(problemDetails.invalidTimezone(timezone), {
      errors: [
        {
          row: null,
          column: 'timezone',
          value: timezone,
          code: 'invalid_timezone',
          message: 'タイムゾーンが正しくありません（IANA の名前。例: Asia/Tokyo）',
        },
      ],
    });
  try {
    return new Cron(pattern, { timezone, mode: '5-part', paused: true });
  } catch (err) {
    throw new BadRequestError(problemDetails.invalidCron(err instanceof Error ? err.message : String(err)), {
      errors: [
        {
          row: null,
          column: 'cron',
          value: `${pattern} (${timezone})`,
          code: 'invalid_cron',
          message: 'cron（5項目）またはタイムゾーンが正しくありません',
        },
      ],
    });
  }
}

/** The next slot of a stored schedule; null when disabled, or when its cron no longer computes (the tick logs why). */
function nextRunOf(s: repo.ScheduleRow, now: Date): Date | null {
  if (!s.enabled) return null;
  try {
    return cronOf(s.cron, s.timezone).nextRun(now);
  } catch {
    return null;
  }
}

function mapSchedule(s: repo.ScheduleRow, now: Date): ScheduleDto {
  const next = nextRunOf(s, now);
  return {
    id: s.id,
    prefecture: s.prefectureCode,
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    kind: s.kind,
    model: s.modelId,
    period: s.period,
    municipality: s.municipalityCode,
    burst: s.burst,
    retention: s.retention,
    enabled: s.enabled,
    nextRun: next?.toISOString() ?? null,
    createdBy: s.createdByName,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function mapRun(r: repo.RunRow): ScheduleRunDto {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    slot: r.slot.toISOString(),
    period: r.period,
    status: r.status,
    catchUp: r.catchUp,
    jobs: r.jobs,
    files: r.files ?? [],
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
  };
}

/**
 * Report schedules. Slots come from croner; a slot fires when a replica's tick inserts its
 * (schedule, slot) run — the unique key makes that happen once across replicas. Only the latest
 * slot at or before now is considered, so after downtime a missed slot runs once (catch-up), not
 * once per missed slot. A run ends when its last job ends; then runs beyond the retention count
 * are deleted with their files.
 */
export function createSchedulesService(deps: SchedulesDeps) {
  const db = deps.database.db;
  const clock = deps.now ?? (() => new Date());
  const grace = deps.graceMs ?? 120_000;

  async function validate(
    s: { kind: string; model: string; municipality?: string | null; burst: boolean; cron: string; timezone: string },
    p: Principal,
  ) {
    if (p.role !== 'admin' && p.role !== 'analyst')
      throw new ForbiddenError(problemDetails.schedulesForAnalysts());
    cronOf(s.cron, s.timezone);
    if (s.burst && s.kind !== 'municipality')
      throw new BadRequestError(problemDetails.burstNeedsMunicipalityKind());
    if (s.kind === 'municipality' && !s.burst && !s.municipality)
      throw new BadRequestError(problemDetails.municipalityScheduleNeeds());
    const model = (await deps.sources.logicModels.list()).find((m) => m.id === s.model);
    if (!model) throw new NotFoundError(problemDetails.noLogicModel(s.model));
    if (s.municipality && !s.burst)
      await deps.reports.check({ kind: 'municipality', model: s.model, municipality: s.municipality }, p);
    else await deps.reports.check({ kind: 'prefecture', model: s.model }, p);
    return model.prefecture;
  }

  async function owned(id: string, p: Principal) {
    const s = await repo.findSchedule(db, id);
    if (!s) throw new NotFoundError(problemDetails.noReportSchedule(id));
    if (p.role !== 'admin' && p.role !== 'analyst')
      throw new ForbiddenError(problemDetails.schedulesForAnalysts());
    assertPrefecture(p, s.prefectureCode);
    return s;
  }

  /** Starts the run of one claimed slot: resolves the period and the municipalities, queues the jobs. */
  async function fire(s: repo.ScheduleRow, slot: Date, now: Date): Promise<string | undefined> {
    const reader = readerOf(s);
    let period: number | null = null;
    let municipalities: (string | null)[] = [];
    let error: string | null = null;
    try {
      period = s.period === 'latest' ? await latestPeriod(deps.sources, reader, s.prefectureCode) : Number(s.period);
      municipalities = s.burst
        ? (await deps.sources.regions.listMunicipalities(s.prefectureCode)).map((m) => m.code)
        : [s.kind === 'municipality' ? s.municipalityCode : null];
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const catchUp = now.getTime() - slot.getTime() > grace;
    const runId = await db.transaction(async (tx) => {
      const id = await repo.claimSlot(tx, s.id, slot, catchUp);
      if (!id) return undefined;
      const jobs =
        period === null
          ? []
          : await jobsRepo.insertJobs(
              tx,
              municipalities.map((m) => ({
                kind: s.kind,
                prefectureCode: s.prefectureCode,
                municipalityCode: m,
                modelId: s.modelId,
                period: period!,
                scheduleId: s.id,
                runId: id,
                readerRole: s.readerRole,
                readerPrefecture: s.readerPrefecture,
                readerMunicipality: s.readerMunicipality,
                createdBy: s.createdBy,
                createdByName: s.createdByName,
              })),
            );
      await repo.setRun(tx, id, { period, jobs: jobs.length, error });
      return id;
    });
    if (!runId) return undefined;
    deps.log?.info({ scheduleId: s.id, runId, slot: slot.toISOString(), catchUp, error }, 'report schedule fired');
    if (period === null || municipalities.length === 0) await finishRun(runId);
    else deps.reports.kick();
    return runId;
  }

  /** Ends a run once its last job has ended, then prunes the schedule's runs beyond its retention. */
  async function finishRun(runId: string) {
    const ended = await db.transaction(async (tx) => {
      const run = await repo.lockRun(tx, runId);
      if (!run || run.status !== 'running') return undefined;
      const jobs = await jobsRepo.jobsOfRuns(tx, [runId]);
      if (jobs.some((j) => j.status === 'queued' || j.status === 'running')) return undefined;
      const failed = jobs.filter((j) => j.status === 'failed');
      const starts = jobs.map((j) => j.startedAt?.getTime()).filter((t): t is number => t !== undefined);
      const ends = jobs.map((j) => j.finishedAt?.getTime()).filter((t): t is number => t !== undefined);
      const finishedAt = ends.length ? new Date(Math.max(...ends)) : new Date();
      return repo.setRun(tx, runId, {
        status: failed.length || run.error ? 'failed' : 'done',
        files: jobs
          .filter((j) => j.status === 'done')
          .map((j) => ({ jobId: j.id, fileName: j.fileName!, sha256: j.sha256!, bytes: j.bytes! })),
        error:
          run.error ??
          (failed.length
            ? failed.map((j) => `${j.municipalityCode ?? j.prefectureCode}: ${j.error}`).join('\n')
            : null),
        finishedAt,
        durationMs: starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : 0,
      });
    });
    if (ended) await prune(ended.scheduleId);
  }

  /** Deletes the runs beyond the schedule's retention count, with their jobs and files. */
  async function prune(scheduleId: string) {
    const s = await repo.findSchedule(db, scheduleId);
    if (!s) return;
    const old = await repo.runsBeyond(db, scheduleId, s.retention);
    if (!old.length) return;
    await deps.reports.remove(
      await jobsRepo.jobsOfRuns(
        db,
        old.map((r) => r.id),
      ),
    );
    await repo.deleteRuns(
      db,
      old.map((r) => r.id),
    );
    deps.log?.info({ scheduleId, pruned: old.length }, 'report runs pruned');
  }

  return {
    async create(input: ScheduleCreateDto, p: Principal): Promise<ScheduleDto> {
      const prefecture = await validate(input, p);
      const row = await repo.insertSchedule(db, {
        prefectureCode: prefecture,
        name: input.name ?? null,
        cron: input.cron,
        timezone: input.timezone,
        kind: input.kind,
        modelId: input.model,
        period: input.period,
        municipalityCode: input.burst ? null : (input.municipality ?? null),
        burst: input.burst,
        retention: input.retention,
        enabled: input.enabled,
        ...readerColumns(p),
      });
      return mapSchedule(row, clock());
    },
    async list(p: Principal) {
      if (p.role !== 'admin' && p.role !== 'analyst')
        throw new ForbiddenError(problemDetails.schedulesForAnalysts());
      return (await repo.listSchedules(db, p.prefectureCode)).map((s) => mapSchedule(s, clock()));
    },
    async get(id: string, p: Principal) {
      return mapSchedule(await owned(id, p), clock());
    },
    async update(id: string, input: ScheduleUpdateDto, p: Principal): Promise<ScheduleDto> {
      const s = await owned(id, p);
      const merged = {
        kind: input.kind ?? s.kind,
        model: input.model ?? s.modelId,
        municipality: input.municipality === undefined ? s.municipalityCode : input.municipality,
        burst: input.burst ?? s.burst,
        cron: input.cron ?? s.cron,
        timezone: input.timezone ?? s.timezone,
      };
      await validate(merged, p);
      const row = await repo.updateSchedule(db, id, {
        name: input.name === undefined ? s.name : input.name,
        cron: merged.cron,
        timezone: merged.timezone,
        kind: merged.kind,
        modelId: merged.model,
        period: input.period ?? s.period,
        municipalityCode: merged.burst ? null : merged.municipality,
        burst: merged.burst,
        retention: input.retention ?? s.retention,
        enabled: input.enabled ?? s.enabled,
      });
      await prune(id);
      return mapSchedule(row, clock());
    },
    async remove(id: string, p: Principal) {
      await owned(id, p);
      const runs = await repo.runsOf(db, id);
      await deps.reports.remove(
        await jobsRepo.jobsOfRuns(
          db,
          runs.map((r) => r.id),
        ),
      );
      await repo.deleteSchedule(db, id);
    },
    async runs(id: string, p: Principal): Promise<ScheduleRunDto[]> {
      await owned(id, p);
      return (await repo.runsOf(db, id)).map(mapRun);
    },

    /**
     * One scheduler tick: for each enabled schedule, its latest slot at or before now fires unless
     * a run for it exists (on any replica). Returns the run ids this replica started.
     */
    async tick(): Promise<string[]> {
      const now = clock();
      const started: string[] = [];
      // One schedule that cannot fire (a cron stored before its time zone was checked, a failed
      // run) is logged and skipped: the others still fire.
      for (const s of await repo.enabledSchedules(db)) {
        try {
          const [slot] = cronOf(s.cron, s.timezone).previousRuns(1, now);
          if (!slot || slot.getTime() < s.createdAt.getTime()) continue;
          const id = await fire(s, slot, now);
          if (id) started.push(id);
        } catch (err) {
          deps.log?.error({ err, scheduleId: s.id }, 'report schedule failed to fire');
        }
      }
      return started;
    },

    /** The reports service calls this when a job ends. */
    async onJobEnded(job: jobsRepo.JobRow) {
      if (job.runId) await finishRun(job.runId);
    },
  };
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
