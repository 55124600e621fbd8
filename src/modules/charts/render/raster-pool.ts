import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { VlSpec } from '../specs/types.js';
import { estimateWidth, textWidth } from './text-width.js';

const require = createRequire(import.meta.url);

/** The text drawn by an SVG (contents of its text elements, entities decoded). Self-contained: the workers evaluate its source. */
export function svgText(svg: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const parts: string[] = [];
  for (const m of svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)) parts.push(m[1].replace(/<[^>]+>/g, ''));
  return parts
    .join('')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&(\w+);/g, (all, n) => entities[n] ?? all);
}

/**
 * The worker: a Vega-Lite spec → Vega → SVG with vega's headless view, then SVG → PNG with resvg,
 * or only the latter for a given SVG. Plain JavaScript (evaluated, not a module file), so it runs
 * the same under tsx, vitest and the compiled build; vega and vega-lite are ES modules, imported
 * by their resolved paths. The text width and the SVG's text are the main thread's own functions
 * (their source), so a chart is laid out and given fonts exactly as on the event loop.
 *
 * Why the whole chart is drawn here: a view's dataflow and scenegraph are tens of MB of objects
 * that live across awaits, so on the main thread they were promoted to the old generation and
 * piled up as garbage until a full collection (a burst of workbooks took the server's heap from
 * 100 to 350 MB). resvg keeps a picture's pixels (width × height × 4 bytes: 11 MB for a
 * 1520 × 1776 chart) and the parsed SVG in native memory that V8 does not see, freed only when the
 * garbage collector finalises the JavaScript objects holding them: a scavenge after each picture
 * frees them at once, and a full collection runs when the worker's heap has grown.
 *
 * A chart's fonts are the main thread's (font subsets are files made there, fonts.ts): once its SVG
 * is drawn, the worker sends the SVG's text and waits for the font files that cover it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const v8 = require('node:v8');
const vm = require('node:vm');
if (typeof globalThis.gc !== 'function') v8.setFlagsFromString('--expose-gc');
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : vm.runInNewContext('gc');
${estimateWidth.toString()}
const textWidth = ${textWidth.toString()};
const svgText = ${svgText.toString()};
let libs = null;
function charts() {
  libs ??= Promise.all([import(workerData.vega), import(workerData.vegaLite)]).then(([vega, vl]) => {
    vega.textMetrics.width = textWidth;
    return { vega, vl };
  });
  return libs;
}
const fontWaits = new Map();
function fontsFor(id, text) {
  return new Promise((resolve, reject) => {
    fontWaits.set(id, { resolve, reject });
    parentPort.postMessage({ id, fonts: text });
  });
}
async function toSvg(spec) {
  const { vega, vl } = await charts();
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: () => logger,
    error: (...args) => {
      throw new Error(args.map(String).join(' '));
    },
  };
  const compiled = vl.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: vega.loader({ mode: 'file' }) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
function draw(svg, options) {
  return new Resvg(svg, options).render().asPng();
}
async function run(job) {
  if (job.svg !== undefined) return { png: draw(job.svg, job.options) };
  const svg = await toSvg(job.spec);
  if (job.format === 'svg') return { svg };
  const fontFiles = await fontsFor(job.id, svgText(svg));
  const font = Object.assign({}, job.options.font, { fontFiles });
  return { png: draw(svg, Object.assign({}, job.options, { font })) };
}
parentPort.on('message', (msg) => {
  if (msg.fontFiles !== undefined || msg.fontError !== undefined) {
    const wait = fontWaits.get(msg.id);
    fontWaits.delete(msg.id);
    if (msg.fontError !== undefined) wait?.reject(new Error(msg.fontError));
    else wait?.resolve(msg.fontFiles);
    return;
  }
  run(msg).then(
    (out) => parentPort.postMessage(Object.assign({ id: msg.id }, out)),
    (err) => parentPort.postMessage({ id: msg.id, error: err && err.message ? err.message : String(err) }),
  ).then(() => {
    // Once the drawing's objects are off the stack: collect them, and their native memory with them.
    // A scavenge frees resvg's objects (they die young); a full collection (some 40 ms with vega's
    // code in the heap) only once vega's promoted garbage has piled up.
    setImmediate(() => {
      collect({ type: 'minor' });
      if (v8.getHeapStatistics().used_heap_size > workerData.fullGcBytes) collect();
    });
  });
});
`;

type Out = { png?: Uint8Array; svg?: string; error?: string; fonts?: string };

interface Job {
  id: number;
  message: { svg: string; options: ResvgRenderOptions } | { spec: VlSpec; format: 'png' | 'svg'; options?: ResvgRenderOptions };
  fonts?: (text: string) => Promise<string[]>;
  resolve: (out: Out) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Ends the worker once it has been idle for the pool's idle time. */
  idle: NodeJS.Timeout | null;
}

/**
 * Threads drawing charts at once: 1 to 2, as many as the cores. The event loop only asks and
 * waits while a chart is drawn (vega and resvg both run on the worker), so the threads may have
 * every core; each holds one picture at a time (some 30 MB with its pixels), hence no more than 2.
 */
export const defaultRasterThreads = () => Math.max(1, Math.min(2, availableParallelism()));

