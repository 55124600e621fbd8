import type { Db } from '../../db/client.js';
import { readDataVersions } from './data-version.js';

/**
 * Reads every data version with one small query, coalescing callers: a query starts only after
 * the event loop's current turn (setImmediate), so every caller of that turn shares it, and at
 * most one query is in flight — callers arriving meanwhile share the next one, started when it
 * ends. Every query starts after its callers arrived, so it sees every write committed before
 * them. Under load a batch of requests costs one round trip (each round trip to the database
 * also costs the server the system calls that send and wake it); alone, a request costs one query
 * and the few microseconds of one turn.
 */
export function createVersionReader(
  db: Db,
  readAll: (db: Db) => Promise<Map<string, number>> = readDataVersions,
): () => Promise<ReadonlyMap<string, number>> {
  let inFlight: Promise<unknown> | null = null;
  let next: Promise<Map<string, number>> | null = null;

  const start = () => {
    next = null;
    const p = readAll(db);
    inFlight = p;
    const clear = () => {
      if (inFlight === p) inFlight = null;
    };
    p.then(clear, clear);
    return p;
  };
  const afterTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  return function read() {
    // Not the query in flight: it may have taken its snapshot before a write that committed just
    // before this call.
    next ??= (inFlight ? inFlight.then(afterTurn, afterTurn) : afterTurn()).then(start);
    return next;
  };
}
