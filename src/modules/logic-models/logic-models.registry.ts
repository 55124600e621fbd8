import type { Db } from '../../db/client.js';
import type { IndicatorDef, LoadedLogicModels } from './logic-models.definitions.js';
import * as store from './logic-models.store.js';
import { VersionedCache } from '../freshness/versioned-cache.js';
import type { PrefectureModel } from './upload.validate.js';

/** The version of a prefecture's model in force. */
export interface ActiveModelInfo {
  version: number;
  modelId: string;
  label: string;
  activatedAt: string;
  activatedBy: string | null;
}

/**
 * What one prefecture computes with: the measure catalogue, the indicator catalogue extended by
 * its model's own indicators, and its active model (none before a model is activated). The same
 * object is returned while the same version is active, so callers may memoise on it.
 */
export interface PrefectureLogicModels extends LoadedLogicModels {
  prefecture: string;
  active: ActiveModelInfo | null;
  /** The indicators the active model defines itself (also in `catalogue`). */
  custom: IndicatorDef[];
}

/**
 * Per-prefecture logic models read from the database. The models shipped in logic-models/ are
 * stored once as version 1 of their prefecture's model (when it has none) and activated. The
 * active version is read on every call unless `recheckMs` allows reusing it for a while.
 */
export function createModelRegistry(deps: { db: Db; files: LoadedLogicModels; recheckMs?: number }) {
  const { db, files } = deps;
  // 0 by default: the active version is one indexed read, and a version activated by another
  // process must be seen by the very request whose data version (bumped by the activation) it reads.
  const recheckMs = deps.recheckMs ?? 0;
  const byVersion = new Map<string, PrefectureLogicModels>();
  const bare = new Map<string, PrefectureLogicModels>();
  const checked = new Map<string, { at: number; value: Promise<PrefectureLogicModels> }>();
  // What was in force at a prefecture's data version (an activation bumps it, on any replica).
  const atVersion = new VersionedCache<PrefectureLogicModels>(200);
  let seeded: Promise<void> | null = null;

  async function seed() {
    for (const model of files.models) {
      await db.transaction(async (tx) => {
        await store.lockPrefecture(tx, model.prefecture_code);
        if ((await store.countVersions(tx, model.prefecture_code)) > 0) return;
        const document: PrefectureModel = { model, indicators: [] };
        const row = await store.insertVersion(tx, {
          prefectureCode: model.prefecture_code,
          modelId: model.id,
          title: model.title,
          label: model.version,
          document,
          source: JSON.stringify(model),
          sourceFormat: 'file',
          createdBy: 'logic-models/',
        });
        await store.insertActivation(tx, model.prefecture_code, row.version, 'logic-models/');
      });
    }
  }
  const ensureSeeded = () => {
    seeded ??= seed().catch((err) => {
      seeded = null;
      throw err;
    });
    return seeded;
  };

  const bareOf = (prefecture: string) => {
    let v = bare.get(prefecture);
    if (!v) bare.set(prefecture, (v = { ...files, models: [], prefecture, active: null, custom: [] }));
    return v;
  };

  async function load(prefecture: string): Promise<PrefectureLogicModels> {
    await ensureSeeded();
    const [act] = await store.activeVersions(db, prefecture);
    if (!act) return bareOf(prefecture);
    const key = `${prefecture}:${act.version}`;
    const hit = byVersion.get(key);
    if (hit) return hit;
    const row = await store.findVersion(db, prefecture, act.version);
    if (!row) return bareOf(prefecture);
    const doc = row.document as PrefectureModel;
    const value: PrefectureLogicModels = {
      measures: files.measures,
      catalogue: { ...files.catalogue, indicators: [...files.catalogue.indicators, ...doc.indicators] },
      models: [doc.model],
      prefecture,
      active: {
        version: row.version,
        modelId: row.modelId,
        label: row.label,
        activatedAt: new Date(act.activatedAt).toISOString(),
        activatedBy: act.activatedBy,
      },
      custom: doc.indicators,
    };
    byVersion.set(key, value);
    return value;
  }

  return {
    ensureSeeded,

    /**
     * The prefecture's catalogue and active model. Given the prefecture's data version read for a
     * request, the model read at that version (or a later one) is reused: activating a version
     * bumps the data version in its transaction, so the next request on any replica reads anew.
     */
    forPrefecture(prefecture: string, version?: number): Promise<PrefectureLogicModels> {
      if (version !== undefined) return atVersion.get(prefecture, version, () => load(prefecture));
      const c = checked.get(prefecture);
      if (c && Date.now() - c.at < recheckMs) return c.value;
      const value = load(prefecture);
      checked.set(prefecture, { at: Date.now(), value });
      value.catch(() => checked.delete(prefecture));
      return value;
    },

    /** Forgets the cached active version (after an activation). */
    invalidate: (prefecture: string) => {
      checked.delete(prefecture);
      atVersion.delete(prefecture);
    },

    /** The catalogues shipped with the service (measures and standard indicators). */
    files,
  };
}

export type ModelRegistry = ReturnType<typeof createModelRegistry>;
