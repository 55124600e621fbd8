/**
 * The Plan/Do/Act part of a municipality's gap report: under each off-target node, the measures
 * (個別施策) attached to it or to the nodes below it on its branch; and the review notes of the
 * period. Pure composition over the computed report.
 */
import { z } from 'zod';
import { cleanNumbers } from '../../shared/numbers.js';
import type { LogicModel } from '../logic-models/logic-models.definitions.js';
import { upstreamOf } from '../logic-models/logic-models.tree.js';
import { MunicipalityGaps, type MunicipalityGapsDto } from './gaps.schemas.js';
import type { Serialized } from './result-cache.js';
import { isShortfall } from './status.js';
import type { GapStatus } from './gaps.types.js';

export const ReportMeasure = z
  .object({
    id: z.string().describe('Measure id'),
    node: z.string().describe('Node it is attached to'),
    title: z.string().describe('Title of the measure (個別施策)'),
    scenes: z.array(z.string()).describe('Scene tags (入退院支援, 日常の療養支援, 急変時の対応, 看取り, 地域資源の拡充)'),
    status: z.string().describe('planned, ongoing, completed or discontinued'),
    fromYear: z.number().int().nullable().describe('First fiscal year (年度)'),
    toYear: z.number().int().nullable().describe('Last fiscal year (年度)'),
    budgetNote: z.string().nullable().describe('Budget note'),
  })
  .meta({ id: 'ReportMeasure' });

export const ReportNote = z
  .object({
    id: z.string().describe('Note id'),
    period: z.number().int().describe('Period reviewed'),
    node: z.string().nullable().describe('Node it is about'),
    indicator: z.string().nullable().describe('Indicator it is about'),
    text: z.string().describe('What was decided or observed (Act)'),
    author: z.string().nullable().describe('Who wrote it (key name)'),
    createdAt: z.string().describe('When'),
  })
  .meta({ id: 'ReviewNote' });

export const MunicipalityReport = MunicipalityGaps.extend({
  modelVersion: z.number().int().nullable().describe('Stored version of the prefecture’s logic model the report used'),
  actions: z
    .object({
      offTarget: z
        .array(
          z.object({
            node: z.string().describe('Node with an indicator short of its target'),
            indicators: z.array(z.string()).describe('Its indicators short of target'),
            measures: z.array(ReportMeasure).describe('Measures attached to it or to a node below it on its branch'),
          }),
        )
        .describe('Off-target nodes in model order, each with the measures that work on it'),
      notes: z.array(ReportNote).describe('Review notes of this municipality for the period'),
    })
    .describe('Plan, Do and Act: measures (個別施策) under off-target nodes, and review notes'),
}).meta({ id: 'MunicipalityGapReport' });

export type ReportMeasureDto = z.infer<typeof ReportMeasure>;
export type ReportNoteDto = z.infer<typeof ReportNote>;
export type MunicipalityReportDto = z.infer<typeof MunicipalityReport>;

/** Reads a municipality's measures and its review notes for a period. */
export type ActionsReader = (municipality: string, period: number) => Promise<{ measures: ReportMeasureDto[]; notes: ReportNoteDto[] }>;

/** Off-target nodes (carrying a main indicator short of its target), each with the measures on its branch. */
export function offTargetMeasures(report: MunicipalityGapsDto, model: LogicModel, measures: readonly ReportMeasureDto[]) {
  const short = new Map<string, string[]>();
  for (const ind of report.indicators) {
    if (!isShortfall(ind.status as GapStatus)) continue;
    for (const n of ind.nodes) if (n.role === 'main') short.set(n.node, [...(short.get(n.node) ?? []), ind.indicator]);
  }
  return model.nodes
    .filter((n) => short.has(n.id))
    .map((n) => {
      const branch = new Set([n.id, ...upstreamOf(model, n.id).map((u) => u.id)]);
      return { node: n.id, indicators: short.get(n.id)!, measures: measures.filter((m) => branch.has(m.node)) };
    });
}

/** The cached report with the model version and the actions section (read at the request's data version). */
export function withActions(
  report: Serialized<MunicipalityGapsDto>,
  model: LogicModel,
  modelVersion: number | null | undefined,
  actions: Awaited<ReturnType<ActionsReader>> | undefined,
): Serialized<MunicipalityReportDto> {
  const body: MunicipalityReportDto = {
    ...report.body,
    modelVersion: modelVersion ?? null,
    actions: {
      offTarget: offTargetMeasures(report.body, model, actions?.measures ?? []),
      notes: actions?.notes ?? [],
    },
  };
  // Cleaned of binary-float noise like every cached answer (docs/numbers.md).
  return { body, json: Buffer.from(JSON.stringify(body, cleanNumbers)) };
}
