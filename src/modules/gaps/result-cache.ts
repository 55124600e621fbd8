import type { z } from 'zod';
import { cleanNumbers } from '../../shared/numbers.js';

/** A response body with its JSON (UTF-8 bytes), checked against its schema once when it was made. */
export interface Serialized<T> {
  body: T;
  json: Buffer;
}

/** Entries per (snapshot, targets) pair before the oldest are dropped. */
const MAX_ENTRIES = 2000;

/** Bytes all computed responses may hold, whatever their inputs (see {@link weighSerialized}). */
export const RESULT_CACHE_BYTES = 64 * 2 ** 20;

/**
 * Roughly the bytes a serialised response holds: its JSON, and the parsed objects beside it
 * (an estimate: about twice the JSON as V8 objects).
 */
export const weighSerialized = (s: Serialized<unknown>) => s.json.length * 3;

/**
 * Computed responses, remembered for as long as the inputs they were computed from are the same
 * objects: a new values snapshot or a new target index (after a write) starts afresh, and the old
 * entries go with the old objects (weak references). Each body is parsed with its zod schema and
 * serialised once, every number cleaned of binary-float noise (docs/numbers.md), so a repeated
 * request costs a lookup. All entries together hold at most `maxBytes`: past it the oldest go,
 * whichever inputs they belong to (a national deployment computes a report per municipality).
 */
export class ResultCache {
  private readonly byInputs = new WeakMap<object, WeakMap<object, Map<string, Serialized<unknown>>>>();
  /** Every entry held, oldest first, with the map it is in and its weight. */
  private readonly order = new Set<{
    map: Map<string, Serialized<unknown>>;
    key: string;
    entry: Serialized<unknown>;
    bytes: number;
  }>();
  private total = 0;

  constructor(private readonly maxBytes = RESULT_CACHE_BYTES) {}

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
    const record = { map, key, entry, bytes: weighSerialized(entry) };
    this.order.add(record);
    this.total += record.bytes;
    // The oldest go first (an entry a map already dropped only gives back its weight).
    for (const r of this.order) {
      if (this.total <= this.maxBytes || r === record) break;
      this.order.delete(r);
      this.total -= r.bytes;
      if (r.map.get(r.key) === r.entry) r.map.delete(r.key);
    }
    return entry;
  }

  /** Entries' weight held now (tests, stats). */
  get bytes(): number {
    return this.total;
  }
}
