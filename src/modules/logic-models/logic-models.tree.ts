import type {
  IndicatorCatalogue,
  IndicatorDef,
  IndicatorUnit,
  LogicModel,
  ModelNode,
  NodeLevel,
} from './logic-models.definitions.js';
import { UnknownNodeError } from './logic-models.errors.js';

/** An indicator as shown on a node: `role` says whether it is the node's own or a supporting one. */
export interface ModelTreeIndicator {
  id: string;
  label_ja: string;
  /** `null` for a planned indicator whose unit is not decided yet. */
  unit: IndicatorUnit | null;
  status: IndicatorDef['status'];
  role: 'main' | 'supporting';
}

export interface ModelTreeNode {
  id: string;
  level: NodeLevel;
  title: string;
  short_title: string | null;
  supporting: boolean;
  scenes: string[];
  indicators: ModelTreeIndicator[];
  children: ModelTreeNode[];
}

function childrenMap(model: LogicModel): Map<string, ModelNode[]> {
  const children = new Map<string, ModelNode[]>();
  for (const n of model.nodes) {
    if (n.parent === null) continue;
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  return children;
}

/**
 * The model as a nested tree rooted at its final outcome, children in file order, each node with
 * its indicators (main first, then supporting). Expects a validated model and catalogue.
 */
export function modelTree(model: LogicModel, catalogue: IndicatorCatalogue): ModelTreeNode {
  const byId = new Map(catalogue.indicators.map((i) => [i.id, i]));
  const children = childrenMap(model);
  const indicator = (id: string, role: ModelTreeIndicator['role']): ModelTreeIndicator => {
    const def = byId.get(id);
    if (!def) throw new Error(`indicator ${id} of model ${model.id} is not in the catalogue`);
    return { id, label_ja: def.label_ja, unit: def.unit ?? null, status: def.status, role };
  };
  const build = (n: ModelNode): ModelTreeNode => ({
    id: n.id,
    level: n.level,
    title: n.title,
    short_title: n.short_title ?? null,
    supporting: n.supporting,
    scenes: [...n.scenes],
    indicators: [
      ...n.indicators.map((id) => indicator(id, 'main')),
      ...n.supporting_indicators.map((id) => indicator(id, 'supporting')),
    ],
    children: (children.get(n.id) ?? []).map(build),
  });
  const root = model.nodes.find((n) => n.level === 'final');
  if (!root) throw new Error(`model ${model.id} has no final node`);
  return build(root);
}

/**
 * The nodes below `nodeId` on its branch (its descendants: the outcomes and activities that feed
 * it), nearest first, for 要因分析 of a shortfall. The node itself is not included.
 * @throws UnknownNodeError when the model has no such node.
 */
export function upstreamOf(model: LogicModel, nodeId: string): ModelNode[] {
  if (!model.nodes.some((n) => n.id === nodeId)) throw new UnknownNodeError(model.id, nodeId);
  const children = childrenMap(model);
  const out: ModelNode[] = [];
  let frontier = children.get(nodeId) ?? [];
  while (frontier.length > 0) {
    out.push(...frontier);
    frontier = frontier.flatMap((n) => children.get(n.id) ?? []);
  }
  return out;
}

/** The nodes of a model that carry an indicator, as main or supporting. */
export function nodesWithIndicator(model: LogicModel, indicatorId: string): ModelNode[] {
  return model.nodes.filter(
    (n) => n.indicators.includes(indicatorId) || n.supporting_indicators.includes(indicatorId),
  );
}

/** Active indicators of the catalogue that no node of the model carries. */
export function unplacedIndicators(model: LogicModel, catalogue: IndicatorCatalogue): string[] {
  const placed = new Set(model.nodes.flatMap((n) => [...n.indicators, ...n.supporting_indicators]));
  return catalogue.indicators.filter((i) => i.status === 'active' && !placed.has(i.id)).map((i) => i.id);
}
