import { AppError, BadRequestError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import type { GapsService } from '../gaps/gaps.service.js';
import type { PrefectureIndicators } from '../indicators/indicators.per-prefecture.js';
import type { LogicModelsService } from '../logic-models/logic-models.service.js';
import type { ItemsService } from '../pdca/items.service.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { SurveyKind } from '../surveys/codebooks/types.js';
import { surveyKinds } from '../surveys/codebooks/types.js';
import type { UploadsService } from '../surveys/uploads.service.js';
import type { ChartImage, DataVersion } from './report-data.js';
import { problemDetails } from '../../shared/messages.js';

/** A chart as the charts module renders it for a reader. */
export type ChartRenderer = (
  req: { kind: string; params: Record<string, unknown>; format: 'png' },
  reader: Principal,
) => Promise<{ contentType: string; body: Buffer }>;

/** The published services reports read from (never another module's tables). */
export interface ReportSources {
  gaps: GapsService;
  indicators: PrefectureIndicators;
  uploads: UploadsService;
  reference: ReferenceService;
  regions: RegionsService;
  logicModels: LogicModelsService;
  /** The eight-item tracker, when the PDCA module is there. */
  items?: Pick<ItemsService, 'summary'>;
  /** Chart images, when the charts module is there. */
  charts?: { render: ChartRenderer };
}

const surveyNames: Record<SurveyKind, string> = {
  needs: '介護予防・日常生活圏域ニーズ調査',
  homecare: '在宅生活改善調査',
  residence: '居所変更実態調査',
  workforce: '介護人材実態調査',
} as Record<SurveyKind, string>;

/**
 * The input versions behind `ids` (provenance of the published values), as the reader may list
 * them: survey uploads through the uploads service, reference uploads through the reference
 * service (analysts only; a municipality key sees their ids).
 */
export async function dataVersions(src: ReportSources, reader: Principal, prefecture: string, ids: Set<string>) {
  const out = new Map<string, DataVersion>();
  for (const kind of surveyKinds) {
    for (const u of await src.uploads.list(kind, {}, reader)) {
      if (!u.id || !ids.has(u.id) || u.prefecture !== prefecture) continue;
      out.set(u.id, {
        uploadId: u.id,
        source: `${surveyNames[kind] ?? kind}（${u.part}）`,
        fileName: u.fileName,
        periods: String(u.wave),
        rows: u.rows,
        createdAt: u.createdAt,
        sha256: u.sha256,
        status: u.status,
      });
    }
  }
  if (reader.role === 'admin' || reader.role === 'analyst') {
    for (const u of await src.reference.list({}, reader)) {
      if (!u.id || !ids.has(u.id)) continue;
      out.set(u.id, {
        uploadId: u.id,
        source: `公表統計等（規則 ${u.rulesVersion}）`,
        fileName: u.fileName,
        periods: u.periods.join('・'),
        rows: u.rows,
        createdAt: u.createdAt,
        sha256: u.sha256,
        status: u.status,
      });
    }
  }
  for (const id of ids) {
    if (!out.has(id))
      out.set(id, {
        uploadId: id,
        source: '公表統計等',
        fileName: null,
        periods: '',
        rows: null,
        createdAt: null,
        sha256: null,
        status: null,
      });
  }
  return [...out.values()].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
}

/** A chart as a PNG, or null when there is no charts module or it cannot draw this one. */
export async function chartImage(
  src: ReportSources,
  reader: Principal,
  caption: string,
  kind: string,
  params: Record<string, unknown>,
): Promise<ChartImage | null> {
  if (!src.charts) return null;
  let out;
  try {
    out = await src.charts.render({ kind, params, format: 'png' }, reader);
  } catch (err) {
    // A chart with nothing to draw (no data for it) is left out; anything else fails the report.
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
  const size = pngSize(out.body);
  return size ? { caption, png: out.body, ...size } : null;
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The newest period with data for a reader: the latest wave of a current survey upload, or the
 * latest year of a current reference upload; 400 when nothing has been loaded.
 */
export async function latestPeriod(src: ReportSources, reader: Principal, prefecture: string): Promise<number> {
  let latest = 0;
  const live = (s: string) => s === 'current' || s === 'partly_superseded';
  for (const kind of surveyKinds) {
    for (const u of await src.uploads.list(kind, {}, reader))
      if (u.prefecture === prefecture && live(u.status)) latest = Math.max(latest, u.wave);
  }
  if (reader.role === 'admin' || reader.role === 'analyst') {
    for (const u of await src.reference.list({}, reader)) if (live(u.status)) latest = Math.max(latest, ...u.periods);
  }
  if (!latest) throw new BadRequestError(problemDetails.noDataYet(prefecture));
  return latest;
}
