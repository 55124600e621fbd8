import type { LogicModelInput } from '../specs/logic-model.js';
import type { Gather } from './common.js';
import { unitReport } from './unit-report.js';

/** The model's drawn nodes (not the supporting ones), each with the gaps service's status of its own indicators. */
export async function logicModelInput(g: Gather): Promise<LogicModelInput> {
  const { model, unit, rows } = await unitReport(g);
  const byId = new Map(rows.map((r) => [r.indicator, r]));
  const drawn = model.nodes.filter((n) => !n.supporting);
  return {
    modelTitle: model.title,
    unitName: unit.name,
    period: g.params.period,
    nodes: drawn.map((n) => ({
      id: n.id,
      level: n.level,
      title: n.title,
      shortTitle: n.short_title ?? null,
      parent: n.parent,
      indicators: n.indicators.flatMap((id) => {
        const r = byId.get(id);
        return r ? [{ label: r.label_ja, status: r.status }] : [];
      }),
    })),
  };
}
