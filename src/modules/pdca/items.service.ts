import { Readable } from 'node:stream';
import { problemDetails } from '../../shared/messages.js';
import type { Db } from '../../db/client.js';
import { readCsvRecords } from '../../shared/csv-input.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import { importStatus, rejectOnErrors, versions, type ImportsService } from '../imports/index.js';
import type { RegionsService } from '../regions/regions.service.js';
import { itemInfo, parseItem, STATUS_LABELS, type ItemId, type ItemStatus } from './items.js';
import { parseItemsCsv } from './items.import.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import * as repo from './items.repository.js';
import type { ItemImportDto, ItemImportResultDto, ItemStatusEntryDto, ItemSummaryDto } from './items.schemas.js';
import { PDCA_ITEMS_SET } from './pdca.tables.js';
import { summarise } from './items.summary.js';

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
export function createItemsService(deps: { db: Db; imports: ImportsService; regions: RegionsService }) {
  const { db, imports } = deps;

  function mapUpload(u: repo.ItemUploadRow, statuses: readonly string[]): ItemImportDto {
    return {
      id: u.id,
      prefecture: u.prefectureCode,
      rows: u.rows,
      inserted: u.rows - u.unchangedRows,
      unchanged: u.unchangedRows,
      status: importStatus(u.retractedAt !== null, statuses),
      fileName: u.fileName,
      encoding: u.encoding,
      sha256: u.sha256,
      createdAt: new Date(u.createdAt).toISOString(),
      createdBy: u.createdByName,
      retractedAt: u.retractedAt ? new Date(u.retractedAt).toISOString() : null,
    };
  }

  async function describe(dbx: Db, id: string): Promise<ItemImportDto> {
    const u = (await repo.findUpload(dbx, id))!;
    return mapUpload(u, (await repo.sliceStatuses(dbx, [id])).map((s) => s.status));
  }

  /** An import the key may see (its prefecture's, or any for an unbound key); 404 otherwise. */
  async function visibleUpload(id: string, prefectureOfKey: string | null) {
    const u = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findUpload(db, id) : undefined;
    if (!u || (prefectureOfKey !== null && u.prefectureCode !== prefectureOfKey)) throw new NotFoundError(problemDetails.noUpload(id));
    return u;
  }

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
        await repo.supersedeByWrite(tx, code, id, body.as_of);
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
     * Loads a file of statuses for a prefecture on the versioned-slices mechanism, all or
     * nothing: any row error rejects the whole file (422 with every error). The same content as
     * a live import answers that import (nothing recorded); otherwise rows equal to what is
     * recorded for their date are skipped and the others recorded as one import, whose rows a
     * retraction removes again.
     */
    async importCsv(prefecture: string, file: { buf: Buffer; fileName?: string | null }, actor: Actor): Promise<ItemImportResultDto> {
      const codes = await deps.regions.municipalityCodes(prefecture);
      if (codes.size === 0) throw new NotFoundError(problemDetails.noMunicipalitiesLoaded(prefecture));
      const staged = await imports.stage(Readable.from([file.buf]));
      try {
        const scope = { prefecture_code: prefecture };
        const answer = async (dbx: Db, id: string): Promise<ItemImportResultDto> => {
          const body = await describe(dbx, id);
          return { importId: id, identical: true, prefecture, rows: body.rows, inserted: 0, unchanged: body.rows, import: body };
        };
        const identical = await versions.findIdentical(db, PDCA_ITEMS_SET, staged.sha256, scope);
        if (identical) return await answer(db, identical);
        const parsed = parseItemsCsv(file.buf, codes);
        const { rows } = rejectOnErrors({ ...parsed, totalErrors: parsed.errors.length });
        const read = readCsvRecords(file.buf);
        return await imports.change(PDCA_ITEMS_SET, prefecture, async (tx) => {
          const raced = await versions.findIdentical(tx.db, PDCA_ITEMS_SET, staged.sha256, scope);
          if (raced) return answer(tx.db, raced);
          const current = new Map(
            (await repo.latestPerDate(tx.db, prefecture)).map((r) => [`${r.municipality_code}|${r.item}|${r.as_of}`, r]),
          );
          const fresh = rows.filter((r) => {
            const c = current.get(`${r.municipality}|${r.item}|${r.asOf}`);
            return !c || c.status !== r.status || c.note !== r.note;
          });
          const result = { importId: null, identical: false, prefecture, rows: rows.length, inserted: fresh.length, unchanged: rows.length - fresh.length, import: null };
          // Nothing new: no import is recorded (there would be nothing to retract).
          if (fresh.length === 0) return result;
          const u = await repo.insertUpload(tx.db, {
            prefectureCode: prefecture,
            sha256: staged.sha256,
            fileName: file.fileName ?? null,
            format: 'csv',
            encoding: read.error ? null : read.encoding,
            rows: rows.length,
            unchangedRows: rows.length - fresh.length,
            createdBy: actor.keyId,
            createdByName: actor.name,
          });
          await repo.insertStatuses(
            tx.db,
            fresh.map((r) => ({
              prefectureCode: prefecture,
              municipalityCode: r.municipality,
              item: r.item,
              asOf: r.asOf,
              status: r.status,
              note: r.note,
              via: 'import' as const,
              uploadId: u.id,
              recordedByKeyId: actor.keyId,
              recordedByName: actor.name,
            })),
          );
          await versions.makeCurrent(
            tx.db,
            PDCA_ITEMS_SET,
            u.id,
            fresh.map((r) => ({ key: [r.municipality, r.item, r.asOf], prefecture, rows: 1 })),
          );
          await bumpDataVersion(tx.db, prefecture);
          return { ...result, importId: u.id, import: await describe(tx.db, u.id) };
        });
      } finally {
        await imports.discard(staged);
      }
    },

    /** The imports of a prefecture, oldest first (the history of files). */
    async imports(prefecture: string): Promise<ItemImportDto[]> {
      const uploads = await repo.listUploads(db, prefecture);
      const statuses = await repo.sliceStatuses(
        db,
        uploads.map((u) => u.id),
      );
      return uploads.map((u) => mapUpload(u, statuses.filter((s) => s.uploadId === u.id).map((s) => s.status)));
    },

    async getImport(id: string, prefectureOfKey: string | null): Promise<ItemImportDto> {
      return describe(db, (await visibleUpload(id, prefectureOfKey)).id);
    },

    /**
     * Retracts an import: its rows leave the history and the summary (the summary at any date is
     * then what it would have been without the file); a slice it held falls back to the previous
     * import's version, and rows recorded by single writes stay.
     */
    async retract(id: string, actor: Actor, prefectureOfKey: string | null): Promise<ItemImportDto> {
      const u = await visibleUpload(id, prefectureOfKey);
      await imports.change(PDCA_ITEMS_SET, u.prefectureCode, async (tx) => {
        if ((await repo.findUpload(tx.db, id))!.retractedAt) return;
        await versions.markRetracted(tx.db, PDCA_ITEMS_SET, id, actor.keyId as string);
        await versions.restorePrevious(tx.db, PDCA_ITEMS_SET, id);
        await bumpDataVersion(tx.db, u.prefectureCode);
      });
      return describe(db, id);
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
