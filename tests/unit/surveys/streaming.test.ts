import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { readSurveyRows } from '../../../src/modules/surveys/parse/read-survey-rows.js';
import { createDuplicateChecker } from '../../../src/modules/surveys/validate/duplicates.js';
import { validateRow } from '../../../src/modules/surveys/validate/validate-row.js';

const ROWS = 200_000;
const PER_CHUNK = 1_000;

/** A Shift_JIS needs-survey CSV generated chunk by chunk: the file never exists as a whole. */
async function* generatedCsv(): AsyncGenerator<Buffer> {
  yield iconv.encode('回答者ID,市町村コード,日常生活圏域,性別,年齢,問2(1),問2(4),問3(1) 身長(cm),問3(1) 体重(kg),問7(2)\r\n', 'cp932');
  for (let start = 0; start < ROWS; start += PER_CHUNK) {
    let text = '';
    for (let i = start; i < start + PER_CHUNK; i++) {
      text += `R${i},${i % 2 ? '472018' : '472051'},髙ｶﾅ①圏域${i % 7},${1 + (i % 2)},${65 + (i % 50)},${1 + (i % 3)},${1 + (i % 3)},${140 + (i % 40)}.5,${40 + (i % 30)},${i % 11}\r\n`;
    }
    yield iconv.encode(text, 'cp932');
  }
}

describe('readSurveyRows streaming', () => {
  it(`reads and validates ${ROWS.toLocaleString()} generated rows`, async () => {
    const needs = getCodebook('needs');
    const reader = await readSurveyRows(generatedCsv(), { codebook: needs });
    expect(reader.header.errors).toEqual([]);
    const dup = createDuplicateChecker(needs);
    const ctx = { knownMunicipalities: new Set(['472018', '472051']) };
    let count = 0;
    let errors = 0;
    let last = 0;
    for await (const r of reader.rows) {
      const v = validateRow(needs, r.values, r.row, ctx);
      errors += v.errors.length + (dup.check(v.record, r.row) ? 1 : 0);
      count += 1;
      last = r.row;
    }
    expect(count).toBe(ROWS);
    expect(last).toBe(ROWS + 1);
    expect(errors).toBe(0);
    expect(reader.encoding).toBe('cp932');
  });
});
