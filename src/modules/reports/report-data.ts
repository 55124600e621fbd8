import type { GapIndicatorDto, MunicipalityGapsDto } from '../gaps/gaps.schemas.js';
import type { IndicatorGapsDto, PrioritiesDto } from '../gaps/views.schemas.js';
import type { IndicatorDefinitionDto } from '../indicators/indicators.schemas.js';
import type { LogicModelTreeDto } from '../logic-models/logic-models.schemas.js';
import type { ItemSummaryDto } from '../pdca/items.schemas.js';

/**
 * What a workbook is rendered from: published rows only, as the services return them for the
 * reader (visibility and disclosure control already applied). The renderers are pure functions
 * of these and decide nothing about what may be shown.
 */

/** One input version a report's numbers come from. */
export interface DataVersion {
  uploadId: string;
  source: string;
  fileName: string | null;
  periods: string;
  rows: number | null;
  createdAt: string | null;
  sha256: string | null;
  status: string | null;
}

/** Title block of a workbook. */
export interface ReportMeta {
  prefectureCode: string;
  prefectureName: string;
  model: { id: string; title: string; version: string };
  period: number;
  createdAt: Date;
  /** Who the workbook was made for (role and name of the key or schedule). */
  reader: string;
}

/** A chart image (PNG) with its caption. */
export interface ChartImage {
  caption: string;
  png: Buffer;
  width: number;
  height: number;
}

/** An indicator with its prefecture-wide view. */
export interface IndicatorSection {
  def: IndicatorDefinitionDto;
  gaps: IndicatorGapsDto;
  prefecture: GapIndicatorDto | null;
  areas: { area: string; gap: GapIndicatorDto }[];
  chart: ChartImage | null;
}

/** Everything the prefecture workbook shows. */
export interface PrefectureReportData {
  meta: ReportMeta;
  municipalities: { code: string; name: string; area: string }[];
  sections: IndicatorSection[];
  priorities: PrioritiesDto;
  /** The eight items (ア)-(ク) at the day the workbook is made; null when nothing has been recorded. */
  items: ItemSummaryDto | null;
  versions: DataVersion[];
}

/** Everything a municipality workbook shows: only what that municipality's key may read. */
export interface MunicipalityReportData {
  meta: ReportMeta;
  gaps: MunicipalityGapsDto;
  tree: LogicModelTreeDto;
  definitions: IndicatorDefinitionDto[];
  versions: DataVersion[];
  charts: ChartImage[];
}
