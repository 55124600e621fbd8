#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createServices } from './app.js';
import { loadConfig } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { roles } from './modules/auth/auth.types.js';
import { AppError } from './shared/errors.js';

/** Opens the configured database, migrated, for one command. */
async function withServices<T>(fn: (s: ReturnType<typeof createServices>, d: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  try {
    await runMigrations(database);
    return await fn(createServices({ database }), database);
  } finally {
    await database.close();
  }
}

const program = new Command()
  .name('carelogic')
  .description('carelogic command line: database, master data, API keys, ingestion')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply the database migrations')
  .action(() => withServices(async (_s, d) => console.log(`migrations applied (${d.kind}: ${d.describe})`)));

program
  .command('seed')
  .description('load the 47 prefectures and the bundled master (Okinawa)')
  .action(() => withServices((s) => s.regions.seed((msg, data) => console.log(msg, data))));

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
  .option('--prefecture <code>', 'prefecture an analyst or viewer key is bound to (omit for all)')
  .action((opts: { role: (typeof roles)[number]; name: string; municipality?: string; prefecture?: string }) =>
    withServices(async (s) => {
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
        console.log([k.id, k.role, k.prefectureCode ?? '*', k.municipalityCode ?? '-', k.keyPrefix, k.revokedAt ? 'revoked' : 'active', k.name].join('\t'));
    }),
  );
keys
  .command('revoke')
  .argument('<id>', 'key id')
  .description('revoke an API key')
  .action((id: string) => withServices(async (s) => void (await s.auth.revoke(id))));

program.parseAsync().catch((err) => {
  if (err instanceof AppError) {
    console.error(`${err.title}: ${err.message}`);
    const rows = (err.extra.errors as { row: number; column: string; value: string; message: string; code: string }[]) ?? [];
    for (const e of rows.slice(0, 50)) console.error(`  row ${e.row ?? '-'} column ${e.column ?? '-'} value ${JSON.stringify(e.value)}: ${e.message} (${e.code})`);
    if (rows.length > 50) console.error(`  … ${rows.length - 50} more`);
  } else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
