import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { copyValue } from '../../db/bulk.js';
import type { RowError } from '../../shared/errors.js';
import { MAX_REPORTED_ERRORS } from '../../shared/errors.js';
import type { Codebook } from './codebooks/index.js';
import { computeNeedsFlags, NEEDS_FLAGS, type NeedsAnswers } from './needs/risk-rules.js';
import type { NeedsThresholds } from './needs/risk-thresholds.js';
import { readSurveyRows, SurveyFileError } from './parse/index.js';
import { microColumns } from './surveys.tables.js';
import { createDuplicateChecker, validateRow, type SurveyRecord } from './validate/index.js';

export interface PipelineContext {
  codebook: Codebook;
  wave: number;
  uploadId: string;
  knownMunicipalities: ReadonlySet<string>;
  /** A municipality-role key's own municipality: every row must be it. */
  boundMunicipality?: string;
  /** The `municipality` parameter of the upload: every row must be it. */
  municipalityParam?: string;
  /** establishment_id → municipality_code, for staff rows without a municipality_code. */
  establishments?: ReadonlyMap<string, string>;
  thresholds: NeedsThresholds;
  /** Called every few thousand rows (CLI progress). */
  onProgress?: (rows: number) => void;
}

export interface PipelineResult {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  rows: number;
  /** Rows per municipality: the slices this file holds. */
  slices: Map<string, number>;
  prefectures: Set<string>;
  errors: RowError[];
  totalErrors: number;
}

const FLAG_CODE = { positive: 1, negative: 0, undecidable: null } as const;

/**
 * Reads a survey file, validates every row and writes the valid rows as COPY text to `outFile`
 * (upload_id, prefecture, municipality, wave, row_no, columns…). One pass, streaming: memory
 * holds the duplicate-key set and at most the first 1,000 errors, never the file. Once a row
 * fails, nothing more is written (the file will be rejected) but every row is still checked.
 */
export async function runPipeline(rawFile: string, outFile: string, ctx: PipelineContext): Promise<PipelineResult> {
  const { codebook } = ctx;
  const errors: RowError[] = [];
  let totalErrors = 0;
  const report = (es: readonly RowError[]) => {
    for (const e of es) {
      totalErrors++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
    }
  };
  const result: PipelineResult = {
    format: 'csv',
    encoding: null,
    rows: 0,
    slices: new Map(),
    prefectures: new Set(),
    errors,
    totalErrors: 0,
  };

  let reader;
  try {
    reader = await readSurveyRows(createReadStream(rawFile, { highWaterMark: 256 * 1024 }), { codebook });
  } catch (err) {
    if (err instanceof SurveyFileError) return { ...result, errors: [err.toRowError()], totalErrors: 1 };
    throw err;
  }
  result.format = reader.format;
  if (reader.header.errors.length) {
    await reader.close();
    report(reader.header.errors);
    return { ...result, totalErrors };
  }

  const out: WriteStream = createWriteStream(outFile, { highWaterMark: 1024 * 1024 });
  const columns = microColumns(codebook).filter((c) => !c.startsWith('flag_'));
  const dup = createDuplicateChecker(codebook);
  const viaMunicipality = codebook.municipality.from === 'via';
  const validationCtx = { knownMunicipalities: ctx.knownMunicipalities, boundMunicipality: ctx.boundMunicipality };
  let batch: string[] = [];

  const flush = async () => {
    if (!batch.length) return;
    if (!out.write(batch.join(''))) await once(out, 'drain');
    batch = [];
  };

  try {
    for await (const r of reader.rows) {
      result.rows++;
      if (r.errors.length) report(r.errors);
      const { record, errors: cellErrors } = validateRow(codebook, r.values, r.row, validationCtx);
      const rowErrors: RowError[] = cellErrors;
      const dupError = dup.check(record, r.row);
      if (dupError) rowErrors.push(dupError);
      let municipality = record.municipality_code as string | null;
      if (municipality === null && viaMunicipality) {
        const est = record.establishment_id as string | null;
        municipality = (est && ctx.establishments?.get(est)) || null;
        if (est && !municipality) {
          rowErrors.push(rowErrorOf(r.row, 'establishment_id', est, 'unknown_establishment'));
        }
      }
      if (municipality && ctx.municipalityParam && municipality !== ctx.municipalityParam && !rowErrors.length) {
        rowErrors.push(
          rowErrorOf(r.row, 'municipality_code', municipality, 'municipality_param_mismatch', ctx.municipalityParam),
        );
      }
      if (rowErrors.length) report(rowErrors);
      if (totalErrors > 0 || !municipality) continue;

      result.slices.set(municipality, (result.slices.get(municipality) ?? 0) + 1);
      result.prefectures.add(municipality.slice(0, 2));
      batch.push(copyLine(ctx, municipality, r.row, record, columns));
      if (batch.length >= 500) {
        await flush();
        ctx.onProgress?.(result.rows);
      }
    }
    await flush();
  } catch (err) {
    if (!(err instanceof SurveyFileError)) throw err;
    report([err.toRowError()]);
  } finally {
    out.end();
    await once(out, 'close');
  }
  ctx.onProgress?.(result.rows);
  result.encoding = reader.encoding;
  if (result.rows === 0 && totalErrors === 0) report([rowErrorOf(reader.header.row, '', '', 'no_rows')]);
  if (result.prefectures.size > 1 && totalErrors === 0) {
    report([rowErrorOf(0, 'municipality_code', [...result.prefectures].join(','), 'several_prefectures')]);
  }
  return { ...result, totalErrors };
}

function copyLine(
  ctx: PipelineContext,
  municipality: string,
  row: number,
  record: SurveyRecord,
  columns: string[],
): string {
  const values: (string | number | null)[] = [ctx.uploadId, municipality.slice(0, 2), municipality, ctx.wave, row];
  for (const c of columns) values.push(record[c] ?? null);
  if (ctx.codebook.kind === 'needs') {
    const flags = computeNeedsFlags(record as NeedsAnswers, ctx.thresholds);
    for (const f of NEEDS_FLAGS) values.push(FLAG_CODE[flags[f]]);
  }
  return `${values.map(copyValue).join('\t')}\n`;
}

const EXTRA_MESSAGES = {
  unknown_establishment: () =>
    '事業所票（同じ年度）にない事業所IDです。市町村コードを記入するか、先に事業所票を登録してください',
  municipality_param_mismatch: (p: string) => `municipality パラメータ（${p}）と異なる市町村のデータです`,
  no_rows: () => 'データ行がありません',
  several_prefectures: () => '1ファイルに複数の都道府県のデータがあります',
} as const;

function rowErrorOf(
  row: number,
  column: string,
  value: string,
  code: keyof typeof EXTRA_MESSAGES,
  param = '',
): RowError {
  return { row, column, value, code, message: EXTRA_MESSAGES[code](param) };
}
