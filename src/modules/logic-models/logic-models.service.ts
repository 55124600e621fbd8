import { NotFoundError } from '../../shared/errors.js';
import type { LoadedLogicModels, LogicModel } from './logic-models.definitions.js';
import type { LogicModelSummaryDto, LogicModelTreeDto } from './logic-models.schemas.js';
import { modelTree } from './logic-models.tree.js';
import { problemDetails } from '../../shared/messages.js';

function summary(m: LogicModel): LogicModelSummaryDto {
  const placed = new Set(m.nodes.flatMap((n) => [...n.indicators, ...n.supporting_indicators]));
  return {
    id: m.id,
    prefecture: m.prefecture_code,
    title: m.title,
    version: m.version,
    scenes: [...m.scenes],
    nodeCount: m.nodes.length,
    indicatorCount: placed.size,
  };
}

/** Logic models as loaded at start: listed, and served as trees with each node's indicators. */
export function createLogicModelsService(loaded: LoadedLogicModels) {
  const find = (id: string) => {
    const m = loaded.models.find((x) => x.id === id);
    if (!m) throw new NotFoundError(problemDetails.noLogicModel(id));
    return m;
  };
  return {
    /** Every model, optionally only one prefecture's. */
    list: (prefecture?: string): LogicModelSummaryDto[] =>
      loaded.models.filter((m) => !prefecture || m.prefecture_code === prefecture).map(summary),

    /** One model as a tree rooted at its final outcome; 404 when unknown. */
    tree(id: string): LogicModelTreeDto {
      const m = find(id);
      return { ...summary(m), root: modelTree(m, loaded.catalogue) };
    },
  };
}

export type LogicModelsService = ReturnType<typeof createLogicModelsService>;
