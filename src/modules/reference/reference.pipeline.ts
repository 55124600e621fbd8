import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { copyValue } from '../../db/bulk.js';
import { MAX_REPORTED_ERRORS, type RowError } from '../../shared/errors.js';
import { readSurveyRows, SurveyFileError } from '../surveys/parse/index.js';
import { createFileChecks } from './reference.file-checks.js';
import { referenceCodebook } from './reference.layout.js';
import { refError } from './reference.messages.js';
import { NATIONAL_PREFECTURE, validateReferenceRow, type RowContext } from './reference.validate.js';

/** One (measure, period, municipality) slice a file holds. */
export interface FileSlice {
  measure: string;
  period: number;
  municipality: string;
  prefecture: string;
  rows: number;
}

/** What reading a reference file found. */
export interface PipelineResult {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  rows: number;
  /** Keyed measure|period|municipality. */
  slices: Map<string, FileSlice>;
  /** Prefecture of the municipal rows; NATIONAL_PREFECTURE when the file holds national rows only. */
  prefecture: string | null;
  errors: RowError[];
  totalErrors: number;
}

/** Key of a slice in maps and sets. */
export const sliceKey = (measure: string, period: number, municipality: string) =>
  `${measure}|${period}|${municipality}`;

/**
 * Reads a staged reference file, checks every row and the whole file, and writes the valid
 * rows as COPY text (reference_rows columns) to `outFile`. Streaming: memory holds the check
 * state and the slice list, not the rows. After the first error nothing more is written (the
 * file will be rejected) but every row is still checked, so the user sees all problems at once.
 */
export async function runReferencePipeline(
  rawFile: string,
  outFile: string,
  ctx: RowContext & { uploadId: string },
): Promise<PipelineResult> {
  const errors: RowError[] = [];
  let totalErrors = 0;
  const report = (es: readonly RowError[]) => {
    for (const e of es) if (totalErrors++ < MAX_REPORTED_ERRORS) errors.push(e);
  };
  const result = (): PipelineResult => ({ format, encoding, rows, slices, prefecture, errors, totalErrors });
  let format: 'csv' | 'xlsx' = 'csv';
  let encoding: string | null = null;
  let rows = 0;
  const slices = new Map<string, FileSlice>();
  let prefecture: string | null = null;

  let reader;
  try {
    reader = await readSurveyRows(createReadStream(rawFile, { highWaterMark: 256 * 1024 }), {
      codebook: referenceCodebook,
    });
  } catch (err) {
    if (!(err instanceof SurveyFileError)) throw err;
    report([err.toRowError()]);
    return result();
  }
  format = reader.format;
  if (reader.header.errors.length) {
    await reader.close();
    report(reader.header.errors);
    return result();
  }

  const checks = createFileChecks(ctx.rules);
  const out = createWriteStream(outFile, { highWaterMark: 1024 * 1024 });
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length && !out.write(batch.join(''))) await once(out, 'drain');
    batch = [];
  };
  try {
    for await (const r of reader.rows) {
      rows++;
      report(r.errors);
      const { record, errors: rowErrors } = validateReferenceRow(r.values, r.row, ctx);
      report(rowErrors);
      if (!record) {
        checks.taint(r.values);
        continue;
      }
      const dup = checks.add(record, r.row, r.values.value ?? '');
      if (dup) report([dup]);
      if (record.prefecture !== NATIONAL_PREFECTURE) {
        if (prefecture === null || prefecture === NATIONAL_PREFECTURE) prefecture = record.prefecture;
        else if (prefecture !== record.prefecture) {
          report([refError(r.row, 'municipality_code', record.municipality, 'several_prefectures')]);
        }
      } else prefecture ??= NATIONAL_PREFECTURE;
      if (totalErrors > 0) continue;

      const key = sliceKey(record.measure, record.period, record.municipality);
      const slice = slices.get(key);
      if (slice) slice.rows++;
      else
        slices.set(key, {
          measure: record.measure,
          period: record.period,
          municipality: record.municipality,
          prefecture: record.prefecture,
          rows: 1,
        });
      const values = [
        ctx.uploadId,
        record.prefecture,
        record.municipality,
        record.period,
        record.measure,
        record.sex,
        record.ageBand,
        record.value,
        r.row,
      ];
      batch.push(`${values.map(copyValue).join('\t')}\n`);
      if (batch.length >= 2000) await flush();
    }
    await flush();
  } catch (err) {
    if (!(err instanceof SurveyFileError)) throw err;
    report([err.toRowError()]);
  } finally {
    out.end();
    await once(out, 'close');
  }
  encoding = reader.encoding;
  report(checks.finish());
  if (rows === 0 && totalErrors === 0) report([refError(reader.header.row, null, null, 'no_rows')]);
  return result();
}
