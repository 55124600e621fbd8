import { Readable } from 'node:stream';
import { problemDetails } from '../../shared/messages.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { importStatus, rejectOnErrors, versions, type ImportsService } from '../imports/index.js';
import { measuresService } from '../measures/measures.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { readCsvRecords } from '../../shared/csv-input.js';
import { parseRegisterCsv } from './register.import.js';
import * as repo from './register.repository.js';
import type { RegisterEntryDto, RegisterImportDto } from './register.schemas.js';
import { REGISTER_SET } from './register.tables.js';
import { REGISTER_TYPES, registerCounts, type RegisterFlag, type RegisterType } from './register.types.js';

const flagsOf = (r: repo.RegisterEntryRow): Record<RegisterFlag, boolean> => ({
  active_role: r.activeRole,
  hub: r.hub,
  house_call: r.houseCall,
  round_the_clock: r.roundTheClock,
  end_of_life: r.endOfLife,
});

const mapEntry = (r: repo.RegisterEntryRow): RegisterEntryDto => ({
  municipality: r.municipalityCode,
  period: r.period,
  code: r.code,
  name: r.name,
  type: r.type as RegisterType,
  typeLabel: REGISTER_TYPES.find((t) => t.id === r.type)?.label_ja ?? r.type,
  address: r.address,
  flags: flagsOf(r),
});

/** Every measure a register slice holds (one per type, per flag, house-call clinics). */
const MEASURE_IDS = [...registerCounts([]).keys()];

/**
 * Mirrors into the `register.*` measures the current version of the (period, municipality)
 * slices given: counts of their current entries, or no measures when no version is left.
 */
async function syncMeasures(db: Db, prefecture: string, period: number, municipalities: readonly string[]) {
  if (municipalities.length === 0) return;
  const held = await repo.currentMunicipalities(db, prefecture, period, municipalities);
  const entries = await repo.currentEntries(db, { prefecture, period, municipalities: [...held] });
  const rows = [...held].flatMap((m) =>
    [...registerCounts(entries.filter((e) => e.municipalityCode === m).map((e) => ({ type: e.type as RegisterType, flags: flagsOf(e) })))].map(
      ([measure, value]) =>
        sql`(${prefecture}::char(2), ${m}::char(6), ${period}::smallint, ${measure}::text, 0::smallint, 0::smallint, ${value}::float8)`,
    ),
  );
  const slices = municipalities.flatMap((m) => MEASURE_IDS.map((measure) => sql`(${measure}::text, ${period}::int, ${m}::char(6))`));
  await measuresService.replaceSlices(db, {
    source: 'register',
    slices: sql`SELECT * FROM (VALUES ${sql.join(slices, sql`, `)}) AS x(measure, period, municipality_code)`,
    rows: rows.length
      ? sql`SELECT * FROM (VALUES ${sql.join(rows, sql`, `)}) AS x(prefecture_code, municipality_code, period, measure, sex, age_band, value)`
      : sql`SELECT NULL::char(2) AS prefecture_code, NULL::char(6) AS municipality_code, NULL::smallint AS period, NULL::text AS measure, NULL::smallint AS sex, NULL::smallint AS age_band, NULL::float8 AS value WHERE false`,
  });
}

/**
 * The resource register, on the versioned-slices mechanism (src/modules/imports): a file is one
 * version of the (period, municipality) slice of every municipality it lists, all or nothing;
 * the same content again changes nothing; a retraction brings back the previous version. The
 * counts by type and role flag of the current versions are the `register.*` measures of the
 * period, and the prefecture's indicators are recomputed after each change.
 */
