import { describe, expect, it } from 'vitest';
import type { LogicModel } from '../../../src/modules/logic-models/logic-models.definitions.js';
import { rankPriorities, shortfallSE, type PriorityInput } from '../../../src/modules/gaps/priority.js';
import { upstreamPath } from '../../../src/modules/gaps/upstream.js';
import type { GapStatus } from '../../../src/modules/gaps/gaps.types.js';

const node = (
  id: string,
  level: LogicModel['nodes'][number]['level'],
  parent: string | null,
  indicators: string[] = [],
  supporting: string[] = [],
) => ({
  id,
  level,
  title: `ノード${id}`,
  parent,
  supporting: false,
  scenes: [],
  indicators,
  supporting_indicators: supporting,
});

// root ─ field.one (ind_field; supports ind_sup) ─ mid.one (ind_mid) ─ act.one
//      └ field.two (ind_other) ─ init.two (ind_init)
const model: LogicModel = {
  id: 'hand',
  prefecture_code: '99',
  title: '手作りモデル',
  version: '1',
  scenes: [],
  nodes: [
    node('root', 'final', null, ['ind_final']),
    node('field.one', 'field', 'root', ['ind_field'], ['ind_sup']),
    node('field.two', 'field', 'root', ['ind_other']),
    node('mid.one', 'intermediate', 'field.one', ['ind_mid']),
    node('init.two', 'initial', 'field.two', ['ind_init']),
    node('act.one', 'activity', 'mid.one'),
  ],
};
const statuses: Record<string, { status: GapStatus; gap: number | null }> = {
  ind_sup: { status: 'not_achieved_significant', gap: 4 },
  ind_mid: { status: 'achieved', gap: -1 },
  ind_other: { status: 'suppressed', gap: null },
};

describe('upstreamPath on a handmade model', () => {
  it('a field outcome: its supporting indicators, then its branch down to the activity', () => {
    expect(upstreamPath(model, 'ind_field', (id) => statuses[id])).toEqual([
      {
        node: 'field.one',
        level: 'field',
        title: 'ノードfield.one',
        indicators: [{ id: 'ind_sup', role: 'supporting', status: 'not_achieved_significant', gap: 4 }],
      },
      {
        node: 'mid.one',
        level: 'intermediate',
        title: 'ノードmid.one',
        indicators: [{ id: 'ind_mid', role: 'main', status: 'achieved', gap: -1 }],
      },
      { node: 'act.one', level: 'activity', title: 'ノードact.one', indicators: [] },
    ]);
  });
  it('the final outcome: every node, nearest first, unknown standings as no data', () => {
    const path = upstreamPath(model, 'ind_final', (id) => statuses[id]);
    expect(path.map((n) => n.node)).toEqual(['field.one', 'field.two', 'mid.one', 'init.two', 'act.one']);
    expect(path[3].indicators).toEqual([{ id: 'ind_init', role: 'main', status: 'no_data', gap: null }]);
    expect(path[0].indicators.map((i) => i.id)).toEqual(['ind_field', 'ind_sup']);
  });
  it('an initial outcome with nothing below has an empty path', () => {
    expect(upstreamPath(model, 'ind_init', () => undefined)).toEqual([]);
  });
});

describe('priorities', () => {
  it('SE on the shortfall side of an asymmetric CI', () => {
    const u = { value: 60, lower: 50, upper: 64, sampleSize: 100, count: null, suppressed: false };
    expect(shortfallSE(u, 'higher_is_better')).toBeCloseTo(4 / 1.959963984540054, 12);
    expect(shortfallSE(u, 'lower_is_better')).toBeCloseTo(10 / 1.959963984540054, 12);
    expect(shortfallSE({ ...u, lower: null, upper: null }, 'higher_is_better')).toBeNull();
  });
  it('significant first, then by gap ÷ SE; no-CI after; achieved left out', () => {
    const items: PriorityInput[] = [
      {
        municipality: 'A',
        indicator: 'x',
        status: 'not_achieved_not_significant',
        gap: 9,
        target: 50,
        standardError: 10,
      }, // 0.9
      { municipality: 'B', indicator: 'x', status: 'not_achieved_significant', gap: 5, target: 50, standardError: 2 }, // 2.5
      { municipality: 'C', indicator: 'x', status: 'not_achieved_significant', gap: 3, target: 50, standardError: 1 }, // 3.0
      { municipality: 'D', indicator: 'y', status: 'not_achieved_significant', gap: 2, target: 4, standardError: null }, // rel 0.5
      { municipality: 'E', indicator: 'x', status: 'achieved', gap: -2, target: 50, standardError: 1 },
      {
        municipality: 'F',
        indicator: 'x',
        status: 'not_achieved_not_significant',
        gap: 1,
        target: 50,
        standardError: 0.5,
      }, // 2.0
    ];
    const ranked = rankPriorities(items);
    expect(ranked.map((r) => r.municipality)).toEqual(['C', 'B', 'D', 'F', 'A']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked[0].standardisedDistance).toBe(3);
    expect(ranked[2]).toMatchObject({ standardisedDistance: null, relativeGap: 0.5 });
  });
});
