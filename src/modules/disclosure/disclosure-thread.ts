import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decideGroups, disclosureGroups, mergeDecisions, type DisclosureDecision, type GroupDecision } from './disclose.js';
import type { DisclosureInput } from './disclosure.types.js';
import { loadSolver } from './solver.js';

/** Decides disclosure for a prefecture and period (see decideDisclosure in disclose.ts), off the event loop. */
export type DisclosureDecider = (input: DisclosureInput) => Promise<DisclosureDecision>;

// Runs from TypeScript sources (tests, benches under tsx or vitest) or from dist/ (npm start).
const fromSources = import.meta.url.endsWith('.ts');
const workerFile = new URL(`./disclosure.worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);

/**
 * The thread's entry: from dist/ the compiled worker itself; from sources a small CommonJS
 * bootstrap that registers tsx's loader in the thread, then imports the TypeScript worker.
 */
function startWorker(): Worker {
  if (!fromSources) return new Worker(fileURLToPath(workerFile));
  // tsx's ES-module API: require.resolve gives its CommonJS build, whose register() looks for its
  // hooks at a path that does not exist (the thread then failed at start, and every decision ran
  // on the calling thread). The ES-module build lies beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const esm = cjs.replace(/index\.cjs$/, 'index.mjs');
  const tsx = pathToFileURL(existsSync(esm) ? esm : cjs).href;
  const boot = `
    const { workerData } = require('node:worker_threads');
    import(workerData.tsx).then((api) => { api.register(); return import(workerData.entry); })
      .catch((err) => { setImmediate(() => { throw err; }); });`;
  return new Worker(boot, { eval: true, workerData: { tsx, entry: workerFile.href } });
}

/**
 * Threads deciding disclosure at once: 1 to 2, as many as the cores, or `DISCLOSURE_THREADS`
 * (1–8). The event loop only waits while they work; a survey upload's recompute (two dozen
 * linked groups for Okinawa's needs indicators) took 0.35–0.77 s on two against 0.65–1.14 s on
 * one (docs/freshness.md).
 */
export function defaultDisclosureThreads(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.DISCLOSURE_THREADS);
  if (env.DISCLOSURE_THREADS?.trim() && Number.isInteger(set) && set >= 1 && set <= 8) return set;
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** One decision's share of work: the input, its groups in the order to claim them, the shared claim counter. */
interface Share {
  input: DisclosureInput;
  order: readonly number[];
  claims: Int32Array;
}

interface Pending {
  share: Share;
  resolve: (d: GroupDecision[]) => void;
  reject: (e: Error) => void;
}

/**
 * One disclosure thread, started at its first share (unref'd: it never holds the process open)
 * and ended once it has been idle for `idleMs` (never when Infinity). Shares queue in the
 * thread, one at a time. A thread that fails or exits rejects what it held and is started afresh
 * at the next share. When no thread can be started at all, its shares are worked on the calling
 * thread.
 */
function createThread(idleMs: number) {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | null = null;
  // Set when a thread failed before it ever answered (it cannot start here): work in-thread.
  let unavailable = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const inThread = (share: Share) => loadSolver().then(() => decideGroups(share.input, share.order, share.claims));

  const failAll = (err: Error, answered: boolean) => {
    worker = null;
    const held = [...pending.values()];
    pending.clear();
    if (!answered) unavailable = true;
    // A thread that never answered could not start: its shares are worked here instead. One
    // that failed while working rejects what it held (the next share starts a new thread).
    for (const p of held) (answered ? p.reject(err) : inThread(p.share).then(p.resolve, p.reject));
  };

  function ensure(): Worker | null {
    if (worker) return worker;
    if (unavailable) return null;
    let answered = false;
    let w: Worker;
    try {
      w = startWorker();
    } catch {
      return null;
    }
    w.unref();
    w.on('message', (msg: { id: number; parts?: GroupDecision[]; error?: { name: string; message: string; stack?: string } }) => {
      answered = true;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) {
        const e = new Error(msg.error.message);
        e.name = msg.error.name;
        e.stack = msg.error.stack;
        p.reject(e);
      } else p.resolve(msg.parts!);
      if (pending.size === 0) {
        w.unref();
        if (Number.isFinite(idleMs)) {
          idle = setTimeout(() => {
            idle = null;
            // Ended on purpose: the exit is not a failure (nothing is pending).
            if (worker === w && pending.size === 0) {
              worker = null;
              void w.terminate();
            }
          }, idleMs);
          idle.unref();
        }
      }
    });
    w.on('error', (err) => {
      if (worker === w) failAll(err, answered);
    });
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`disclosure: a disclosure-control thread ended (exit code ${code})`), answered);
    });
    worker = w;
    return w;
  }

  return {
    /** Works on a share until its groups are all claimed: the decisions of the groups this thread took. */
    work(share: Share): Promise<GroupDecision[]> {
      if (idle) clearTimeout(idle), (idle = null);
      const w = ensure();
      if (!w) return inThread(share);
      const id = nextId++;
      // Referenced while it works: a pending share keeps the process alive until it is answered.
      w.ref();
      return new Promise<GroupDecision[]>((resolve, reject) => {
        pending.set(id, { share, resolve, reject });
        w.postMessage({ id, input: share.input, order: share.order, claims: share.claims.buffer });
      });
    },
    /** Whether a worker thread is running. */
    get live() {
      return worker !== null;
    },
    async close() {
      if (idle) clearTimeout(idle), (idle = null);
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/**
 * How long a disclosure thread beyond the first stays idle before it ends: its heap and the
 * solver's memory (some 25–90 MB after a large recompute) go back to the system. The first thread
 * is kept, warm; a decision that starts the others again loses nothing waiting for them, since
 * a thread still starting simply claims fewer groups.
 */
export const EXTRA_THREAD_IDLE_MS = 30_000;

/**
 * Disclosure control on a pool of threads. A decision's linked groups (independent tables) are
 * shared among the threads: each claims the next group from a counter they share, the largest
 * groups first, until none is left; the decisions of the groups are then merged in their own
 * order, so the answer is the one decideDisclosure gives on the calling thread, whoever did
 * which group. A thread that fails rejects the whole decision.
 */
export function createDisclosurePool(
  threads = defaultDisclosureThreads(),
  extraIdleMs = EXTRA_THREAD_IDLE_MS,
): DisclosureDecider & { close(): Promise<void>; readonly threads: number; readonly live: number } {
  const pool = Array.from({ length: Math.max(1, Math.floor(threads)) }, (_, i) => createThread(i === 0 ? Infinity : extraIdleMs));
  const decide = async (input: DisclosureInput): Promise<DisclosureDecision> => {
    const groups = disclosureGroups(input);
    // Larger groups first (more cells, more programs): a thread free early takes the small ones.
    const order = groups.map((_, i) => i).sort((a, b) => groups[b].length - groups[a].length || a - b);
    const share: Share = { input, order, claims: new Int32Array(new SharedArrayBuffer(4)) };
    const working = pool.slice(0, Math.min(pool.length, groups.length || 1));
    const parts = (await Promise.all(working.map((t) => t.work(share)))).flat();
    parts.sort((a, b) => a.group - b.group);
    return mergeDecisions(input, parts.map((p) => p.decision));
  };
  const out = Object.assign(decide, {
    threads: pool.length,
    live: 0,
    async close() {
      await Promise.all(pool.map((t) => t.close()));
    },
  });
  // Worker threads running now (a getter: Object.assign would copy one reading).
  Object.defineProperty(out, 'live', { get: () => pool.filter((t) => t.live).length });
  return out;
}

/** One disclosure thread: decisions queued one at a time (what the tests of the thread itself use). */
export const createDisclosureThread = () => createDisclosurePool(1);

/** The process's disclosure threads. */
export const disclosureThread = createDisclosurePool();
