/**
 * The disclosure-control thread: decides disclosure for the inputs it is sent, one at a time, so
 * that the linear programs of a recompute never hold up the server's event loop. Started by
 * disclosure-thread.ts; nothing else imports it.
 */
import { parentPort } from 'node:worker_threads';
import { decideDisclosure } from './disclose.js';
import type { DisclosureInput } from './disclosure.types.js';
import { loadSolver } from './solver.js';

// Messages sent meanwhile wait in the port's queue until the listener below is added.
await loadSolver();

parentPort!.on('message', (msg: { id: number; input: DisclosureInput }) => {
  try {
    parentPort!.postMessage({ id: msg.id, decision: decideDisclosure(msg.input) });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: msg.id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack } });
  }
});
