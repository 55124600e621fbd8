#!/usr/bin/env node
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { createServices } from './app.js';
import { loadConfig } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { roles, type Principal } from './modules/auth/auth.types.js';
import { surveyKinds, type SurveyKind } from './modules/surveys/codebooks/index.js';
import { AppError } from './shared/errors.js';
import { pgliteTemplateFile } from './db/pglite-template.js';
import { seedStandardPopulation } from './modules/reference/standard-population.js';

/** Opens the configured database, migrated, for one command. */
async function withServices<T>(fn: (s: ReturnType<typeof createServices>, d: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    template: pgliteTemplateFile(),
  });
  try {
    await runMigrations(database);
    return await fn(createServices({ database }), database);
  } finally {
    await database.close();
  }
}

const program = new Command()
  .name('carelogic')
  .description('carelogic command line: database, master data, API keys, ingestion, reports')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply the database migrations')
  .action(() => withServices(async (_s, d) => console.log(`migrations applied (${d.kind}: ${d.describe})`)));

program
  .command('pglite-template')
  .description('prepare the PGlite template new data directories start from (run by npm install)')
  .action(async () => {
    const t0 = performance.now();
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      await runMigrations(database);
      await createServices({ database }).regions.seed();
      const dump = await database.pglite!.dumpDataDir('gzip');
      const file = pgliteTemplateFile();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      console.error(`PGlite template ready (${Math.round(performance.now() - t0)} ms): ${file}`);
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('load the 47 prefectures and the bundled master (Okinawa)')
  .action(() =>
    withServices(async (s) => {
      await s.regions.seed((msg, data) => console.log(msg, data));
      const std = await seedStandardPopulation(s.reference);
      console.log(std.created ? 'national standard population seeded' : 'national standard population already loaded', std);
    }),
  );

const regions = program.command('regions').description('municipality master data');
regions
  .command('import')
  .description("load a prefecture's municipality master CSV (all or nothing; idempotent)")
  .argument('<file>', 'CSV file: code,name,medical_area,welfare_area,insurer,insurer_confirmed[,prefecture]')
  .option('--prefecture <code>', 'prefecture code when the file has no prefecture column')
  .action((file: string, opts: { prefecture?: string }) =>
    withServices(async (s) => {
      const { created, result } = await s.regions.importMaster(readFileSync(file), opts.prefecture, 'cli');
      console.log(JSON.stringify({ created, ...result }, null, 2));
    }),
  );

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('create an API key and print it once')
  .addOption(new Option('--role <role>', 'role').choices([...roles]).makeOptionMandatory())
  .option('--name <name>', 'who uses the key', 'cli')
  .option('--municipality <code>', 'municipality a municipality key is bound to')
  .option('--prefecture <code>', 'prefecture an analyst or viewer key is bound to')
  .option('--all-prefectures', 'bind an analyst or viewer key to every prefecture')
  .action(
    (opts: {
      role: (typeof roles)[number];
      name: string;
      municipality?: string;
      prefecture?: string;
      allPrefectures?: boolean;
    }) =>
      withServices(async (s) => {
        if ((opts.role === 'analyst' || opts.role === 'viewer') && !opts.prefecture && !opts.allPrefectures) {
          throw new Error('An analyst or viewer key needs --prefecture <code> or --all-prefectures.');
        }
        const { key, row } = await s.auth.create({
          role: opts.role,
          name: opts.name,
          municipalityCode: opts.municipality,
          prefectureCode: opts.prefecture ?? null,
        });
        console.error(`created ${row.role} key ${row.id} (shown once; store it now):`);
        console.log(key);
      }),
  );
keys
  .command('list')
  .description('list API keys without secrets')
  .action(() =>
    withServices(async (s) => {
      for (const k of await s.auth.list())
        console.log(
          [
            k.id,
            k.role,
            k.prefectureCode ?? '*',
            k.municipalityCode ?? '-',
            k.keyPrefix,
            k.revokedAt ? 'revoked' : 'active',
            k.name,
          ].join('\t'),
        );
    }),
  );
keys
  .command('revoke')
  .argument('<id>', 'key id')
  .description('revoke an API key')
  .action((id: string) => withServices(async (s) => void (await s.auth.revoke(id))));

/** The CLI acts as a local administrator; uploads record it as 'cli'. */
const CLI_PRINCIPAL: Principal = {
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'cli',
  role: 'admin',
  prefectureCode: null,
  municipalityCode: null,
};

program
  .command('ingest')
  .description('upload a survey file or a reference-statistics file (all or nothing), as the API does')
  .argument('<file>', 'CSV (UTF-8 or Shift_JIS) or XLSX')
  .addOption(new Option('--survey <kind>', 'survey').choices([...surveyKinds]).conflicts('reference'))
  .option('--reference', 'the file is reference statistics (measure,municipality_code,period,value[,sex,age_band])')
  .option('--wave <year>', 'fiscal year of the survey, e.g. 2025 (surveys)')
  .option('--part <part>', 'part of a two-part survey (homecare offices|clients, workforce establishments|staff)')
  .option('--municipality <code>', 'every row must belong to this municipality (surveys)')
  .option('--dry-run', 'validate and report what would change; store nothing')
  .action(
    (
      file: string,
      opts: {
        survey?: SurveyKind;
        reference?: boolean;
        wave?: string;
        part?: string;
        municipality?: string;
        dryRun?: boolean;
      },
    ) =>
      withServices(async (s) => {
        if (opts.reference) {
          const { created, body } = await s.reference.upload({
            stream: createReadStream(file),
            fileName: basename(file),
            dryRun: Boolean(opts.dryRun),
            principal: CLI_PRINCIPAL,
          });
          console.error(
            opts.dryRun ? 'dry run, nothing stored' : created ? 'stored' : 'already current (identical content)',
          );
          console.log(JSON.stringify(body, null, 2));
          return;
        }
        if (!opts.survey || !opts.wave) throw new Error('Give --survey and --wave, or --reference.');
        const tty = process.stderr.isTTY;
        const bar = tty
          ? new cliProgress.SingleBar(
              {
                format: ' {bar} {value} rows | {duration_formatted}',
                barsize: 20,
                hideCursor: true,
                stream: process.stderr,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
        bar?.start(0, 0);
        const staged = await s.uploads.stage(createReadStream(file));
        try {
          const { created, body } = await s.uploads.upload({
            kind: opts.survey,
            part: opts.part,
            wave: opts.wave,
            municipality: opts.municipality,
            dryRun: Boolean(opts.dryRun),
            fileName: basename(file),
            staged,
            principal: CLI_PRINCIPAL,
            onProgress: (rows) => {
              bar?.setTotal(rows);
              bar?.update(rows);
            },
          });
          bar?.stop();
          const what = body.dryRun
            ? 'dry run, nothing stored'
            : created
              ? 'stored'
              : 'already current (identical content)';
          console.error(`${what}: ${body.rows} rows, ${body.slices.length} municipalities`);
          console.log(JSON.stringify(body, null, 2));
        } finally {
          bar?.stop();
        }
      }),
  );

program
  .command('report')
  .description('write an Excel workbook (the prefecture’s or one municipality’s) to a file, as the API does')
  .addOption(new Option('--kind <kind>', 'workbook').choices(['prefecture', 'municipality']).makeOptionMandatory())
  .requiredOption('--model <id>', 'logic model, e.g. okinawa-2026')
  .option('--period <year|latest>', 'fiscal / statistics year, or latest', 'latest')
  .option('--municipality <code>', 'municipality (kind municipality)')
  .requiredOption('-o, --output <file>', 'where to write the .xlsx')
  .action((opts: { kind: 'prefecture' | 'municipality'; model: string; period: string; municipality?: string; output: string }) =>
    withServices(async (s) => {
      const period = opts.period === 'latest' ? ('latest' as const) : Number(opts.period);
      if (period !== 'latest' && !Number.isInteger(period)) throw new Error('--period is a year or latest.');
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { format: ' {bar} {percentage}% | {duration_formatted}', barsize: 30, hideCursor: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : null;
      bar?.start(100, 0);
      try {
        const file = await s.reports.renderTo(
          { kind: opts.kind, model: opts.model, period, municipality: opts.municipality },
          CLI_PRINCIPAL,
          opts.output,
          (pct) => bar?.update(pct),
        );
        bar?.update(100);
        bar?.stop();
        console.error(`written: ${file.filePath} (${file.bytes} bytes, sha256 ${file.sha256}) — ${file.fileName}`);
      } finally {
        bar?.stop();
      }
    }),
  );

program
  .command('audit-disclosure')
  .description("run the disclosure auditor (the attacker's linear programs) over a prefecture's published values for one period")
  .requiredOption('--prefecture <code>', 'prefecture code, e.g. 47')
  .requiredOption('--period <year>', 'survey wave or statistics year', (v) => Number.parseInt(v, 10))
  .option('--absolute <counts>', 'protection interval: counts either side', (v) => Number(v), 2)
  .option('--relative <share>', 'protection interval: share of the value either side', (v) => Number(v), 0.5)
  .action((opts: { prefecture: string; period: number; absolute: number; relative: number }) =>
    withServices(async (s) => {
      const report = await s.disclosure.audit({
        prefecture: opts.prefecture,
        period: opts.period,
        options: { absolute: opts.absolute, relative: opts.relative },
      });
      for (const r of report.risks) {
        const need = r.required ? ` (protection needs ${r.required.lower}..${r.required.upper})` : '';
        console.log(
          `RISK ${r.kind} ${r.role} ${r.indicator} ${r.unit} ${r.form}: value ${r.value}, attacker's range ${r.min}..${r.max}${need}`,
        );
      }
      console.log(
        `${report.risks.length} risk(s); ${report.checked} hidden numbers checked by role, ${report.solves} linear programs, ${Math.round(report.ms)} ms`,
      );
      if (report.risks.length) process.exitCode = 2;
    }),
  );

program.parseAsync().catch((err) => {
  if (err instanceof AppError) {
    console.error(`${err.title}: ${err.message}`);
    const rows =
      (err.extra.errors as { row: number; column: string; value: string; message: string; code: string }[]) ?? [];
    for (const e of rows.slice(0, 50))
      console.error(
        `  row ${e.row ?? '-'} column ${e.column ?? '-'} value ${JSON.stringify(e.value)}: ${e.message} (${e.code})`,
      );
    if (rows.length > 50) console.error(`  … ${rows.length - 50} more`);
  } else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
