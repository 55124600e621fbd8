import { BadRequestError } from '../../shared/errors.js';
import { checkPrefecture, type ChartReader } from './charts.reader.js';
import type { ChartKind, ChartParamsDto } from './charts.schemas.js';
import type { ChartSources } from './charts.sources.js';
import type { Gather } from './data/common.js';
import { comparisonInput } from './data/comparison.js';
import { funnelInput } from './data/funnel.js';
import { logicModelInput } from './data/logic-model.js';
import { profileInput } from './data/profile.js';
import { trendInput } from './data/trend.js';
import type { chartAssets } from './charts.assets.js';
import { chartPage } from './render/html.js';
import { chartSvg, renderPng } from './render/png.js';
import { type PictureStore, rendererVersion } from './render/picture-store.js';
import { RenderCache } from './render/render-cache.js';
import type { ChartSize } from './specs/common.js';
import { comparisonSize, comparisonSpec } from './specs/comparison.js';
import { funnelSize, funnelSpec } from './specs/funnel.js';
import { logicModelSize, logicModelSpec } from './specs/logic-model.js';
import { profileSize, profileSpec } from './specs/profile.js';
import { trendSize, trendSpec } from './specs/trend.js';
import { directionNote, L, SPEC_PHRASES, statusLabel, STATUS_COLOURS, SUPPRESSED_NOTE, UNIT_LABELS } from './specs/labels.js';
import type { VlSpec } from './specs/types.js';
import { problemDetails } from '../../shared/messages.js';

/**
 * Largest PNG drawn, in pixels (width × height × scale²): 40 million, some 160 MB of pixels while
 * it is drawn. A workbook's chart at scale 2 is about 2.7 million; a poster of 4000 × 2500 at
 * scale 2 fits. Without a bound, one request (4000 × 6000 at scale 4: 1.5 GB of pixels, 24 s of a
 * chart thread) could take the server's memory.
 */
export const MAX_PNG_PIXELS = 40_000_000;

function checkPixels(spec: VlSpec, scale: number): void {
  const width = Math.round(Number(spec.width) * scale);
  const height = Math.round(Number(spec.height) * scale);
  if (!(width * height > MAX_PNG_PIXELS)) return;
  const detail = problemDetails.pictureTooLarge(width, height, MAX_PNG_PIXELS);
  throw new BadRequestError(detail, {
    errors: [
      { location: 'querystring', path: 'scale', code: 'too_big', expected: `width × height × scale² ≤ ${MAX_PNG_PIXELS}`, message: detail },
    ],
  });
}

/** What to draw and how: a kind with its parameters, the output format and the picture size. */
export interface ChartRequest {
  kind: ChartKind;
  params: ChartParamsDto;
  /** spec = the Vega-Lite JSON; html = a page drawing it with the bundles served at /assets. */
  format: 'spec' | 'svg' | 'png' | 'html';
  width?: number;
  height?: number;
  scale?: number;
}

/** A rendered chart. */
export interface RenderedChart {
  contentType: string;
  body: string | Buffer;
}

type Builder = (g: Gather, size?: Partial<ChartSize>) => Promise<VlSpec>;
const withSize =
  <I>(gather: (g: Gather) => Promise<I>, build: (i: I, s?: ChartSize) => VlSpec, size: (i: I) => ChartSize): Builder =>
  async (g, s) => {
    const input = await gather(g);
    const d = size(input);
    return build(input, { width: s?.width ?? d.width, height: s?.height ?? d.height });
  };

const BUILDERS: Record<ChartKind, Builder> = {
  comparison: withSize(comparisonInput, comparisonSpec, comparisonSize),
  funnel: withSize(funnelInput, funnelSpec, funnelSize),
  trend: withSize(trendInput, trendSpec, trendSize),
  profile: withSize(profileInput, profileSpec, profileSize),
  'logic-model': withSize(logicModelInput, logicModelSpec, logicModelSize),
};

