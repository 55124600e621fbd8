import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { pgliteTemplateFile } from './db/pglite-template.js';
import { seedStandardPopulation } from './modules/reference/standard-population.js';
import { removeOrphanedStaging } from './shared/staging.js';
import { startChartWarmer } from './modules/reports/chart-warmer.js';
import { startScheduler } from './modules/reports/scheduler.js';

/** Process entry: config → database → migrate → seed → app → listen; closes with grace. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    template: pgliteTemplateFile(),
  });
  await runMigrations(database);
  const { app, services } = await buildApp(config, {
    database,
    reportsDir: config.reportsDir,
    reportLeaseSeconds: config.reportLeaseSeconds,
  });
  const orphans = await removeOrphanedStaging();
  if (orphans.length) app.log.info({ folders: orphans.length }, 'removed staging folders of interrupted uploads');
  const partials = await services.reports.removeStalePartials();
  if (partials) app.log.info({ files: partials }, 'removed half-written report files of interrupted jobs');
  // The shipped logic models become version 1 of their prefecture's model (once).
  await services.logicModelRegistry.ensureSeeded();
  if (config.seedMaster) {
    await services.regions.seed((msg, data) => app.log.info(data, msg));
    const std = await seedStandardPopulation(services.reference);
    if (std.created) app.log.info({ uploadId: std.uploadId }, 'national standard population seeded');
  }
  if (config.adminApiKey) {
    const { revoked } = await services.auth.ensureAdmin(config.adminApiKey);
    if (revoked > 0) app.log.warn({ revoked }, 'ADMIN_API_KEY changed: the admin key it replaced is revoked');
  }
  await database.warm();
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { database: `${database.kind}: ${database.describe}`, startupMs: Math.round(performance.now() - started) },
    'carelogic ready',
  );
  const scheduler = startScheduler({
    schedules: services.schedules,
    reports: services.reports,
    intervalMs: config.schedulerIntervalMs,
    log: app.log,
  });

  const warmer = config.chartWarmIntervalMs > 0 ? startChartWarmer(services.chartWarmer, config.chartWarmIntervalMs, app.log) : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await scheduler.stop();
    await warmer?.stop();
    await app.close();
    await database.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
