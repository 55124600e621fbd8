import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { InvalidContentError, NotFoundError } from '../../shared/errors.js';
import { measuresService } from '../measures/measures.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { Actor } from '../pdca/items.service.js';
import { parseRegisterCsv, type RegisterInput } from './register.import.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import * as repo from './register.repository.js';
import type { RegisterEntryDto } from './register.schemas.js';
import { REGISTER_TYPES, registerCounts, type RegisterFlag, type RegisterType } from './register.types.js';
import { problemDetails } from '../../shared/messages.js';

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

/** One municipality's counts as measure rows (zeros included: a register saying "none" is data). */
function countRows(prefecture: string, period: number, entries: readonly RegisterInput[], municipalities: readonly string[]) {
  return municipalities.flatMap((m) =>
    [...registerCounts(entries.filter((e) => e.municipality === m))].map(([measure, value]) =>
      sql`(${prefecture}::char(2), ${m}::char(6), ${period}::smallint, ${measure}::text, 0::smallint, 0::smallint, ${value}::float8)`,
    ),
  );
}

/**
 * The resource register: files replace, for their period, the entries of every municipality they
 * list (all or nothing; the same file again changes nothing); counts by type and role flag become
 * `register.*` measures of that period, and the prefecture's indicators are recomputed.
 */
export function createRegisterService(deps: {
  db: Db;
  regions: RegionsService;
  /** Recomputes the indicators fed by the register after a committed import. */
  onChanged?: (prefecture: string, period: number) => Promise<unknown>;
}) {
  const { db } = deps;

  async function periodOf(prefecture: string, period?: number) {
    return period ?? (await repo.latestPeriod(db, prefecture));
  }

  return {
    async importCsv(args: { prefecture: string; period: number; asOf?: string; buf: Buffer; actor: Actor }) {
      const { prefecture, period } = args;
      const codes = await deps.regions.municipalityCodes(prefecture);
      if (codes.size === 0) throw new NotFoundError(problemDetails.noMunicipalitiesLoaded(prefecture));
      const { entries, errors } = parseRegisterCsv(args.buf, codes);
      if (errors.length) throw new InvalidContentError(problemDetails.fileRejected(errors.length), errors);
      const sha256 = createHash('sha256').update(args.buf).digest('hex');
      const municipalities = [...new Set(entries.map((e) => e.municipality))].sort();
      const result = await db.transaction(async (tx) => {
        await repo.lockPrefecture(tx, prefecture);
        const last = await repo.latestImport(tx, prefecture, period);
        if (last && last.sha256 === sha256) return { importId: last.id, unchanged: true };
        const imp = await repo.insertImport(tx, {
          prefectureCode: prefecture,
          period,
          asOf: args.asOf ?? null,
          sha256,
          rows: entries.length,
          municipalities: municipalities.length,
          createdBy: args.actor.name,
        });
        await repo.supersede(tx, prefecture, period, municipalities);
        await repo.insertEntries(
          tx,
          entries.map((e) => ({
            importId: imp.id,
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
            current: true,
          })),
        );
        const rows = countRows(prefecture, period, entries, municipalities);
        await measuresService.replaceSlices(tx, {
          source: 'register',
          slices: sql`SELECT DISTINCT x.measure, x.period::int AS period, x.municipality_code
                      FROM (VALUES ${sql.join(rows, sql`, `)}) AS x(prefecture_code, municipality_code, period, measure, sex, age_band, value)`,
          rows: sql`SELECT * FROM (VALUES ${sql.join(rows, sql`, `)}) AS x(prefecture_code, municipality_code, period, measure, sex, age_band, value)`,
        });
        await bumpDataVersion(tx, prefecture);
        return { importId: imp.id, unchanged: false };
      });
      const warnings: string[] = [];
      if (!result.unchanged && deps.onChanged) {
        try {
          await deps.onChanged(prefecture, period);
        } catch {
          warnings.push('indicators_recompute_failed');
        }
      }
      return { ...result, prefecture, period, rows: entries.length, municipalities: municipalities.length, warnings };
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

    async imports(prefecture: string) {
      return (await repo.listImports(db, prefecture)).map((i) => ({
        id: i.id,
        period: i.period,
        asOf: i.asOf,
        rows: i.rows,
        municipalities: i.municipalities,
        createdAt: new Date(i.createdAt).toISOString(),
        createdBy: i.createdBy,
      }));
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