/** What the charts service is built on: the published reads, and where the page's bundles are served. */
export interface ChartsDeps {
  sources: ChartSources;
  /** The page's bundles under /assets (charts.assets.ts). */
  assets: ReturnType<typeof chartAssets>;
  /** Drawn pictures shared by replicas and kept across restarts (picture-store.ts); none = drawn once per process. */
  store?: PictureStore;
  /** Hears a failure of the store (the picture is drawn and served anyway). */
  onStoreError?: (err: unknown) => void;
}

/**
 * Charts drawn from published rows only (values and gaps as their JSON routes give them to the
 * reader): a Vega-Lite spec with the data inline, or rendered to SVG / PNG on the server, or a
 * page that draws the spec in the browser.
 */
export function createChartsService(deps: ChartsDeps) {
  const pictures = new RenderCache(128, 64 * 2 ** 20, deps.store, rendererVersion(), deps.onStoreError);
  /**
   * The words a prefecture's pictures are made of — its names, the indicator labels and node titles
   * of its models, the charts' own labels — given to the font subsets as a hint, so that one subset
   * serves a whole workbook's charts instead of one per new label. Only ever a hint: a picture with
   * any other character still gets a subset that covers it.
   */
  const vocabularies = new Map<string, Promise<string>>();
  const vocabulary = (prefecture: string): Promise<string> => {
    let v = vocabularies.get(prefecture);
    if (!v) {
      v = (async () => {
        const [name, municipalities, models] = await Promise.all([
          deps.sources.prefectureName(prefecture),
          deps.sources.municipalities(prefecture),
          deps.sources.logicModels(prefecture),
        ]);
        return [
          name,
          ...municipalities.flatMap((m) => [m.name, m.area]),
          ...models.catalogue.indicators.map((i) => i.label_ja),
          ...models.models.flatMap((m) => [m.title, ...m.nodes.flatMap((n) => [n.title, n.short_title ?? ''])]),
          ...Object.values(L),
          ...STATUS_COLOURS.map(([s]) => statusLabel(s)),
          directionNote('higher_is_better'),
          directionNote('lower_is_better'),
          SUPPRESSED_NOTE,
          SPEC_PHRASES,
          ...Object.values(UNIT_LABELS),
          '圏域年度県の目標推移−',
        ].join('');
      })();
      v.catch(() => vocabularies.delete(prefecture));
      vocabularies.set(prefecture, v);
    }
    return v;
  };
  /** The Vega-Lite spec of a chart, for this reader (403 for what the reader may not read). */
  async function spec(kind: ChartKind, params: ChartParamsDto, reader: ChartReader, size: Partial<ChartSize> = {}) {
    const prefecture = params.prefecture ?? reader.prefectureCode;
    if (!prefecture) throw new BadRequestError(problemDetails.prefectureNeeded());
    checkPrefecture(reader, prefecture);
    return BUILDERS[kind]({ src: deps.sources, params, reader, prefecture }, size);
  }

  return {
    spec,

    /** Pictures served from memory, read from the store and drawn since start (logs, tests). */
    pictureStats: () => ({ ...pictures.stats }),

    /** Files the chart page loads, served at /assets. */
    assetFiles: deps.assets.files,

    /** A chart in the requested format: `{ contentType, body }` ready to send or to put in a workbook. */
    async render(req: ChartRequest, reader: ChartReader): Promise<RenderedChart> {
      const s = await spec(req.kind, req.params, reader, { width: req.width, height: req.height });
      switch (req.format) {
        case 'spec':
          return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(s) };
        case 'svg':
          return {
            contentType: 'image/svg+xml; charset=utf-8',
            body: await pictures.get(s, 'svg', () => chartSvg(s), true),
          };
        case 'png':
          checkPixels(s, req.scale ?? 1);
          return {
            contentType: 'image/png',
            body: await pictures.get(s, `png@${req.scale ?? 1}`, async () =>
              renderPng(s, { scale: req.scale }, await vocabulary(req.params.prefecture ?? reader.prefectureCode!).catch(() => '')),
            ),
          };
        case 'html':
          return { contentType: 'text/html; charset=utf-8', body: chartPage(s, deps.assets.page) };
      }
    },
  };
}

export type ChartsService = ReturnType<typeof createChartsService>;
