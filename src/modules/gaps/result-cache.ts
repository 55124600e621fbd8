import type { z } from 'zod';
import { cleanNumbers } from '../../shared/numbers.js';

/** A response body with its JSON (UTF-8 bytes), checked against its schema once when it was made. */
export interface Serialized<T> {
  body: T;
  json: Buffer;
}

/** Entries per (snapshot, targets) pair before the oldest are dropped. */
const MAX_ENTRIES = 2000;

/**
 * Computed responses, remembered for as long as the inputs they were computed from are the same
 * objects: a new values snapshot or a new target index (after a write) starts afresh, and the old
 * entries go with the old objects (weak references). Each body is parsed with its zod schema and
 * serialised once, every number cleaned of binary-float noise (docs/numbers.md), so a repeated
 * request costs a lookup.
 */
export class ResultCache {
  private readonly byInputs = new WeakMap<object, WeakMap<object, Map<string, Serialized<unknown>>>>();

  get<S extends z.ZodType>(
    inputs: readonly [object, object],
    key: string,
    schema: S,
    compute: () => z.input<S>,
  ): Serialized<z.output<S>> {
    let inner = this.byInputs.get(inputs[0]);
    if (!inner) this.byInputs.set(inputs[0], (inner = new WeakMap()));
    let map = inner.get(inputs[1]);
    if (!map) inner.set(inputs[1], (map = new Map()));
    const hit = map.get(key);
    if (hit) return hit as Serialized<z.output<S>>;
    const body = schema.parse(compute());
    const entry = { body, json: Buffer.from(JSON.stringify(body, cleanNumbers)) };
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, entry);
    return entry;
  }
}
