/**
 * `npm run fixtures` — writes the synthetic fixtures to fixtures/generated/ (gitignored):
 * <kind>.csv for every survey part and the reference statistics, malformed/<name>.csv with
 * malformed/expected.json, and with --big N a streamed N-row needs-big.csv for benchmarks.
 *
 *   tsx scripts/fixtures.ts [--seed 1] [--wave 2025] [--scale 1] [--encoding utf8|utf8bom|cp932] [--big 200000]
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  bigNeedsCsv,
  type CsvEncoding,
  FIXTURE_KINDS,
  generateAll,
  malformedFixtures,
  repoRoot,
  toCsv,
} from '../src/fixtures/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    wave: { type: 'string', default: '2025' },
    scale: { type: 'string', default: '1' },
    encoding: { type: 'string', default: 'utf8' },
    big: { type: 'string' },
    out: { type: 'string' },
  },
});

const seed = Number(values.seed);
const wave = Number(values.wave);
const scale = Number(values.scale);
const encoding = values.encoding as CsvEncoding;
if (![seed, wave, scale].every(Number.isFinite) || !['utf8', 'utf8bom', 'cp932'].includes(encoding)) {
  console.error('usage: tsx scripts/fixtures.ts [--seed N] [--wave YYYY] [--scale X] [--encoding utf8|utf8bom|cp932] [--big N]');
  process.exit(2);
}

const root = repoRoot();
const outDir = values.out ?? join(root, 'fixtures', 'generated');
const show = (path: string) => relative(process.cwd(), path) || path;
const size = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

await mkdir(join(outDir, 'malformed'), { recursive: true });

// No standard population in reference.csv: the service ships one, and only an admin may replace it,
// so an analyst key loads this file as it is.
const tables = generateAll({ seed, wave, scale, national: false });
for (const kind of FIXTURE_KINDS) {
  const file = join(outDir, `${kind}.csv`);
  const bytes = toCsv(tables[kind], { encoding });
  await writeFile(file, bytes);
  console.log(`wrote ${show(file)}  ${tables[kind].rows.length.toLocaleString('en')} rows  ${size(bytes.length)}`);
}

const malformed = malformedFixtures(seed);
for (const m of malformed) {
  const file = join(outDir, 'malformed', `${m.name}.csv`);
  await writeFile(file, toCsv(m.table, { encoding }));
  const e = m.expected;
  console.log(`wrote ${show(file)}  ${m.table.rows.length} rows  expect ${e.code} at row ${e.row}, ${e.column}`);
}
const manifest = join(outDir, 'malformed', 'expected.json');
const expected = malformed.map((m) => ({ file: `${m.name}.csv`, kind: m.kind, ...m.expected }));
await writeFile(manifest, `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${show(manifest)}`);

if (values.big !== undefined) {
  const rows = Number(values.big);
  const file = join(outDir, 'needs-big.csv');
  await pipeline(bigNeedsCsv(rows, seed, { wave, encoding }), createWriteStream(file));
  console.log(`wrote ${show(file)}  ${rows.toLocaleString('en')} rows (streamed)`);
}
