import { describe, expect, it } from 'vitest';
import { validateLogicModels } from '../../../src/modules/logic-models/logic-models.loader.js';
import { folder, indicatorsOf, measuresOf, messageOf, problemsOf } from './small-model.js';

const run = (change: Parameters<typeof folder>[0]) => () => validateLogicModels(folder(change));

describe('catalogue errors name the file and the indicator', () => {
  it('unknown measure in numerator, disclosure_counts and weights', () => {
    const fn = run({
      catalogue: (d) => {
        const ind = indicatorsOf(d)[1];
        ind.numerator = ['ref.a', { measure: 'ref.missing', sign: -1 }];
        ind.disclosure_counts = { numerator: ['ref.a'], denominator: ['ref.gone'] };
      },
    });
    expect(problemsOf(fn)).toEqual([
      expect.objectContaining({ file: 'indicators.yaml', subject: 'indicator', id: 'ind_field', code: 'unknown_measure' }),
      expect.objectContaining({ id: 'ind_field', code: 'unknown_measure' }),
    ]);
    expect(messageOf(fn)).toMatch(/indicators\.yaml: indicator "ind_field": numerator .*ref\.missing/);
  });

  it('duplicate indicator id', () => {
    const fn = run({ catalogue: (d) => indicatorsOf(d).push({ ...indicatorsOf(d)[0] }) });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ file: 'indicators.yaml', id: 'ind_final', code: 'duplicate_id' })]);
  });

  it('an active indicator needs numerator and denominator; a planned one need not', () => {
    const fn = run({ catalogue: (d) => delete indicatorsOf(d)[2].denominator });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ id: 'ind_mid', code: 'missing_formula' })]);
    const plannedWithFormula = run({
      catalogue: (d) => Object.assign(indicatorsOf(d)[4], { kind: 'proportion', numerator: ['ref.a'], denominator: ['ref.b'] }),
    });
    expect(() => plannedWithFormula()).not.toThrow();
    const plannedBadMeasure = run({ catalogue: (d) => (indicatorsOf(d)[4].numerator = ['ref.nope']) });
    expect(problemsOf(plannedBadMeasure)).toEqual([expect.objectContaining({ id: 'ind_planned', code: 'unknown_measure' })]);
  });

  it('a count carries no denominator', () => {
    const fn = run({ catalogue: (d) => (indicatorsOf(d)[3].denominator = ['ref.b']) });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ id: 'ind_count', code: 'count_with_denominator' })]);
  });

  it('missing fields, bad enums, ci that does not fit the kind, unit that does not fit the factor', () => {
    const fn = run({
      catalogue: (d) => {
        const inds = indicatorsOf(d);
        delete inds[0].direction;
        inds[1].unit = 'percentage';
        inds[2].ci = 'byar';
        inds[3].factor = 100;
      },
    });
    expect(problemsOf(fn).map((p) => [p.id, p.code])).toEqual([
      ['ind_field', 'bad_enum'],
      ['ind_final', 'missing_field'],
      ['ind_mid', 'ci_kind_mismatch'],
      ['ind_count', 'unit_mismatch'],
    ]);
  });

  it('dsr needs a standard, strata and stratified measures; wilson_weighted needs weights', () => {
    const fn = run({
      catalogue: (d) => {
        const inds = indicatorsOf(d);
        Object.assign(inds[0], { kind: 'dsr', ci: 'dsr_dobson', numerator: ['ref.a'], denominator: ['ref.pop'] });
        inds[1].ci = 'wilson_weighted';
      },
    });
    expect(problemsOf(fn).map((p) => [p.id, p.code])).toEqual([
      ['ind_final', 'dsr_incomplete'],
      ['ind_final', 'not_stratified'],
      ['ind_field', 'weights_missing'],
    ]);
    const ok = run({
      catalogue: (d) =>
        Object.assign(indicatorsOf(d)[0], {
          kind: 'dsr',
          ci: 'dsr_dobson',
          numerator: ['ref.pop'],
          denominator: ['ref.pop'],
          standard: 'std.pop',
          strata: ['sex', 'age_band'],
        }),
    });
    expect(() => ok()).not.toThrow();
  });
});

describe('measure and file errors', () => {
  it('duplicate measure id and a prefix that does not match the source', () => {
    const fn = run({
      measures: (d) => {
        measuresOf(d).push({ id: 'ref.a', label_ja: '重複', source: 'reference', unit: 'persons' });
        measuresOf(d).push({ id: 'needs.x.positive', label_ja: 'X', source: 'homecare', unit: 'persons' });
      },
    });
    expect(problemsOf(fn)).toEqual([
      expect.objectContaining({ file: 'measures.yaml', subject: 'measure', id: 'ref.a', code: 'duplicate_id' }),
      expect.objectContaining({ id: 'needs.x.positive', code: 'source_prefix_mismatch' }),
    ]);
  });

  it('YAML syntax errors, duplicate YAML keys and missing files', () => {
    const input = folder();
    input.models[0].text = 'id: a\nid: b\n';
    input.catalogue.text = 'indicators: [\n';
    input.measures.text = null;
    const problems = problemsOf(() => validateLogicModels(input));
    expect(problems.map((p) => [p.file, p.code])).toEqual([
      ['measures.yaml', 'file_missing'],
      ['indicators.yaml', 'yaml_syntax'],
      ['small.yaml', 'yaml_syntax'],
    ]);
  });

  it('two model files with the same id', () => {
    const input = folder();
    input.models.push({ file: 'copy.yaml', text: input.models[0].text });
    expect(problemsOf(() => validateLogicModels(input))).toEqual([
      expect.objectContaining({ file: 'copy.yaml', subject: 'model', id: 'small', code: 'duplicate_id' }),
    ]);
  });

  it('an invalid model header', () => {
    const fn = run({
      model: (d) => {
        d.prefecture_code = 47; // unquoted in YAML: a number, not a code
        d.owner = '県';
      },
    });
    expect(problemsOf(fn)).toEqual([
      expect.objectContaining({ file: 'small.yaml', code: 'invalid_field' }),
      expect.objectContaining({ file: 'small.yaml', code: 'unknown_key' }),
    ]);
  });
});
