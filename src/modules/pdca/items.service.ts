import type { Db } from '../../db/client.js';
import { BadRequestError, InvalidContentError, NotFoundError } from '../../shared/errors.js';
import type { RegionsService } from '../regions/regions.service.js';
import { itemInfo, parseItem, STATUS_LABELS, type ItemId, type ItemStatus } from './items.js';
import { parseItemsCsv } from './items.import.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import * as repo from './items.repository.js';
import type { ItemStatusEntryDto, ItemSummaryDto } from './items.schemas.js';
import { summarise } from './items.summary.js';
import { problemDetails } from '../../shared/messages.js';

/** Who records a change. */
export interface Actor {
  keyId: string | null;
  name: string | null;
}

function mapEntry(r: repo.ItemStatusRow): ItemStatusEntryDto {
  const info = itemInfo(r.item as ItemId);
  return {
    id: r.id,
    municipality: r.municipalityCode,
    item: info.id,
    kana: info.kana,
    label_ja: info.label_ja,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    asOf: r.asOf,
    note: r.note,
    via: r.via,
    recordedBy: r.recordedByName,
    recordedAt: new Date(r.recordedAt).toISOString(),
  };
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The eight-item tracker: dated statuses per municipality × item, never overwritten, and the published table. */
export function createItemsService(deps: { db: Db; regions: RegionsService }) {
  const { db } = deps;

  const itemOf = (s: string): ItemId => {
    const id = parseItem(s);
    if (!id) throw new BadRequestError(problemDetails.unknownPdcaItem(s));
    return id;
  };

  async function municipality(code: string) {
    const m = (await deps.regions.municipalityRows(code.slice(0, 2))).find((x) => x.code === code);
    if (!m) throw new NotFoundError(problemDetails.noMunicipality(code));
    return m;
  }

  return {
    parseItem: itemOf,

    /** Records a status from a date; the same status and note already recorded for that date change nothing. */
    async put(
      code: string,
      item: string,
      body: { status: ItemStatus; as_of: string; note?: string | null },
      actor: Actor,
    ): Promise<{ change: 'created' | 'unchanged'; entry: ItemStatusEntryDto }> {
      const id = itemOf(item);
      const m = await municipality(code);
      const note = body.note?.trim() || null;
      return db.transaction(async (tx) => {
        await repo.lockPrefecture(tx, m.prefectureCode);
        const last = await repo.latestAt(tx, code, id, body.as_of);
        if (last && last.status === body.status && last.note === note) return { change: 'unchanged' as const, entry: mapEntry(last) };
        await repo.insertStatuses(tx, [
          {
            prefectureCode: m.prefectureCode,
            municipalityCode: code,
            item: id,
            asOf: body.as_of,
            status: body.status,
            note,
            via: 'api',
            recordedByKeyId: actor.keyId,
            recordedByName: actor.name,
          },
        ]);
        await bumpDataVersion(tx, m.prefectureCode);
        return { change: 'created' as const, entry: mapEntry((await repo.latestAt(tx, code, id, body.as_of))!) };
      });
    },

    /**
     * Loads a file of statuses for a prefecture, all or nothing: any row error rejects the whole
     * file (422 with every error). Rows equal to what is recorded for their date are skipped, so
     * the same file again records nothing.
     */
    async importCsv(prefecture: string, buf: Buffer, actor: Actor) {
      const codes = await deps.regions.municipalityCodes(prefecture);
      if (codes.size === 0) throw new NotFoundError(problemDetails.noMunicipalitiesLoaded(prefecture));
      const { rows, errors } = parseItemsCsv(buf, codes);
      if (errors.length) throw new InvalidContentError(problemDetails.pdcaFileRejected(errors.length), errors);
      return db.transaction(async (tx) => {
        await repo.lockPrefecture(tx, prefecture);
        const current = new Map(
          (await repo.latestPerDate(tx, prefecture)).map((r) => [`${r.municipality_code}|${r.item}|${r.as_of}`, r]),
        );
        const fresh = rows.filter((r) => {
          const c = current.get(`${r.municipality}|${r.item}|${r.asOf}`);
          return !c || c.status !== r.status || c.note !== r.note;
        });
        await repo.insertStatuses(
          tx,
          fresh.map((r) => ({
            prefectureCode: prefecture,
            municipalityCode: r.municipality,
            item: r.item,
            asOf: r.asOf,
            status: r.status,
            note: r.note,
            via: 'import' as const,
            recordedByKeyId: actor.keyId,
            recordedByName: actor.name,
          })),
        );
        if (fresh.length) await bumpDataVersion(tx, prefecture);
        return { prefecture, rows: rows.length, inserted: fresh.length, unchanged: rows.length - fresh.length };
      });
    },

    /** Every recorded row of a municipality, oldest first (404 for an unknown municipality). */
    async history(code: string, item?: string): Promise<ItemStatusEntryDto[]> {
      await municipality(code);
      return (await repo.history(db, code, item ? itemOf(item) : undefined)).map(mapEntry);
    },

    /** The published table at a date: what was recorded as in force then. */
    async summary(prefecture: string, asOf = todayUtc()): Promise<ItemSummaryDto> {
      const ms = await deps.regions.municipalityRows(prefecture);
      const named = ms.map((m) => ({ code: m.code, name: m.name }));
      const items = summarise(await repo.statesAt(db, prefecture, asOf), named);
      return { prefecture, asOf, municipalities: named.length, items };
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
