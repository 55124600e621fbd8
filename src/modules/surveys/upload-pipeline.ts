import { createReadStream } from 'node:fs';
import { copyValue } from '../../db/bulk.js';
import type { RowError } from '../../shared/errors.js';
import { MAX_REPORTED_ERRORS } from '../../shared/errors.js';
import type { Codebook } from './codebooks/index.js';
import { NEEDS_FLAGS, needsFlagsRule, type NeedsAnswers } from './needs/risk-rules.js';
import type { NeedsThresholds } from './needs/risk-thresholds.js';
import { readSurveyCells, SurveyFileError } from './parse/index.js';
import { needsMeasuresAccumulator, type MeasureValues } from './surveys.measures.js';
import { microColumns } from './surveys.tables.js';
import { compileRowValidator } from './validate/fast-row.js';
import { createDuplicateChecker, type SurveyRecord } from './validate/index.js';

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
  /** Needs survey: the measures of the rows written, per municipality (see needsMeasuresAccumulator). */
  measures?: MeasureValues;
}

/** A flag in the table: 1 positive, 0 negative, NULL undecidable. */
const FLAG_CODE = { positive: 1, negative: 0, undecidable: null } as const;

/** Where the pipeline writes COPY text lines (a COPY into the microdata table, or nowhere for a dry run). */
export interface RowSink {
  write(text: string): Promise<void>;
}

/** A sink that keeps nothing (dry runs). */
export const discardRows: RowSink = { write: async () => {} };

/**
 * Reads a survey file, validates every row and writes the valid rows as COPY text to `sink`
 * (upload_id, prefecture, municipality, wave, row_no, columns…, flags). One pass, streaming:
 * memory holds the duplicate-key set and at most the first 1,000 errors, never the file. Once
 * a row fails, nothing more is written (the file will be rejected: the caller rolls back) but
 * every row is still checked, so the user sees every problem at once.
 */
export async function runPipeline(rawFile: string, sink: RowSink, ctx: PipelineContext): Promise<PipelineResult> {
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
    reader = await readSurveyCells(createReadStream(rawFile, { highWaterMark: 256 * 1024 }), { codebook });
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

  const measures = codebook.kind === 'needs' ? needsMeasuresAccumulator() : null;
  const line = copyLineWriter(ctx, measures);
  const dup = createDuplicateChecker(codebook);
  const viaMunicipality = codebook.municipality.from === 'via';
  const validate = compileRowValidator(codebook, reader.header, {
    knownMunicipalities: ctx.knownMunicipalities,
    boundMunicipality: ctx.boundMunicipality,
  });
  const textColumns = codebook.columns.filter((c) => c.type === 'id' || c.type === 'text').map((c) => c.id);
  let batch = '';
  let batched = 0;

  const flush = async () => {
    if (!batch) return;
    const text = batch;
    batch = '';
    await sink.write(text);
    batched = 0;
  };

  try {
    for await (const r of reader.rows) {
      result.rows++;
      const checked = 'line' in r ? validate.line(r.line, r.row) : validate.cells(r.cells, r.row);
      const { record, values } = checked;
      const rowErrors: RowError[] = checked.errors.length ? [...checked.errors] : [];
      if (values) rowErrors.push(...nulErrors(r.row, values, textColumns, rowErrors));
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

      const n = result.slices.get(municipality);
      if (n === undefined) {
        result.slices.set(municipality, 1);
        result.prefectures.add(municipality.slice(0, 2));
      } else result.slices.set(municipality, n + 1);
      batch += line(municipality, r.row, record);
      if (++batched >= 1000) {
        await flush();
        ctx.onProgress?.(result.rows);
      }
    }
    await flush();
  } catch (err) {
    if (!(err instanceof SurveyFileError)) throw err;
    report([err.toRowError()]);
  }
  ctx.onProgress?.(result.rows);
  result.encoding = reader.encoding;
  if (result.rows === 0 && totalErrors === 0) report([rowErrorOf(reader.header.row, '', '', 'no_rows')]);
  if (result.prefectures.size > 1 && totalErrors === 0) {
    report([rowErrorOf(0, 'municipality_code', [...result.prefectures].join(','), 'several_prefectures')]);
  }
  return { ...result, totalErrors, measures: measures && totalErrors === 0 ? measures.values() : undefined };
}

/** Small non-negative integers as text, the common cell (codes, ages, counts). */
const SMALL = Array.from({ length: 1000 }, (_, i) => String(i));
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY text. */
function copyText(v: SurveyRecord[string]): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < 1000 ? SMALL[v] : String(v);
  return NEEDS_ESCAPE.test(v) ? copyValue(v) : v;
}

/** COPY text of one stored row: upload_id, prefecture, municipality, wave, row_no, columns, flags. */
function copyLineWriter(ctx: PipelineContext, measures: ReturnType<typeof needsMeasuresAccumulator> | null) {
  const columns = microColumns(ctx.codebook).filter((c) => !c.startsWith('flag_'));
  const flagsOf = ctx.codebook.kind === 'needs' ? needsFlagsRule(ctx.thresholds) : null;
  const lead = `${ctx.uploadId}\t`;
  const wave = `\t${ctx.wave}\t`;
  const codes: (0 | 1 | null)[] = new Array(NEEDS_FLAGS.length).fill(null);
  return (municipality: string, row: number, record: SurveyRecord): string => {
    let text = lead + municipality.slice(0, 2) + '\t' + municipality + wave + row;
    for (let i = 0; i < columns.length; i++) text += '\t' + copyText(record[columns[i]]);
    if (flagsOf) {
      const flags = flagsOf(record as NeedsAnswers);
      for (let i = 0; i < NEEDS_FLAGS.length; i++) {
        const code = FLAG_CODE[flags[NEEDS_FLAGS[i]]];
        codes[i] = code;
        text += code === null ? '\t\\N' : code === 1 ? '\t1' : '\t0';
      }
      measures?.add(municipality, record.weight as number | null, codes);
    }
    return text + '\n';
  };
}

/**
 * NUL (0x00) in an id or text cell: PostgreSQL text cannot hold it, so the cell is refused
 * with its row and column (other column types already fail their own check on it).
 */
function nulErrors(
  row: number,
  values: Readonly<Record<string, string>>,
  textColumns: readonly string[],
  already: readonly RowError[],
): RowError[] {
  const out: RowError[] = [];
  for (const id of textColumns) {
    const raw = values[id];
    if (raw !== undefined && raw.includes('\u0000') && !already.some((e) => e.column === id)) {
      out.push(rowErrorOf(row, id, raw, 'nul_character'));
    }
  }
  return out;
}

const EXTRA_MESSAGES = {
  unknown_establishment: () =>
    '事業所票（同じ年度）にない事業所IDです。市町村コードを記入するか、先に事業所票を登録してください',
  municipality_param_mismatch: (p: string) => `municipality パラメータ（${p}）と異なる市町村のデータです`,
  no_rows: () => 'データ行がありません',
  nul_character: () => 'NUL文字（0x00）を含むセルは登録できません。ファイルを保存し直してください',
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
