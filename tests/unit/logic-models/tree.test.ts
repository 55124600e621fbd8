import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnknownNodeError } from '../../../src/modules/logic-models/logic-models.errors.js';
import { loadLogicModels, validateLogicModels } from '../../../src/modules/logic-models/logic-models.loader.js';
import {
  modelTree,
  nodesWithIndicator,
  upstreamOf,
  type ModelTreeNode,
} from '../../../src/modules/logic-models/logic-models.tree.js';
import { folder } from './small-model.js';

const small = () => {
  const { catalogue, models } = validateLogicModels(folder());
  return { catalogue, model: models[0] };
};
const shape = (n: ModelTreeNode): unknown => ({ [n.id]: n.children.map(shape) });

describe('modelTree', () => {
  it('nests the small model under its final node, children in file order', () => {
    const { model, catalogue } = small();
    expect(shape(modelTree(model, catalogue))).toEqual({
      root: [{ 'field.one': [{ 'mid.one': [{ 'init.one': [{ 'act.one': [] }] }] }, { 'act.two': [] }] }, { 'field.two': [] }],
    });
  });

  it("gives each node's indicators with label, unit, status and role", () => {
    const { model, catalogue } = small();
    const tree = modelTree(model, catalogue);
    const mid = tree.children[0].children[0];
    expect(mid).toMatchObject({ id: 'mid.one', level: 'intermediate', title: '中間1', short_title: null, scenes: [] });
    expect(mid.indicators).toEqual([
      { id: 'ind_mid', label_ja: '指標ind_mid', unit: 'percent', status: 'active', role: 'main' },
      { id: 'ind_final', label_ja: '指標ind_final', unit: 'percent', status: 'active', role: 'supporting' },
    ]);
    expect(tree.children[1].indicators).toEqual([
      { id: 'ind_planned', label_ja: '予定', unit: null, status: 'planned', role: 'main' },
    ]);
  });

  it('builds the Okinawa tree with planned dementia indicators shown as planned', async () => {
    const { catalogue, models } = await loadLogicModels(fileURLToPath(new URL('../../../logic-models/', import.meta.url)));
    const tree = modelTree(models[0], catalogue);
    expect(tree.id).toBe('final');
    expect(tree.children.map((c) => c.short_title)).toEqual([
      '軽度者支援', '中重度者支援・在宅', '中重度者支援・施設', '認知症施策', '介護人材の確保',
    ]);
    const dementia = tree.children[3];
    expect(dementia.indicators).toHaveLength(4);
    expect(dementia.indicators.every((i) => i.status === 'planned' && i.unit === null)).toBe(true);
    const count = (n: ModelTreeNode): number => 1 + n.children.reduce((s, c) => s + count(c), 0);
    expect(count(tree)).toBe(models[0].nodes.length);
  });
});

describe('upstreamOf', () => {
  it('returns the nodes below a node on its branch, nearest first', () => {
    const { model } = small();
    expect(upstreamOf(model, 'field.one').map((n) => n.id)).toEqual(['mid.one', 'act.two', 'init.one', 'act.one']);
    expect(upstreamOf(model, 'mid.one').map((n) => n.id)).toEqual(['init.one', 'act.one']);
    expect(upstreamOf(model, 'act.one')).toEqual([]);
    expect(upstreamOf(model, 'root')).toHaveLength(model.nodes.length - 1);
  });

  it('throws UnknownNodeError for a node the model does not have', () => {
    const { model } = small();
    expect(() => upstreamOf(model, 'nope')).toThrow(UnknownNodeError);
  });

  it('finds the nodes that carry an indicator', () => {
    const { model } = small();
    expect(nodesWithIndicator(model, 'ind_final').map((n) => n.id)).toEqual(['root', 'mid.one']);
  });
});
