import { z } from 'zod';

export const LogicModelSummary = z
  .object({
    id: z.string().describe('Model id (okinawa-2026)'),
    prefecture: z.string().describe('Prefecture code the model belongs to'),
    title: z.string().describe('Title (Japanese)'),
    version: z.string().describe('Version of the model file'),
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

export type LogicModelSummaryDto = z.infer<typeof LogicModelSummary>;
export type LogicModelTreeDto = z.infer<typeof LogicModelTree>;
