import type { Db } from '../../db/client.js';
import { AppError, NotFoundError } from '../../shared/errors.js';
import { mapDefinition } from '../indicators/indicators.dto.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { LogicModel } from './logic-models.definitions.js';
import { LogicModelError } from './logic-models.errors.js';
import type { ModelRegistry, PrefectureLogicModels } from './logic-models.registry.js';
import type {
  ActivationDto,
  LogicModelSummaryDto,
  LogicModelTreeDto,
  ModelVersionDetailDto,
  ModelVersionDto,
} from './logic-models.schemas.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import * as store from './logic-models.store.js';
import { modelTree } from './logic-models.tree.js';
import { validateUpload, type PrefectureModel, type UploadInput } from './upload.validate.js';
import { problemDetails, problemTitles } from '../../shared/messages.js';

const subjectLabels: Record<string, string> = { measure: '集計値', indicator: '指標', node: 'ノード', model: 'モデル', file: 'ファイル' };

/** An uploaded model that breaks the rules: 422 listing every problem with its node or indicator. */
export class InvalidLogicModelError extends AppError {
  constructor(err: LogicModelError) {
    super(422, 'invalid-logic-model', problemTitles['invalid-logic-model'], problemDetails.logicModelRejected(err.problems.length), {
      problems: err.problems.map((p) => ({ subject: p.subject, id: p.id, code: p.code, message: p.message })),
      // The shared 422 shape: each problem as a row error, the entry it is about as the column.
      errors: err.problems.map((p) => ({
        row: null,
        column: p.subject ? `${p.subject}:${p.id ?? ''}` : p.file,
        value: p.id,
        code: p.code,
        message: `${subjectLabels[p.subject ?? 'file']}「${p.id ?? p.file}」: ${p.message}`,
      })),
      totalErrors: err.problems.length,
      truncated: false,
    });
  }
}

function summary(m: LogicModel, modelVersion: number | null): LogicModelSummaryDto {
  const placed = new Set(m.nodes.flatMap((n) => [...n.indicators, ...n.supporting_indicators]));
  return {
    id: m.id,
    prefecture: m.prefecture_code,
    title: m.title,
    version: m.version,
    modelVersion,
    scenes: [...m.scenes],
    nodeCount: m.nodes.length,
    indicatorCount: placed.size,
  };
}

type VersionRow = Awaited<ReturnType<typeof store.listVersions>>[number];
const mapVersion = (r: VersionRow, active: number | undefined): ModelVersionDto => ({
  prefecture: r.prefectureCode,
  version: r.version,
  id: r.modelId,
  title: r.title,
  label: r.label,
  format: r.sourceFormat,
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
  active: r.version === active,
});

/** What the service needs: the store, the registry, regions and the recompute to run after an activation. */
export interface LogicModelsDeps {
  db: Db;
  registry: ModelRegistry;
  regions: RegionsService;
  /** Recomputes a prefecture's indicators for every period with data, after an activation. */
  recomputeAll: (prefecture: string) => Promise<{ period: number; indicators: number; values: number }[]>;
}

