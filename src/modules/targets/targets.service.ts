import type { Db } from '../../db/client.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { BadRequestError, InvalidContentError, NotFoundError } from '../../shared/errors.js';
import type { LoadedLogicModels } from '../logic-models/logic-models.definitions.js';
import type { RegionsService } from '../regions/regions.service.js';
import { TargetIndex, type Place } from './targets.inherit.js';
import { parseTargetsCsv } from './targets.import.js';
import { messages } from './targets.messages.js';
import { mapTarget, sameValues, snapshot, toRecord } from './targets.mapping.js';
import * as repo from './targets.repository.js';
import type { TargetChangeDto, TargetDto, TargetPatchDto, TargetPutDto, TargetSnapshotDto } from './targets.schemas.js';
import { checkTarget, type Scope, type TargetLookups, type ValidTarget } from './targets.validate.js';
import { problemDetails } from '../../shared/messages.js';

/** Who changes a target, as kept in its history. */
export interface Actor {
  keyId: string | null;
  name: string | null;
}

/** Targets: set, list, delete, bulk-load and inherit; every change is kept with who and when. */
export function createTargetsService(deps: {
  db: Db;
  regions: RegionsService;
  /** The prefecture's catalogue (standard indicators plus its model's own). */
  logicModels: (prefecture: string) => Promise<LoadedLogicModels>;
}) {
  const { db } = deps;
  // Bumped after every committed write, so readers holding a TargetIndex know when to reload it.
  const versions = new Map<string, number>();
  const bump = (prefecture: string) => versions.set(prefecture, (versions.get(prefecture) ?? 0) + 1);

  async function lookups(prefecture: string): Promise<TargetLookups> {
    const [{ catalogue }, ms] = await Promise.all([deps.logicModels(prefecture), deps.regions.municipalityRows(prefecture)]);
    const defs = new Map(catalogue.indicators.map((i) => [i.id, i]));
    return {
      prefecture,
      indicator: (id) => defs.get(id),
      areas: new Set(ms.map((m) => m.medicalArea)),
      municipalities: new Set(ms.map((m) => m.code)),
    };
  }

  /** Inserts or updates one checked target on the caller's transaction, with its history row. */
  async function write(tx: Db, t: ValidTarget, actor: Actor, via: 'api' | 'import') {
    const key = {
      prefectureCode: t.prefecture,
      indicatorId: t.indicator,
      scope: t.scope,
      scopeCode: t.code,
      targetYear: t.targetYear,
    };
    const values = {
      targetValue: t.targetValue,
      baselineYear: t.baselineYear,
      baselineValue: t.baselineValue,
      note: t.note,
      updatedBy: actor.name,
    };
    const existing = await repo.findByKey(tx, key);
    const history = { prefectureCode: t.prefecture, via, changedByKeyId: actor.keyId, changedByName: actor.name };
    if (!existing) {
      const row = await repo.insertTarget(tx, { ...key, ...values });
      await repo.insertHistory(tx, [
        { ...history, targetId: row.id, action: 'created', oldValues: null, newValues: snapshot(row) },
      ]);
      return { change: 'created' as const, row };
    }
    if (sameValues(snapshot(existing), snapshot(t))) return { change: 'unchanged' as const, row: existing };
    const row = await repo.updateTarget(tx, existing.id, values);
    await repo.insertHistory(tx, [
      { ...history, targetId: row.id, action: 'updated', oldValues: snapshot(existing), newValues: snapshot(row) },
    ]);
    return { change: 'updated' as const, row };
  }

  return {
    /** The prefecture a PUT acts on: given, else implied by the code, else the key's own. */
    prefectureOf(input: TargetPutDto, bound: string | null): string {
      const implied =
        input.scope === 'municipality'
          ? input.code?.slice(0, 2)
          : input.scope === 'prefecture'
            ? input.code
            : undefined;
      const pref = input.prefecture ?? (implied || undefined) ?? bound ?? undefined;
      if (!pref) throw new BadRequestError(problemDetails.areaTargetPrefecture());
      return pref;
    },

    /** Creates or updates the target of its key; 422 with the reasons when it is invalid. */
    async put(input: TargetPutDto, prefecture: string, actor: Actor) {
      const checked = checkTarget(
        {
          indicator: input.indicator,
          scope: input.scope,
          code: input.code ?? '',
          targetYear: input.targetYear,
          targetValue: input.value,
          baselineYear: input.baselineYear ?? null,
          baselineValue: input.baselineValue ?? null,
          note: input.note ?? null,
        },
        await lookups(prefecture),
        null,
      );
      if (!checked.target)
        throw new InvalidContentError(problemDetails.targetRejected(), checked.errors);
      const t = checked.target;
      return db
        .transaction(async (tx) => {
          await repo.lockPrefectureTargets(tx, prefecture);
          const { change, row } = await write(tx, t, actor, 'api');
          if (change !== 'unchanged') await bumpDataVersion(tx, prefecture);
          return { change, target: mapTarget(row) };
        })
        .finally(() => bump(prefecture));
    },

    /**
     * Changes only the fields sent (value, baseline, note) of an existing target, through the same
     * validation, transaction and history as {@link put}; a field sent as null is cleared.
     */
    async patch(id: string, changes: TargetPatchDto, actor: Actor) {
      const t = await this.get(id);
      const has = (k: keyof TargetPatchDto) => Object.prototype.hasOwnProperty.call(changes, k);
      return this.put(
        {
          indicator: t.indicator,
          scope: t.scope,
          code: t.code,
          prefecture: t.prefecture,
          targetYear: t.targetYear,
          value: changes.value ?? t.value,
          baselineYear: has('baselineYear') ? (changes.baselineYear ?? null) : t.baselineYear,
          baselineValue: has('baselineValue') ? (changes.baselineValue ?? null) : t.baselineValue,
          note: has('note') ? (changes.note ?? null) : t.note,
        },
        t.prefecture,
        actor,
      );
    },

    /** A counter of this process's writes to a prefecture's targets (for caches of the index). */
    version: (prefecture: string) => versions.get(prefecture) ?? 0,

    async list(f: { prefecture: string; indicator?: string; scope?: Scope; code?: string; year?: number }) {
      const rows = await repo.listTargets(db, {
        prefectureCode: f.prefecture,
        indicatorId: f.indicator,
        scope: f.scope,
        scopeCode: f.code,
        targetYear: f.year,
      });
      return rows.map(mapTarget);
    },

    async get(id: string): Promise<TargetDto> {
      const row = await repo.findTarget(db, id);
      if (!row) throw new NotFoundError(problemDetails.noTarget(id));
      return mapTarget(row);
    },

    /** Deletes a target; its history stays. */
    async remove(id: string, actor: Actor) {
      const prefecture = await db.transaction(async (tx) => {
        const row = await repo.findTarget(tx, id);
        if (!row) throw new NotFoundError(problemDetails.noTarget(id));
        await repo.lockPrefectureTargets(tx, row.prefectureCode);
        await repo.deleteTarget(tx, id);
        await repo.insertHistory(tx, [
          {
            targetId: id,
            prefectureCode: row.prefectureCode,
            action: 'deleted',
            via: 'api',
            oldValues: snapshot(row),
            newValues: null,
            changedByKeyId: actor.keyId,
            changedByName: actor.name,
          },
        ]);
        await bumpDataVersion(tx, row.prefectureCode);
        return row.prefectureCode;
      });
      bump(prefecture);
    },

    /** Every change of a target, oldest first, with the prefecture it belongs to; 404 when none. */
    async history(id: string): Promise<{ prefecture: string; changes: TargetChangeDto[] }> {
      const rows = await repo.historyOf(db, id);
      if (!rows.length) throw new NotFoundError(problemDetails.noTarget(id));
      return {
        prefecture: rows[0].prefectureCode,
        changes: rows.map((h) => ({
          id: h.id,
          targetId: h.targetId,
          action: h.action,
          via: h.via,
          old: (h.oldValues as TargetSnapshotDto | null) ?? null,
          new: (h.newValues as TargetSnapshotDto | null) ?? null,
          changedBy: { keyId: h.changedByKeyId, name: h.changedByName },
          changedAt: h.changedAt.toISOString(),
        })),
      };
    },

    /** Loads a target file for one prefecture, all or nothing. */
    async importCsv(buf: Buffer, prefecture: string, actor: Actor) {
      const parsed = parseTargetsCsv(buf, await lookups(prefecture));
      if (parsed.errors.length) throw new InvalidContentError(messages.rejected(), parsed.errors);
      return db
        .transaction(async (tx) => {
          await repo.lockPrefectureTargets(tx, prefecture);
          const counts = { created: 0, updated: 0, unchanged: 0 };
          for (const t of parsed.targets) counts[(await write(tx, t, actor, 'import')).change]++;
          if (counts.created + counts.updated > 0) await bumpDataVersion(tx, prefecture);
          return { prefecture, rows: parsed.targets.length, ...counts };
        })
        .finally(() => bump(prefecture));
    },

    /** Every target of a prefecture, indexed for inheritance. */
    async index(prefecture: string): Promise<TargetIndex> {
      const rows = await repo.listTargets(db, { prefectureCode: prefecture });
      return new TargetIndex(rows.map(toRecord));
    },

    /** The target of (indicator, municipality, year) after inheritance, with its source. */
    async effective(indicator: string, municipality: string, year: number) {
      const m = (await deps.regions.municipalityRows(municipality.slice(0, 2))).find((x) => x.code === municipality);
      if (!m) throw new NotFoundError(problemDetails.noMunicipality(municipality));
      const place: Place = { municipality, area: m.medicalArea, prefecture: m.prefectureCode };
      const resolved = (await this.index(m.prefectureCode)).resolve(indicator, place, year);
      if (!resolved) return { source: null, target: null };
      return { source: resolved.source, target: await this.get(resolved.id) };
    },
  };
}

/** The targets service's API. */
export type TargetsService = ReturnType<typeof createTargetsService>;
