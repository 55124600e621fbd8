import { z } from 'zod';
import { ReportMeasure, ReportNote } from '../gaps/pdca-section.js';

const municipalityCode = z.string().regex(/^\d{6}$/).describe('Municipality code');
const year = z.number().int().min(1900).max(2200);

export const MEASURE_STATUSES = ['planned', 'ongoing', 'completed', 'discontinued'] as const;

export const MeasureInput = z
  .object({
    municipality: municipalityCode,
    node: z.string().min(1).describe('Node of the prefecture’s model in force it works on (activity or outcome)'),
    title: z.string().min(1).max(500).describe('Title of the measure (個別施策)'),
    scenes: z.array(z.string()).optional().describe('Scene tags among the model’s scenes (入退院支援, 日常の療養支援, 急変時の対応, 看取り, 地域資源の拡充)'),
    status: z.enum(MEASURE_STATUSES).describe('planned (予定), ongoing (実施中), completed (完了), discontinued (中止)'),
    fromYear: year.nullable().optional().describe('First fiscal year (年度)'),
    toYear: year.nullable().optional().describe('Last fiscal year (年度)'),
    budgetNote: z.string().max(2000).nullable().optional().describe('Budget note (予算の備考)'),
  })
  .meta({ id: 'PdcaMeasureWrite' });

export const PdcaMeasure = ReportMeasure.extend({
  municipality: z.string().describe('Municipality code'),
  updatedAt: z.string().describe('Last change'),
  updatedBy: z.string().nullable().describe('Who made it'),
}).meta({ id: 'PdcaMeasure' });

export const MeasureQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Prefecture (defaults to the key’s own)'),
  municipality: municipalityCode.optional().describe('Only this municipality (a municipality key sees its own only)'),
  node: z.string().optional().describe('Only measures on this node'),
});

export const IdParams = z.object({ id: z.uuid().describe('Id') });

export const NoteInput = z
  .object({
    municipality: municipalityCode,
    period: year.describe('Period reviewed (the gap report’s period)'),
    node: z.string().min(1).nullable().optional().describe('Node of the model in force the note is about'),
    indicator: z.string().min(1).nullable().optional().describe('Indicator the note is about'),
    text: z.string().min(1).max(10000).describe('What was observed or decided (Act)'),
  })
  .meta({ id: 'ReviewNoteWrite' });

export const PdcaNote = ReportNote.extend({ municipality: z.string().describe('Municipality code') }).meta({ id: 'PdcaNote' });

export const NoteQuery = z.object({
  prefecture: z.string().regex(/^\d{2}$/).optional().describe('Prefecture (defaults to the key’s own)'),
  period: z.coerce.number().int().optional().describe('Only this period'),
  municipality: municipalityCode.optional().describe('Only this municipality (a municipality key sees its own only)'),
});

export type MeasureInputDto = z.infer<typeof MeasureInput>;
export type PdcaMeasureDto = z.infer<typeof PdcaMeasure>;
export type NoteInputDto = z.infer<typeof NoteInput>;
export type PdcaNoteDto = z.infer<typeof PdcaNote>;
