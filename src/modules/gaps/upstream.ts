import type { LogicModel, NodeLevel } from '../logic-models/logic-models.definitions.js';
import { nodesWithIndicator, upstreamOf } from '../logic-models/logic-models.tree.js';
import type { GapStatus } from './gaps.types.js';

/** An indicator on the upstream path with its own standing in the same municipality. */
export interface UpstreamIndicator {
  id: string;
  role: 'main' | 'supporting';
  status: GapStatus;
  gap: number | null;
}

/** A node on the branch below an off-target outcome (要因分析). */
export interface UpstreamNode {
  node: string;
  level: NodeLevel;
  title: string;
  /** Empty for activities (個別施策): the levers, listed so the path reaches them. */
  indicators: UpstreamIndicator[];
}

/** What the path reports of each indicator; unknown ids are reported as 'no_data'. */
export type StandingLookup = (indicatorId: string) => { status: GapStatus; gap: number | null } | undefined;

/**
 * The upstream path of an indicator for 要因分析: for each node that carries it, first the
 * node's own supporting indicators (when the indicator is a main one there), then every node
 * below it on its branch (nearest first, {@link upstreamOf}), each with its indicators' standing.
 * A node reached twice (an indicator on several nodes) is listed once.
 */
export function upstreamPath(model: LogicModel, indicatorId: string, standing: StandingLookup): UpstreamNode[] {
  const entry = (id: string, role: UpstreamIndicator['role']): UpstreamIndicator => {
    const s = standing(id);
    return { id, role, status: s?.status ?? 'no_data', gap: s?.gap ?? null };
  };
  const seen = new Set<string>();
  const out: UpstreamNode[] = [];
  for (const node of nodesWithIndicator(model, indicatorId)) {
    if (node.indicators.includes(indicatorId)) {
      const support = node.supporting_indicators.filter((id) => id !== indicatorId);
      if (support.length && !seen.has(node.id)) {
        seen.add(node.id);
        out.push({
          node: node.id,
          level: node.level,
          title: node.title,
          indicators: support.map((id) => entry(id, 'supporting')),
        });
      }
    }
    for (const up of upstreamOf(model, node.id)) {
      if (seen.has(up.id)) continue;
      seen.add(up.id);
      out.push({
        node: up.id,
        level: up.level,
        title: up.title,
        indicators: [
          ...up.indicators.map((id) => entry(id, 'main')),
          ...up.supporting_indicators.map((id) => entry(id, 'supporting')),
        ],
      });
    }
  }
  return out;
}
