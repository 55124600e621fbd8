import { describe, expect, it } from 'vitest';
import { validateLogicModels } from '../../../src/modules/logic-models/logic-models.loader.js';
import { folder, indicatorsOf, messageOf, nodesOf, problemsOf } from './small-model.js';

const run = (change: Parameters<typeof folder>[0]) => () => validateLogicModels(folder(change));

describe('validateLogicModels on the small folder', () => {
  it('accepts the unchanged folder', () => {
    const loaded = validateLogicModels(folder());
    expect(loaded.models.map((m) => m.id)).toEqual(['small']);
    expect(loaded.catalogue.indicators).toHaveLength(5);
    expect(loaded.measures.measures).toHaveLength(4);
  });
});

describe('node errors name the file and the node', () => {
  it('unknown indicator', () => {
    const fn = run({ model: (d) => nodesOf(d)[1].indicators.push('no_such_indicator') });
    expect(problemsOf(fn)).toEqual([
      expect.objectContaining({ file: 'small.yaml', subject: 'node', id: 'field.one', code: 'unknown_indicator' }),
    ]);
    expect(messageOf(fn)).toMatch(/small\.yaml: node "field\.one": .*no_such_indicator.*\(unknown_indicator\)/);
  });

  it('unknown parent', () => {
    const fn = run({ model: (d) => (nodesOf(d)[3].parent = 'field.nowhere') });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ file: 'small.yaml', id: 'mid.one', code: 'unknown_parent' })]);
    expect(messageOf(fn)).toMatch(/small\.yaml: node "mid\.one": .*field\.nowhere/);
  });

  it('duplicate node id', () => {
    const fn = run({ model: (d) => nodesOf(d).push({ id: 'act.one', level: 'activity', title: '重複', parent: 'root' }) });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ file: 'small.yaml', id: 'act.one', code: 'duplicate_id' })]);
    expect(messageOf(fn)).toMatch(/small\.yaml: node "act\.one"/);
  });

  it('cycle in parents, naming its members', () => {
    const fn = run({
      model: (d) => {
        const nodes = nodesOf(d);
        nodes.push({ id: 'loop.a', level: 'activity', title: 'A', parent: 'loop.b' });
        nodes.push({ id: 'loop.b', level: 'activity', title: 'B', parent: 'loop.a' });
      },
    });
    const cycles = problemsOf(fn).filter((p) => p.code === 'cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ file: 'small.yaml', subject: 'node' });
    expect(cycles[0].message).toContain('loop.a');
    expect(cycles[0].message).toContain('loop.b');
    expect(messageOf(fn)).toMatch(/small\.yaml: node "loop\.[ab]": .*\(cycle\)/);
  });

  it('a node that is its own parent is a cycle', () => {
    const fn = run({ model: (d) => (nodesOf(d)[5].parent = 'act.one') });
    expect(problemsOf(fn).map((p) => [p.id, p.code])).toContainEqual(['act.one', 'cycle']);
  });

  it('more than one final node, and none', () => {
    const two = run({ model: (d) => nodesOf(d).push({ id: 'root2', level: 'final', title: '二つ目' }) });
    expect(problemsOf(two)).toEqual([
      expect.objectContaining({ file: 'small.yaml', subject: 'model', id: 'small', code: 'multiple_final' }),
    ]);
    expect(problemsOf(two)[0].message).toContain('root2');
    const none = run({ model: (d) => (d.nodes = nodesOf(d).filter((n) => n.level !== 'final')) });
    expect(problemsOf(none).map((p) => p.code)).toContain('no_final');
  });

  it('missing parent, parent on a final node, and a parent on a lower level', () => {
    const fn = run({
      model: (d) => {
        const nodes = nodesOf(d);
        delete nodes[2].parent; // field.two
        nodes[0].parent = 'field.one'; // root
        nodes[4].parent = 'act.two'; // init.one under an activity
      },
    });
    expect(problemsOf(fn).map((p) => [p.id, p.code])).toEqual(
      expect.arrayContaining([
        ['field.two', 'missing_parent'],
        ['root', 'final_has_parent'],
        ['init.one', 'level_order'],
      ]),
    );
  });

  it('bad enum, unknown key and unknown scene', () => {
    const fn = run({
      model: (d) => {
        const nodes = nodesOf(d);
        nodes[1].level = 'outcome';
        nodes[2].parnet = 'root';
        nodes[3].scenes = ['急変時']; // not declared in the model's scenes
      },
    });
    expect(problemsOf(fn)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'field.one', code: 'bad_enum' }),
        expect.objectContaining({ id: 'field.two', code: 'unknown_key' }),
        expect.objectContaining({ id: 'mid.one', code: 'unknown_scene' }),
      ]),
    );
    expect(messageOf(fn)).toMatch(/node "field\.one": 項目 level/);
  });

  it('the same indicator twice on a node', () => {
    const fn = run({ model: (d) => nodesOf(d)[3].supporting_indicators.push('ind_mid') });
    expect(problemsOf(fn)).toEqual([expect.objectContaining({ id: 'mid.one', code: 'duplicate_indicator' })]);
  });

  it('collects every problem into one error', () => {
    const fn = run({
      model: (d) => {
        const nodes = nodesOf(d);
        nodes[1].indicators.push('nope');
        nodes[3].parent = 'gone';
        nodes.push({ id: 'act.one', level: 'activity', title: '重複', parent: 'root' });
      },
      catalogue: (d) => (indicatorsOf(d)[0].numerator = ['ref.zzz']),
    });
    const problems = problemsOf(fn);
    expect(problems.map((p) => `${p.file} ${p.code}`).sort()).toEqual([
      'indicators.yaml unknown_measure',
      'small.yaml duplicate_id',
      'small.yaml unknown_indicator',
      'small.yaml unknown_parent',
    ]);
    expect(messageOf(fn)).toContain('4件の問題');
  });
});
