import { z } from 'zod';
import { IndicatorDefinition } from '../indicators/indicators.schemas.js';

export const LogicModelSummary = z
  .object({
    id: z.string().describe('Model id (okinawa-2026)'),
    prefecture: z.string().describe('Prefecture code the model belongs to'),
    title: z.string().describe('Title (Japanese)'),
    version: z.string().describe('Version label written in the model (e.g. 2026-01)'),
    modelVersion: z.number().int().nullable().describe('Stored version number of the prefecture’s model (1, 2, …)'),
    scenes: z.array(z.string()).describe('Scene tags the model uses (入退院支援, 日常の療養支援, …)'),
    nodeCount: z.number().int().describe('Nodes (outcomes and activities)'),
    indicatorCount: z.number().int().describe('Distinct indicators placed on its nodes'),
  })
  .meta({ id: 'LogicModelSummary' });

export const ModelNodeIndicator = z
  .object({
    id: z.string().describe('Indicator id'),
    label_ja: z.string().describe('Japanese label'),
    unit: z.string().nullable().describe('Unit; null for a planned indicator not yet defined'),
    status: z.enum(['active', 'planned']).describe('planned = not yet measurable (未測定)'),
    role: z.enum(['main', 'supporting']).describe('The node’s own indicator, or supporting evidence beside it'),
  })
  .meta({ id: 'ModelNodeIndicator' });

export const LogicModelNode = z
  .object({
    id: z.string().describe('Node id'),
    level: z.enum(['final', 'field', 'intermediate', 'initial', 'activity']).describe('Level on the chart'),
    title: z.string().describe('Text of the box (Japanese)'),
    short_title: z.string().nullable().describe('Short name'),
    supporting: z.boolean().describe('Carried by the model but not drawn on the official chart'),
    scenes: z.array(z.string()).describe('Scene tags'),
    indicators: z.array(ModelNodeIndicator).describe('Its indicators, main first'),
    get children() {
      return z.array(LogicModelNode).describe('Nodes contributing to this one');
    },
  })
  .meta({ id: 'LogicModelNode' });

export const LogicModelTree = LogicModelSummary.extend({
  root: LogicModelNode.describe('The final outcome, with the tree below it'),
}).meta({ id: 'LogicModelTree' });

export const LogicModelParams = z.object({ id: z.string().describe('Model id') });

export const ModelVersion = z
  .object({
    prefecture: z.string().describe('Prefecture code'),
    version: z.number().int().describe('Version number within the prefecture (1, 2, …)'),
    id: z.string().describe('Model id written in the document'),
    title: z.string().describe('Title (Japanese)'),
    label: z.string().describe('Version label written in the document'),
    format: z.enum(['yaml', 'json', 'file']).describe('How it came: uploaded YAML or JSON, or seeded from logic-models/ at start'),
    createdAt: z.string().describe('When it was stored'),
    createdBy: z.string().nullable().describe('Name of the key that uploaded it'),
    active: z.boolean().describe('Whether it is the prefecture’s model in force'),
  })
  .meta({ id: 'LogicModelVersion' });

export const ModelVersionDetail = LogicModelTree.extend({
  stored: ModelVersion.describe('The stored version'),
  customIndicators: z.array(IndicatorDefinition).describe('Indicators the model defines itself (sums of catalogue measures)'),
  source: z.string().describe('The document as uploaded'),
}).meta({ id: 'LogicModelVersionDetail' });

export const ModelUploadQuery = z.object({
  activate: z
    .enum(['true', 'false'])
    .optional()
    .describe('true to activate the new version at once (default false: activate it explicitly later)'),
});

export const PrefectureParams = z.object({ prefecture: z.string().regex(/^\d{2}$/).describe('Prefecture code') });
export const VersionParams = PrefectureParams.extend({
  version: z.coerce.number().int().min(1).describe('Version number'),
});

export const Activation = z
  .object({
    prefecture: z.string().describe('Prefecture code'),
    version: z.number().int().describe('The version now in force'),
    activatedAt: z.string().describe('When'),
    recomputed: z
      .array(
        z.object({
          period: z.number().int().describe('Period recomputed'),
          indicators: z.number().int().describe('Indicators computed'),
          values: z.number().int().describe('Values stored'),
        }),
      )
      .describe('The prefecture’s indicator values recomputed under the new catalogue, per period with data'),
    warnings: z.array(z.string()).describe('indicators_recompute_failed when a recompute failed (the activation stands)'),
  })
  .meta({ id: 'LogicModelActivation' });

export type ModelVersionDto = z.infer<typeof ModelVersion>;
export type ModelVersionDetailDto = z.infer<typeof ModelVersionDetail>;
export type ActivationDto = z.infer<typeof Activation>;
export type LogicModelSummaryDto = z.infer<typeof LogicModelSummary>;
export type LogicModelTreeDto = z.infer<typeof LogicModelTree>;
