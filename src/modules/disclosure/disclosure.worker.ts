/**
 * A disclosure-control thread: works on the shares of decisions it is sent, one at a time,
 * claiming their linked groups from the counter it shares with the pool's other threads, so that
 * the linear programs of a recompute never hold up the server's event loop. Started by
 * disclosure-thread.ts; nothing else imports it.
 */
import { parentPort } from 'node:worker_threads';
import { decideGroups } from './disclose.js';
import type { DisclosureInput } from './disclosure.types.js';
import { loadSolver } from './solver.js';

// Messages sent meanwhile wait in the port's queue until the listener below is added.
await loadSolver();

parentPort!.on('message', (msg: { id: number; input: DisclosureInput; order: number[]; claims: SharedArrayBuffer }) => {
  try {
    parentPort!.postMessage({ id: msg.id, parts: decideGroups(msg.input, msg.order, new Int32Array(msg.claims)) });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: msg.id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack } });
  }
});