export function createRegisterService(deps: {
  db: Db;
  imports: ImportsService;
  regions: RegionsService;
  /** Recomputes the indicators fed by the register after a committed change. */
  onChanged?: (prefecture: string, period: number) => Promise<unknown>;
}) {
  const { db, imports } = deps;

  async function periodOf(prefecture: string, period?: number) {
    return period ?? (await repo.latestPeriod(db, prefecture));
  }

  /** An upload as the API answers it (read on `dbx`: a transaction sees its own writes). */
  async function describe(dbx: Db, u: repo.RegisterUploadRow): Promise<RegisterImportDto> {
    const slices = await repo.slicesOf(dbx, [u.id]);
    return mapUpload(u, slices);
  }

  function mapUpload(u: repo.RegisterUploadRow, slices: { status: string; municipalityCode: string }[]): RegisterImportDto {
    return {
      id: u.id,
      period: u.period,
      asOf: u.asOf,
      rows: u.rows,
      municipalities: u.municipalities,
      status: importStatus(u.retractedAt !== null, slices.map((s) => s.status)),
      currentMunicipalities: slices.filter((s) => s.status === 'current').map((s) => s.municipalityCode),
      fileName: u.fileName,
      encoding: u.encoding,
      sha256: u.sha256,
      createdAt: new Date(u.createdAt).toISOString(),
      createdBy: u.createdByName,
      retractedAt: u.retractedAt ? new Date(u.retractedAt).toISOString() : null,
    };
  }

  /** An upload a key may see (its own prefecture's, or any for an unbound key); 404 otherwise. */
  async function visibleUpload(id: string, p: Principal) {
    const u = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findUpload(db, id) : undefined;
    if (!u || (p.prefectureCode !== null && u.prefectureCode !== p.prefectureCode)) throw new NotFoundError(problemDetails.noUpload(id));
    return u;
  }

  /** Tells the indicator engine; a failure leaves the data stored and says so. */
  async function notify(prefecture: string, period: number): Promise<string[]> {
    if (!deps.onChanged) return [];
    try {
      await deps.onChanged(prefecture, period);
      return [];
    } catch {
      return ['indicators_recompute_failed'];
    }
  }

  return {
    /**
     * Loads a register file for a prefecture and period (the route checked the key may write the
     * prefecture): identical content of a live import answers it; any row error rejects the
     * whole file (422, nothing stored); otherwise, in one transaction, the file becomes the
     * current version of its municipalities' slices, the measures follow, the data version moves.
     */
    async importCsv(args: { prefecture: string; period: number; asOf?: string; buf: Buffer; fileName?: string | null; principal: Principal }) {
      const { prefecture, period, principal: p } = args;
      const codes = await deps.regions.municipalityCodes(prefecture);
      if (codes.size === 0) throw new NotFoundError(problemDetails.noMunicipalitiesLoaded(prefecture));
      const staged = await imports.stage(Readable.from([args.buf]));
      try {
        const answer = async (dbx: Db, id: string) => {
          const body = await describe(dbx, (await repo.findUpload(dbx, id))!);
          return { importId: id, prefecture, period, rows: body.rows, municipalities: body.municipalities, unchanged: true, warnings: [] as string[], import: body };
        };
        // Scoped to the prefecture the key may write: another prefecture's import is never named.
        const scope = { prefecture_code: prefecture, period };
        const identical = await versions.findIdentical(db, REGISTER_SET, staged.sha256, scope);
        if (identical) return await answer(db, identical);

        const { entries } = rejectOnErrors((({ entries, errors }) => ({ entries, errors, totalErrors: errors.length }))(parseRegisterCsv(args.buf, codes)));
        const read = readCsvRecords(args.buf);
        const municipalities = [...new Set(entries.map((e) => e.municipality))].sort();
        const stored = await imports.change(REGISTER_SET, prefecture, async (tx) => {
          const raced = await versions.findIdentical(tx.db, REGISTER_SET, staged.sha256, scope);
          if (raced) return answer(tx.db, raced);
          const u = await repo.insertUpload(tx.db, {
            prefectureCode: prefecture,
            sha256: staged.sha256,
            fileName: args.fileName ?? null,
            format: 'csv',
            encoding: read.error ? null : read.encoding,
            rows: entries.length,
            createdBy: p.keyId,
            createdByName: p.name,
            period,
            asOf: args.asOf ?? null,
            municipalities: municipalities.length,
          });
          await repo.insertEntries(
            tx.db,
            entries.map((e, i) => ({
              uploadId: u.id,
              prefectureCode: prefecture,
              municipalityCode: e.municipality,
              period,
              code: e.code,
              name: e.name,
              type: e.type,
              address: e.address,
              activeRole: e.flags.active_role,
              hub: e.flags.hub,
              houseCall: e.flags.house_call,
              roundTheClock: e.flags.round_the_clock,
              endOfLife: e.flags.end_of_life,
              rowNo: i + 2,
            })),
          );
          await versions.makeCurrent(
            tx.db,
            REGISTER_SET,
            u.id,
            municipalities.map((m) => ({ key: [period, m], prefecture, rows: entries.filter((e) => e.municipality === m).length })),
          );
          await syncMeasures(tx.db, prefecture, period, municipalities);
          await bumpDataVersion(tx.db, prefecture);
          const body = await describe(tx.db, u);
          return { importId: u.id, prefecture, period, rows: entries.length, municipalities: municipalities.length, unchanged: false, warnings: [] as string[], import: body };
        });
        if (stored.unchanged) return stored;
        return { ...stored, warnings: await notify(prefecture, period) };
      } finally {
        await imports.discard(staged);
      }
    },

    /**
     * Retracts an import: each (period, municipality) slice it held current falls back to the
     * previous version of a live import (or to none); the measures and indicators follow.
     */
    async retract(id: string, p: Principal): Promise<RegisterImportDto & { warnings: string[] }> {
      const u = await visibleUpload(id, p);
      const changed = await imports.change(REGISTER_SET, u.prefectureCode, async (tx) => {
        const now = (await repo.findUpload(tx.db, id))!;
        if (now.retractedAt) return false;
        await versions.markRetracted(tx.db, REGISTER_SET, id, p.keyId);
        await versions.restorePrevious(tx.db, REGISTER_SET, id);
        const municipalities = (await repo.slicesOf(tx.db, [id])).map((s) => s.municipalityCode);
        await syncMeasures(tx.db, u.prefectureCode, u.period, municipalities);
        await bumpDataVersion(tx.db, u.prefectureCode);
        return true;
      });
      const body = await describe(db, (await repo.findUpload(db, id))!);
      return { ...body, warnings: changed ? await notify(u.prefectureCode, u.period) : [] };
    },

    /** One import: who, when, file, hash, status and the municipalities it holds current. */
    async getImport(id: string, p: Principal) {
      return describe(db, await visibleUpload(id, p));
    },

    async list(f: { prefecture: string; period?: number; municipality?: string; type?: RegisterType; flag?: RegisterFlag }) {
      const period = await periodOf(f.prefecture, f.period);
      if (period === null) return [];
      return (await repo.currentEntries(db, { ...f, period })).map(mapEntry);
    },

    /** Counts per municipality with a register, as they are stored as measures. */
    async counts(prefecture: string, requested?: number) {
      const period = await periodOf(prefecture, requested);
      if (period === null) return { prefecture, period: null, municipalities: [] };
      const rows = await repo.currentEntries(db, { prefecture, period });
      const byMunicipality = new Map<string, repo.RegisterEntryRow[]>();
      for (const r of rows) byMunicipality.set(r.municipalityCode, [...(byMunicipality.get(r.municipalityCode) ?? []), r]);
      return {
        prefecture,
        period,
        municipalities: [...byMunicipality].map(([municipality, es]) => ({
          municipality,
          counts: Object.fromEntries(registerCounts(es.map((e) => ({ type: e.type as RegisterType, flags: flagsOf(e) })))),
        })),
      };
    },

    /** Every import of a prefecture (optionally one period), oldest first: the history. */
    async imports(prefecture: string, period?: number) {
      const uploads = await repo.listUploads(db, prefecture, period);
      const slices = await repo.slicesOf(
        db,
        uploads.map((u) => u.id),
      );
      return uploads.map((u) => mapUpload(u, slices.filter((s) => s.uploadId === u.id)));
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
