import { z } from 'zod';
import {
  LogicModelSchema,
  ModelNodeSchema,
  type IndicatorCatalogue,
  type LogicModel,
  type ModelNode,
  type NodeLevel,
} from './logic-models.definitions.js';
import { throwIfProblems } from './logic-models.errors.js';
import { messages } from './logic-models.messages.js';
import type { IndicatorLookup } from './catalogue.validate.js';
import { ProblemSink, addZodIssues, duplicates, parseEntries } from './yaml-input.js';

const HeaderSchema = LogicModelSchema.extend({ nodes: z.array(z.unknown()) });

// A node's parent must sit on a higher level (smaller rank) than the node itself.
const LEVEL_RANK: Record<NodeLevel, number> = { final: 0, field: 1, intermediate: 2, initial: 3, activity: 4 };

/** Each cycle of parent links once, in parent order starting from the node that closes it. */
export function findCycles(nodes: readonly ModelNode[]): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const start of nodes) {
    const path: string[] = [];
    let cur: string | null = start.id;
    while (cur !== null && byId.has(cur) && !state.has(cur)) {
      state.set(cur, 'open');
      path.push(cur);
      cur = byId.get(cur)?.parent ?? null;
    }
    if (cur !== null && state.get(cur) === 'open') cycles.push(path.slice(path.indexOf(cur)));
    for (const id of path) state.set(id, 'done');
  }
  return cycles;
}

function checkNode(
  n: ModelNode,
  ctx: { byId: Map<string, ModelNode>; claimed: Set<string>; scenes: Set<string>; indicators: IndicatorLookup | null },
  sink: ProblemSink,
): void {
  const add = (code: Parameters<ProblemSink['add']>[2], message: string) => sink.add('node', n.id, code, message);
  if (n.level === 'final') {
    if (n.parent !== null) add('final_has_parent', messages.finalHasParent());
  } else if (n.parent === null) {
    add('missing_parent', messages.missingParent(n.level));
  } else if (!ctx.claimed.has(n.parent)) {
    add('unknown_parent', messages.unknownParent(n.parent));
  } else {
    const parent = ctx.byId.get(n.parent);
    if (parent && LEVEL_RANK[n.level] <= LEVEL_RANK[parent.level]) {
      add('level_order', messages.levelOrder(n.level, parent.id, parent.level));
    }
  }
  for (const scene of n.scenes) {
    if (!ctx.scenes.has(scene)) add('unknown_scene', messages.unknownScene(scene));
  }
  const refs = [...n.indicators, ...n.supporting_indicators];
  for (const id of duplicates(refs)) add('duplicate_indicator', messages.duplicateIndicator(id));
  if (ctx.indicators) {
    for (const id of new Set(refs)) {
      if (!ctx.indicators.has(id)) add('unknown_indicator', messages.unknownIndicator(id));
    }
  }
}

/** Internal: checks one model file against the indicator catalogue, recording problems in `sink`. */
export function checkModel(raw: unknown, indicators: IndicatorLookup | null, sink: ProblemSink): LogicModel | null {
  const header = HeaderSchema.safeParse(raw);
  if (!header.success) {
    addZodIssues(sink, null, null, header.error);
    return null;
  }
  const modelId = header.data.id;
  const { valid, claimed } = parseEntries(header.data.nodes, ModelNodeSchema, sink, 'node');
  for (const id of duplicates(claimed)) sink.add('node', id, 'duplicate_id', messages.duplicateId(id));

  const finals = valid.filter((n) => n.level === 'final').map((n) => n.id);
  if (finals.length === 0 && valid.length === claimed.length) sink.add('model', modelId, 'no_final', messages.noFinal());
  if (finals.length > 1) sink.add('model', modelId, 'multiple_final', messages.multipleFinal(finals));

  const ctx = {
    byId: new Map(valid.map((n) => [n.id, n])),
    claimed: new Set(claimed),
    scenes: new Set(header.data.scenes),
    indicators,
  };
  for (const n of valid) checkNode(n, ctx, sink);
  for (const cycle of findCycles(valid)) {
    sink.add('node', cycle[0], 'cycle', messages.cycle([...cycle, cycle[0]]));
  }
  return { ...header.data, nodes: valid };
}

/**
 * Validates the parsed content of one logic-model file against a validated indicator catalogue.
 * @throws LogicModelError listing every problem found.
 */
export function validateModel(raw: unknown, catalogue: IndicatorCatalogue, file = 'model.yaml'): LogicModel {
  const sink = new ProblemSink(file);
  const model = checkModel(raw, new Map(catalogue.indicators.map((i) => [i.id, i])), sink);
  throwIfProblems(sink.problems);
  return model as LogicModel;
}
