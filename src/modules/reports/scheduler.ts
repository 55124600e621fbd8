import type { FastifyBaseLogger } from 'fastify';
import type { ReportsService } from './reports.service.js';
import type { SchedulesService } from './schedules.service.js';

/**
 * The in-process timer of one replica. It is not the source of truth: each tick asks the
 * schedules' rows which slots have no run yet (claiming them once across replicas) and works the
 * jobs table. The first tick at start picks up a slot missed while down and jobs left queued.
 */
export function startScheduler(deps: {
  schedules: SchedulesService;
  reports: ReportsService;
  intervalMs: number;
  log: Pick<FastifyBaseLogger, 'error'>;
}) {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await deps.schedules.tick();
    } catch (err) {
      deps.log.error({ err }, 'report scheduler tick failed');
    } finally {
      busy = false;
    }
    // Queued jobs are worked whatever became of the schedules' tick (a database error, say).
    void deps.reports.kick();
  };
  void tick();
  const timer = setInterval(() => void tick(), deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await deps.reports.idle();
    },
  };
}
