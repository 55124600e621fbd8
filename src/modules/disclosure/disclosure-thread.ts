import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decideDisclosure, type DisclosureDecision } from './disclose.js';
import type { DisclosureInput } from './disclosure.types.js';
import { loadSolver } from './solver.js';

/** Decides disclosure for a prefecture and period (see {@link decideDisclosure}), off the event loop. */
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

interface Pending {
  input: DisclosureInput;
  resolve: (d: DisclosureDecision) => void;
  reject: (e: Error) => void;
}

/**
 * One disclosure thread per process, started at the first decision and kept (unref'd: it never
 * holds the process open). Decisions queue in the thread, one at a time. A thread that fails or
 * exits rejects what it held and is started afresh at the next decision. When no thread can be
 * started at all, decisions run on the calling thread, as before.
 */
export function createDisclosureThread(): DisclosureDecider & { close(): Promise<void> } {
  let worker: Worker | null = null;
  // Set when a thread failed before it ever answered (it cannot start here): decide in-thread.
  let unavailable = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const inThread = (input: DisclosureInput) => loadSolver().then(() => decideDisclosure(input));

  const failAll = (err: Error, answered: boolean) => {
    worker = null;
    const held = [...pending.values()];
    pending.clear();
    if (!answered) unavailable = true;
    // A thread that never answered could not start: its decisions are made here instead. One
    // that failed while working rejects what it held (the next decision starts a new thread).
    for (const p of held) (answered ? p.reject(err) : inThread(p.input).then(p.resolve, p.reject));
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
    w.on('message', (msg: { id: number; decision?: DisclosureDecision; error?: { name: string; message: string; stack?: string } }) => {
      answered = true;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) {
        const e = new Error(msg.error.message);
        e.name = msg.error.name;
        e.stack = msg.error.stack;
        p.reject(e);
      } else p.resolve(msg.decision!);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => {
      if (worker === w) failAll(err, answered);
    });
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`disclosure: the disclosure-control thread ended (exit code ${code})`), answered);
    });
    worker = w;
    return w;
  }

  const decide = (input: DisclosureInput): Promise<DisclosureDecision> => {
    const w = ensure();
    if (!w) return inThread(input);
    const id = nextId++;
    // Referenced while it works: a pending decision keeps the process alive until it is answered.
    w.ref();
    return new Promise<DisclosureDecision>((resolve, reject) => {
      pending.set(id, { input, resolve, reject });
      w.postMessage({ id, input });
    });
  };
  return Object.assign(decide, {
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  });
}

/** The process's disclosure thread. */
export const disclosureThread = createDisclosureThread();
