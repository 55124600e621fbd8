import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/**
 * The worker: SVG → PNG with resvg, synchronously on its own thread. Plain JavaScript (evaluated,
 * not a module file), so it runs the same under tsx, vitest and the compiled build.
 *
 * resvg keeps a picture's pixels (width × height × 4 bytes: 11 MB for a 1520 × 1776 chart) and the
 * parsed SVG in native memory that V8 does not see, freed only when the garbage collector finalises
 * the JavaScript objects holding them. A process drawing a workbook's charts would otherwise hold
 * every one of them until a collection comes (hundreds of MB). The worker's heap is tiny, so a full
 * collection after each picture costs well under a millisecond and frees them at once.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const v8 = require('node:v8');
const vm = require('node:vm');
if (typeof globalThis.gc !== 'function') v8.setFlagsFromString('--expose-gc');
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : vm.runInNewContext('gc');
function draw(job) {
  try {
    return { id: job.id, png: new Resvg(job.svg, job.options).render().asPng() };
  } catch (err) {
    return { id: job.id, error: err && err.message ? err.message : String(err) };
  }
}
parentPort.on('message', (job) => {
  parentPort.postMessage(draw(job));
  // Once the drawing's objects are off the stack: collect them, and their native memory with them.
  setImmediate(collect);
});
`;

interface Job {
  id: number;
  svg: string;
  options: ResvgRenderOptions;
  resolve: (png: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** Threads drawing pictures at once: one less than the cores (the event loop keeps one), 1 to 2. */
export const defaultRasterThreads = () => Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * A small pool of worker threads turning SVG into PNG with resvg. Drawing (and PNG encoding, which
 * resvg-js does synchronously) happens off the event loop, and each picture's native memory is
 * released as soon as it is drawn. Jobs queue in order; a worker that dies fails its job only and
 * is replaced on the next one. Idle workers do not keep the process alive.
 */
export class RasterPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private next = 1;

  constructor(private readonly threads = defaultRasterThreads()) {}

  /** PNG of `svg` drawn with `options` (fonts, zoom, background) on a worker thread. */
  png(svg: string, options: ResvgRenderOptions): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.next++, svg, options, resolve, reject });
      this.pump();
    });
  }

  /** Stops the workers (tests, shutdown); a later picture starts them again. */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, svg: job.svg, options: job.options });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { resvg: require.resolve('@resvg/resvg-js') },
    });
    const slot: Slot = { worker, job: null };
    worker.unref();
    worker.on('message', (msg: { id: number; png?: Uint8Array; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      worker.unref();
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(Buffer.from(msg.png!.buffer, msg.png!.byteOffset, msg.png!.byteLength));
      this.pump();
    });
    const fail = (err: Error) => {
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
