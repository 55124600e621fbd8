import type { Db } from '../../db/client.js';
import { BadRequestError, InvalidContentError, NotFoundError, type RowError } from '../../shared/errors.js';
import type { ActionsReader } from '../gaps/pdca-section.js';
import type { LoadedLogicModels } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import * as repo from './actions.repository.js';
import type { MeasureInputDto, NoteInputDto, PdcaMeasureDto, PdcaNoteDto } from './actions.schemas.js';
import type { Actor } from './items.service.js';

/** The scene tags of docs/domain.md (Okinawa adds 地域資源の拡充); a model's own `scenes` take precedence. */
export const DEFAULT_SCENES = ['入退院支援', '日常の療養支援', '急変時の対応', '看取り', '地域資源の拡充'];

const mapMeasure = (r: repo.MeasureRow): PdcaMeasureDto => ({
  id: r.id,
  municipality: r.municipalityCode,
  node: r.nodeId,
  title: r.title,
  scenes: r.scenes,
  status: r.status,
  fromYear: r.fromYear,
  toYear: r.toYear,
  budgetNote: r.budgetNote,
  updatedAt: new Date(r.updatedAt).toISOString(),
  updatedBy: r.updatedBy,
});

const mapNote = (r: repo.NoteRow): PdcaNoteDto => ({
  id: r.id,
  municipality: r.municipalityCode,
  period: r.period,
  node: r.nodeId,
  indicator: r.indicatorId,
  text: r.text,
  author: r.authorName,
  createdAt: new Date(r.createdAt).toISOString(),
});

const problem = (column: string, value: string | null, code: string, message: string): RowError => ({
  row: null,
  column,
  value,
  code,
  message,
});

