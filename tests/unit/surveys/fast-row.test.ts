import { describe, expect, it } from 'vitest';
import { getCodebook } from '../../../src/modules/surveys/codebooks/index.js';
import { mapHeader, rowValues } from '../../../src/modules/surveys/parse/header.js';
import { compileRowValidator } from '../../../src/modules/surveys/validate/fast-row.js';
import { validateRow } from '../../../src/modules/surveys/validate/validate-row.js';

const needs = getCodebook('needs');
const offices = getCodebook('homecare', 'offices');
const ctx = { knownMunicipalities: new Set(['472018', '472051', '131016']) };

/** The slow, reference path: rowValues + validateRow. */
function reference(codebook: typeof needs, header: ReturnType<typeof mapHeader>, cells: string[], row: number) {
  const { values, errors: outside } = rowValues(header, cells, row);
  const { record, errors } = validateRow(codebook, values, row, ctx);
  return { record, errors: [...outside, ...errors] };
}

// Cells that are plain, and cells that need normalising or are wrong in some way.
const VARIANTS: Record<string, string[]> = {
  respondent_id: ['R1', ' R2 ', 'ｶﾅ', 'x'.repeat(101), '', 'a\tb', 'a\\b', '第1\u0000'],
  municipality_code: ['472018', '４７２０１８', ' 472051', '472019', '47201', '131016', ''],
  sex: ['1', '2', '3', '１', ' 2', '1.0', '+1', '', 'x'],
  age: ['65', '120', '64', '121', '70.5', '０７０', '', '1e2', '1,000'],
  weight: ['', '1', '1.25', '0', '.5', '2.', '1e-1', 'x', '１'],
  motor_stairs: ['', '1', '3', '4', '03', '10'],
  height_cm: ['', '162', '162.5', '49', '250', '250.1', '1,62'],
  happiness: ['', '0', '10', '11', '-1', '8'],
};

describe('the compiled row check gives exactly what the full check gives', () => {
  it('for every variant of every column, as cells and as a plain line, on top of a valid row', () => {
    const cols = Object.keys(VARIANTS);
    const base = cols.map((c) => VARIANTS[c][c === 'respondent_id' || c === 'municipality_code' ? 0 : 1]);
    const header = mapHeader(needs, cols);
    const v = compileRowValidator(needs, header, ctx);
    let n = 0;
    cols.forEach((c, i) => {
      for (const variant of VARIANTS[c]) {
        const cells = [...base];
        cells[i] = variant;
        const expected = reference(needs, header, cells, 7);
        const fromCells = v.cells(cells, 7);
        expect({ record: { ...fromCells.record }, errors: fromCells.errors }).toEqual(expected);
        if (!cells.some((x) => x.includes(',') || x.includes('"'))) {
          const fromLine = v.line(cells.join(','), 7);
          expect({ record: { ...fromLine.record }, errors: fromLine.errors }).toEqual(expected);
        }
        n++;
      }
    });
    expect(n).toBeGreaterThan(50);
  });

  it('short and long rows, cells under no header, and the cross-field sums', () => {
    const header = mapHeader(needs, ['respondent_id', 'municipality_code', '', 'sex', 'age']);
    const v = compileRowValidator(needs, header, ctx);
    for (const cells of [
      ['R1', '472018', '', '1', '70'],
      ['R1', '472018', 'x', '1', '70'],
      ['R1', '472018'],
      ['R1', '472018', '', '1', '70', '', 'extra'],
      ['R1', '472018', '', '1', '70', ''],
    ]) {
      expect({ ...v.cells(cells, 3), record: { ...v.cells(cells, 3).record } }).toMatchObject(reference(needs, header, cells, 3));
      expect({ ...v.line(cells.join(','), 3), record: { ...v.line(cells.join(','), 3).record } }).toMatchObject(
        reference(needs, header, cells, 3),
      );
    }
    const oh = ['office_id', 'municipality_code', 'clients_total', 'moved_total', 'moved_to_family_home', 'moved_to_residential', 'moved_to_facility', 'moved_to_other'];
    const oheader = mapHeader(offices, oh);
    const ov = compileRowValidator(offices, oheader, ctx);
    for (const cells of [
      ['A', '472018', '10', '4', '1', '1', '1', '1'],
      ['A', '472018', '10', '5', '1', '1', '1', '1'],
      ['A', '472018', '10', '5', '1', '', '1', '1'],
    ]) {
      const expected = reference(offices, oheader, cells, 2);
      const got = ov.line(cells.join(','), 2);
      expect({ record: { ...got.record }, errors: got.errors }).toEqual(expected);
    }
  });
});
