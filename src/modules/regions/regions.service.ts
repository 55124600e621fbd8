import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client.js';
import { bumpDataVersion } from '../freshness/data-version.js';
import { fixturesDir } from '../../paths.js';
import { InvalidContentError, NotFoundError } from '../../shared/errors.js';
import { isValidMunicipalityCode } from './municipality-code.js';
import { parseMasterCsv } from './regions.import.js';
import * as repo from './regions.repository.js';
import type { MunicipalityDto, RegionImportResultDto } from './regions.schemas.js';
import { problemDetails } from '../../shared/messages.js';

/** Row → API shape. */
export function mapMunicipality(m: repo.MunicipalityRow): MunicipalityDto {
  return {
    code: m.code,
    name: m.name,
    prefecture: m.prefectureCode,
    area: { medical: m.medicalArea, welfare: m.welfareArea },
    insurer: { name: m.insurer, confirmed: m.insurerConfirmed },
  };
}

/** Regions: prefectures, areas (圏域) and municipalities, and loading a prefecture's master. */
export function createRegionsService(db: Db) {
  return {
    listPrefectures: () => repo.listPrefectures(db),

    async listAreas(prefectureCode: string) {
      const ms = await repo.listMunicipalities(db, prefectureCode);
      const areas = new Map<string, { prefecture: string; name: string; kind: 'medical' | 'welfare'; municipalities: string[] }>();
      for (const m of ms) {
        for (const [kind, name] of [['medical', m.medicalArea], ['welfare', m.welfareArea]] as const) {
          const key = `${kind}:${name}`;
          if (!areas.has(key)) areas.set(key, { prefecture: prefectureCode, name, kind, municipalities: [] });
          areas.get(key)!.municipalities.push(m.code);
        }
      }
      return [...areas.values()].map((a) => ({ ...a, municipalityCount: a.municipalities.length }));
    },

    async listMunicipalities(prefectureCode?: string, area?: string) {
      return (await repo.listMunicipalities(db, prefectureCode, area)).map(mapMunicipality);
    },

    /** 404 for an unknown or check-digit-invalid code. */
    async getMunicipality(code: string) {
      if (!isValidMunicipalityCode(code)) throw new NotFoundError(problemDetails.invalidMunicipalityCode(code));
      const m = await repo.findMunicipality(db, code);
      if (!m) throw new NotFoundError(problemDetails.noMunicipality(code));
      return mapMunicipality(m);
    },

    /** Codes of every municipality loaded, for validating survey files. */
    async municipalityCodes(prefectureCode?: string): Promise<Set<string>> {
      return new Set((await repo.listMunicipalities(db, prefectureCode)).map((m) => m.code));
    },

    async municipalityRows(prefectureCode?: string) {
      return repo.listMunicipalities(db, prefectureCode);
    },

    /** Loads a prefecture's master, all or nothing; the same content again changes nothing. */
    async importMaster(buf: Buffer, prefectureParam: string | undefined, actor: string | null) {
      const parsed = parseMasterCsv(buf, prefectureParam);
      const pref = parsed.prefecture;
      if (!parsed.errors.length && pref && !(await repo.prefectureExists(db, pref))) {
        parsed.errors.push({ row: null, column: 'prefecture', value: pref, code: 'unknown_prefecture', message: `不明な都道府県コードです: ${pref}` });
      }
      if (parsed.errors.length || !pref) {
        throw new InvalidContentError(problemDetails.masterRejected(), parsed.errors);
      }
      const sha256 = createHash('sha256').update(buf).digest('hex');
      return db.transaction(async (tx) => {
        await repo.lockPrefecture(tx, pref);
        const last = await repo.latestImport(tx, pref);
        const existing = new Map((await repo.listMunicipalities(tx, pref)).map((m) => [m.code, m]));
        const inFile = new Set(parsed.rows.map((r) => r.code));
        const notInFile = [...existing.keys()].filter((c) => !inFile.has(c));
        if (last && last.sha256 === sha256) {
          return { created: false, result: toResult(last, parsed.rows.length, 0, notInFile) };
        }
        let inserted = 0;
        let updated = 0;
        for (const r of parsed.rows) {
          const e = existing.get(r.code);
          if (!e) inserted++;
          else if (
            e.name !== r.name ||
            e.medicalArea !== r.medicalArea ||
            e.welfareArea !== r.welfareArea ||
            e.insurer !== r.insurer ||
            e.insurerConfirmed !== r.insurerConfirmed ||
            e.position !== r.position
          )
            updated++;
        }
        await repo.upsertMunicipalities(tx, parsed.rows);
        await bumpDataVersion(tx, pref);
        const row = await repo.insertImport(tx, { prefectureCode: pref, sha256, rows: parsed.rows.length, inserted, updated, createdBy: actor });
        return { created: true, result: toResult(row, parsed.rows.length, parsed.rows.length - inserted - updated, notInFile) };
      });
    },

    /** Loads the 47 prefectures and the bundled masters (fixtures/regions); idempotent. */
    async seed(log?: (msg: string, data: object) => void) {
      const prefCsv = readFileSync(resolve(fixturesDir, 'regions', 'prefectures.csv'), 'utf8');
      const prefs: { code: string; name: string }[] = parse(prefCsv, { columns: true, skip_empty_lines: true });
      await repo.upsertPrefectures(db, prefs.map((p) => ({ code: p.code, nameJa: p.name })));
      const okinawa = readFileSync(resolve(fixturesDir, 'regions', 'okinawa-municipalities.csv'));
      const { created, result } = await this.importMaster(okinawa, '47', 'seed');
      log?.('prefecture master seeded', { prefecture: '47', created, rows: result.rows });
    },
  };
}

function toResult(
  row: { id: string; prefectureCode: string; sha256: string; createdAt: Date; inserted: number; updated: number },
  rows: number,
  unchanged: number,
  notInFile: string[],
): RegionImportResultDto {
  return {
    id: row.id,
    prefecture: row.prefectureCode,
    sha256: row.sha256,
    rows,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: unchanged || rows - row.inserted - row.updated,
    notInFile,
    createdAt: row.createdAt.toISOString(),
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