/** Each prefecture's logic model: versions uploaded through the API, one active, every one readable. */
export function createLogicModelsService(deps: LogicModelsDeps) {
  const { db, registry } = deps;
  const sourceOf = new Map(registry.files.measures.measures.map((m) => [m.id, m.source as string]));

  async function activeModels(): Promise<PrefectureLogicModels[]> {
    await registry.ensureSeeded();
    const active = await store.activeVersions(db);
    return Promise.all(active.map((a) => registry.forPrefecture(a.prefectureCode)));
  }

  return {
    /** The model in force of every prefecture, or of one. */
    async list(prefecture?: string): Promise<LogicModelSummaryDto[]> {
      const all = await activeModels();
      return all
        .filter((p) => !prefecture || p.prefecture === prefecture)
        .flatMap((p) => p.models.map((m) => summary(m, p.active?.version ?? null)));
    },

    /** The model in force with this id, as a tree; 404 when no prefecture has it active. */
    async tree(id: string): Promise<LogicModelTreeDto> {
      for (const p of await activeModels()) {
        const m = p.models.find((x) => x.id === id);
        if (m) return { ...summary(m, p.active?.version ?? null), root: modelTree(m, p.catalogue) };
      }
      throw new NotFoundError(problemDetails.noLogicModelInForce(id));
    },

    /**
     * Validates and stores a new version of a prefecture's model (not active unless `activate`).
     * The document's prefecture_code names the prefecture; the caller checks the key may write it.
     * @throws InvalidLogicModelError (422) listing every problem; nothing is stored.
     */
    async upload(input: UploadInput & { format: 'yaml' | 'json'; source: string }, actor: string | null, check: (prefecture: string) => void) {
      let doc: PrefectureModel;
      try {
        doc = validateUpload(input, registry.files);
      } catch (err) {
        if (err instanceof LogicModelError) throw new InvalidLogicModelError(err);
        throw err;
      }
      const prefecture = doc.model.prefecture_code;
      check(prefecture);
      if (!(await deps.regions.listPrefectures()).some((p) => p.code === prefecture))
        throw new NotFoundError(problemDetails.noPrefecture(prefecture));
      await registry.ensureSeeded();
      const row = await db.transaction(async (tx) => {
        await store.lockPrefecture(tx, prefecture);
        await bumpDataVersion(tx, prefecture);
        return store.insertVersion(tx, {
          prefectureCode: prefecture,
          modelId: doc.model.id,
          title: doc.model.title,
          label: doc.model.version,
          document: doc,
          source: input.source,
          sourceFormat: input.format,
          createdBy: actor,
        });
      });
      const active = (await store.activeVersions(db, prefecture))[0]?.version;
      return mapVersion(row, active);
    },

    /** Every stored version of a prefecture's model, oldest first. */
    async versions(prefecture: string): Promise<ModelVersionDto[]> {
      await registry.ensureSeeded();
      const active = (await store.activeVersions(db, prefecture))[0]?.version;
      return (await store.listVersions(db, prefecture)).map((r) => mapVersion(r, active));
    },

    /** One stored version, active or not, as a tree with its own indicators and its source. */
    async version(prefecture: string, version: number): Promise<ModelVersionDetailDto> {
      await registry.ensureSeeded();
      const row = await store.findVersion(db, prefecture, version);
      if (!row) throw new NotFoundError(problemDetails.noLogicModelVersion(prefecture, version));
      const doc = row.document as PrefectureModel;
      const catalogue = { ...registry.files.catalogue, indicators: [...registry.files.catalogue.indicators, ...doc.indicators] };
      const active = (await store.activeVersions(db, prefecture))[0]?.version;
      return {
        ...summary(doc.model, row.version),
        root: modelTree(doc.model, catalogue),
        stored: mapVersion(row, active),
        customIndicators: doc.indicators.map((i) => mapDefinition(i, catalogue, sourceOf)),
        source: row.source,
      };
    },

    /**
     * Puts a version in force for the prefecture's gap reports, targets and indicators, then
     * recomputes the prefecture's indicator values under the new catalogue (a failure there is
     * a warning: the activation stands and values are recomputed when next read).
     */
    async activate(prefecture: string, version: number, actor: string | null): Promise<ActivationDto> {
      await registry.ensureSeeded();
      await db.transaction(async (tx) => {
        await store.lockPrefecture(tx, prefecture);
        if (!(await store.findVersion(tx, prefecture, version)))
          throw new NotFoundError(problemDetails.noLogicModelVersion(prefecture, version));
        await store.insertActivation(tx, prefecture, version, actor);
        await bumpDataVersion(tx, prefecture);
      });
      registry.invalidate(prefecture);
      const [act] = await store.activeVersions(db, prefecture);
      const warnings: string[] = [];
      let recomputed: ActivationDto['recomputed'] = [];
      try {
        recomputed = await deps.recomputeAll(prefecture);
      } catch {
        warnings.push('indicators_recompute_failed');
      }
      return { prefecture, version, activatedAt: new Date(act.activatedAt).toISOString(), recomputed, warnings };
    },
  };
}

export type LogicModelsService = ReturnType<typeof createLogicModelsService>;