/** Young generation of a worker's heap (MB). */
const YOUNG_GENERATION_MB = 4;
/** A worker's heap (MB) past which it makes a full collection after a picture: vega's code and data are some 17 MB. */
const FULL_GC_MB = 32;

/**
 * How long a worker may wait without a picture before it ends (ms). An idle worker holds vega's
 * code and heap and resvg's allocator pages, some 50–75 MB; starting one again costs ~0.6 s, so it
 * outlives the gaps between a workbook's charts and between the workbooks of a burst.
 */
export const DEFAULT_IDLE_MS = 10_000;

/**
 * resvg-js allocates with mimalloc, which by default gives freed pages back to the system 10 ms
 * after they are freed: every picture then faulted its pixel buffers in afresh, and on a virtual
 * machine a page fault is dear (a third of an empty canvas's drawing time here). Kept for a
 * second, the pages are reused by the next picture; an idle worker's pages go when it ends
 * ({@link DEFAULT_IDLE_MS}). mimalloc reads this once, when the library is first loaded (by the
 * first worker), so it is set before; a value set by the operator is kept.
 */
export const MIMALLOC_PURGE_DELAY_MS = '1000';

/** What a chart's picture is drawn with besides the SVG's own text: the font files covering that text. */
export type FontFiles = (text: string) => Promise<string[]>;

/**
 * A small pool of worker threads drawing charts: a Vega-Lite spec to SVG (vega) and SVG to PNG
 * (resvg). Drawing (and PNG encoding, which resvg-js does synchronously) happens off the event
 * loop, and each picture's memory is released as soon as it is drawn. Jobs queue in order; a
 * worker that dies fails its job only and is replaced on the next one. Idle workers do not keep
 * the process alive, and end after `idleMs` without a picture (a later picture starts them again).
 */
export class RasterPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private next = 1;

  constructor(
    private readonly threads = defaultRasterThreads(),
    private readonly idleMs = DEFAULT_IDLE_MS,
  ) {}

  /** Workers running now (tests, stats). */
  get workers(): number {
    return this.slots.length;
  }

  /** PNG of `svg` drawn with `options` (fonts, zoom, background) on a worker thread. */
  async png(svg: string, options: ResvgRenderOptions): Promise<Buffer> {
    return toBuffer((await this.submit({ svg, options })).png!);
  }

  /**
   * PNG of a Vega-Lite spec: vega draws its SVG and resvg rasterises it with `options` and the font
   * files `fonts` gives for the SVG's text (options.font.fontFiles is replaced by them).
   */
  async chartPng(spec: VlSpec, options: ResvgRenderOptions, fonts: FontFiles): Promise<Buffer> {
    return toBuffer((await this.submit({ spec, format: 'png', options }, fonts)).png!);
  }

  /** SVG of a Vega-Lite spec, drawn by vega on a worker thread. */
  async chartSvg(spec: VlSpec): Promise<string> {
    return (await this.submit({ spec, format: 'svg' })).svg!;
  }

  /** Stops the workers (tests, shutdown); a later picture starts them again. */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) if (s.idle) clearTimeout(s.idle);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private submit(message: Job['message'], fonts?: FontFiles): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ id: this.next++, message, fonts, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, ...job.message });
    }
  }

  /** Ends `slot`'s worker after the idle time unless it is given a picture meanwhile. */
  private retireWhenIdle(slot: Slot) {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.job || !this.slots.includes(slot)) return;
      this.slots = this.slots.filter((s) => s !== slot);
      void slot.worker.terminate();
    }, this.idleMs);
    slot.idle.unref();
  }

  private spawn(): Slot {
    process.env.MIMALLOC_PURGE_DELAY ??= MIMALLOC_PURGE_DELAY_MS;
    const url = (name: string) => pathToFileURL(require.resolve(name)).href;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // A small young generation: a chart's garbage is collected after each picture anyway, and the
      // default lets each worker's heap grow to some 55 MB (25 MB with this, at the same CPU time).
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      workerData: {
        resvg: require.resolve('@resvg/resvg-js'),
        vega: url('vega'),
        vegaLite: url('vega-lite'),
        fullGcBytes: FULL_GC_MB * 2 ** 20,
      },
    });
    const slot: Slot = { worker, job: null, idle: null };
    worker.unref();
    worker.on('message', (msg: Out & { id: number }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      if (msg.fonts !== undefined) {
        // The worker has drawn the SVG and waits for the fonts of its text.
        const fonts = job.fonts ?? (() => Promise.resolve([]));
        fonts(msg.fonts).then(
          (fontFiles) => worker.postMessage({ id: job.id, fontFiles }),
          (err: unknown) => worker.postMessage({ id: job.id, fontError: err instanceof Error ? err.message : String(err) }),
        );
        return;
      }
      slot.job = null;
      worker.unref();
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg);
      this.pump();
      if (!slot.job) this.retireWhenIdle(slot);
    });
    const fail = (err: Error) => {
      if (slot.idle) clearTimeout(slot.idle);
      this.slots = this.slots.filter((s) => s !== slot);
      const job = slot.job;
      slot.job = null;
      job?.reject(err);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`chart worker exited (code ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }
}

const toBuffer = (png: Uint8Array) => Buffer.from(png.buffer, png.byteOffset, png.byteLength);