/** Measures (個別施策) on the nodes of a prefecture's model, and review notes (Act) per period. */
export function createActionsService(deps: {
  db: Db;
  regions: RegionsService;
  logicModels: (prefecture: string) => Promise<LoadedLogicModels>;
}) {
  const { db } = deps;

  async function municipality(code: string) {
    const m = (await deps.regions.municipalityRows(code.slice(0, 2))).find((x) => x.code === code);
    if (!m) throw new NotFoundError(`No municipality ${code}.`);
    return m;
  }

  /** The prefecture's model in force; a measure or note can name only its nodes. */
  async function modelOf(prefecture: string) {
    const loaded = await deps.logicModels(prefecture);
    const model = loaded.models.find((m) => m.prefecture_code === prefecture);
    if (!model) throw new BadRequestError(`Prefecture ${prefecture} has no logic model in force: upload and activate one first.`);
    return { model, catalogue: loaded.catalogue };
  }

  async function checkMeasure(input: MeasureInputDto) {
    const m = await municipality(input.municipality);
    const { model } = await modelOf(m.prefectureCode);
    const errors: RowError[] = [];
    if (!model.nodes.some((n) => n.id === input.node))
      errors.push(problem('node', input.node, 'unknown_node', `ノード "${input.node}" はモデル ${model.id} にありません`));
    const scenes = model.scenes.length ? model.scenes : DEFAULT_SCENES;
    for (const s of input.scenes ?? [])
      if (!scenes.includes(s)) errors.push(problem('scenes', s, 'unknown_scene', `場面 "${s}" はモデルの場面（${scenes.join('、')}）にありません`));
    if (input.fromYear != null && input.toYear != null && input.fromYear > input.toYear)
      errors.push(problem('toYear', String(input.toYear), 'period_order', '終了年度が開始年度より前です'));
    if (errors.length) throw new InvalidContentError('The measure is invalid; nothing was stored.', errors);
    return {
      prefectureCode: m.prefectureCode,
      municipalityCode: m.code,
      nodeId: input.node,
      title: input.title.trim(),
      scenes: [...new Set(input.scenes ?? [])],
      status: input.status,
      fromYear: input.fromYear ?? null,
      toYear: input.toYear ?? null,
      budgetNote: input.budgetNote?.trim() || null,
    };
  }

  async function getMeasure(id: string) {
    const row = await repo.findMeasure(db, id);
    if (!row) throw new NotFoundError(`No measure ${id}.`);
    return row;
  }

  const measuresOf = async (code: string) =>
    (await repo.listMeasures(db, { prefecture: code.slice(0, 2), municipality: code })).map(mapMeasure);
  const notesOf = async (code: string, period: number) =>
    (await repo.listNotes(db, { prefecture: code.slice(0, 2), municipality: code, period })).map(mapNote);

  return {
    async createMeasure(input: MeasureInputDto, actor: Actor) {
      const row = await checkMeasure(input);
      return db.transaction(async (tx) => {
        const stored = await repo.insertMeasure(tx, { ...row, updatedBy: actor.name });
        await bumpDataVersion(tx, row.prefectureCode);
        return mapMeasure(stored);
      });
    },

    /** The measure's municipality, for the caller's access check before a change. */
    municipalityOfMeasure: async (id: string) => (await getMeasure(id)).municipalityCode,

    async updateMeasure(id: string, input: MeasureInputDto, actor: Actor) {
      const current = await getMeasure(id);
      if (current.municipalityCode !== input.municipality)
        throw new BadRequestError('A measure stays with its municipality: create a new one for another.');
      const row = await checkMeasure(input);
      return db.transaction(async (tx) => {
        const stored = await repo.updateMeasure(tx, id, { ...row, updatedBy: actor.name, updatedAt: new Date() });
        await bumpDataVersion(tx, row.prefectureCode);
        return mapMeasure(stored!);
      });
    },

    async deleteMeasure(id: string) {
      const current = await getMeasure(id);
      await db.transaction(async (tx) => {
        await repo.deleteMeasure(tx, id);
        await bumpDataVersion(tx, current.prefectureCode);
      });
    },

    listMeasures: async (f: { prefecture: string; municipality?: string; node?: string }) =>
      (await repo.listMeasures(db, f)).map(mapMeasure),

    async createNote(input: NoteInputDto, actor: Actor) {
      const m = await municipality(input.municipality);
      if (!input.node && !input.indicator) throw new InvalidContentError('A note is about a node or an indicator.', [
        problem('node', null, 'required', 'node または indicator を指定してください'),
      ]);
      const { model, catalogue } = await modelOf(m.prefectureCode);
      const errors: RowError[] = [];
      if (input.node && !model.nodes.some((n) => n.id === input.node))
        errors.push(problem('node', input.node, 'unknown_node', `ノード "${input.node}" はモデル ${model.id} にありません`));
      if (input.indicator && !catalogue.indicators.some((i) => i.id === input.indicator))
        errors.push(problem('indicator', input.indicator, 'unknown_indicator', `指標 "${input.indicator}" はありません`));
      if (errors.length) throw new InvalidContentError('The note is invalid; nothing was stored.', errors);
      const row = await db.transaction(async (tx) => {
        const stored = await repo.insertNote(tx, {
        prefectureCode: m.prefectureCode,
        municipalityCode: m.code,
        period: input.period,
        nodeId: input.node ?? null,
        indicatorId: input.indicator ?? null,
        text: input.text.trim(),
        authorKeyId: actor.keyId,
        authorName: actor.name,
        });
        await bumpDataVersion(tx, m.prefectureCode);
        return stored;
      });
      return mapNote(row);
    },

    listNotes: async (f: { prefecture: string; period?: number; municipality?: string }) => (await repo.listNotes(db, f)).map(mapNote),

    /** What a municipality's gap report lists: its measures and its notes for the period. */
    reader: (async (code, period) => {
      const [measures, notes] = await Promise.all([measuresOf(code), notesOf(code, period)]);
      return {
        measures: measures.map(({ municipality: _m, updatedAt: _u, updatedBy: _b, ...rest }) => rest),
        notes: notes.map(({ municipality: _m, ...rest }) => rest),
      };
    }) satisfies ActionsReader,
  };
}

export type ActionsService = ReturnType<typeof createActionsService>;
