import type { Db } from '../../db/client.js';
import { readDataVersions } from './data-version.js';

/**
 * Reads every data version with one small query, coalescing concurrent callers: at most one
 * query is in flight; callers arriving meanwhile wait for it to end and share the next one, which
 * starts after they arrived and so sees every write committed before them. Under load a batch of
 * requests costs one round trip; alone, a request costs one query.
 */
export function createVersionReader(
  db: Db,
  readAll: (db: Db) => Promise<Map<string, number>> = readDataVersions,
): () => Promise<ReadonlyMap<string, number>> {
  let inFlight: Promise<unknown> | null = null;
  let next: Promise<Map<string, number>> | null = null;

  const start = () => {
    const p = readAll(db);
    inFlight = p;
    const clear = () => {
      if (inFlight === p) inFlight = null;
    };
    p.then(clear, clear);
    return p;
  };

  return function read() {
    if (!inFlight) return start();
    // Not the current query: it may have taken its snapshot before a write that committed just
    // before this call.
    if (!next) {
      next = inFlight.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        next = null;
        return start();
      });
    }
    return next;
  };
}
