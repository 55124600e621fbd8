import { createHash } from 'node:crypto';

/**
 * Rendered pictures by the spec they were drawn from. A spec is rebuilt from the published rows on
 * every request (so it is always current); the same spec gives the same picture, so rendering it
 * again is skipped. Least recently used first out, at most `max` entries or `maxBytes` in all.
 */
export class RenderCache {
  private entries = new Map<string, string | Buffer>();
  private bytes = 0;

  constructor(
    private readonly max = 128,
    private readonly maxBytes = 64 * 2 ** 20,
  ) {}

  /** The picture of `spec` in `variant` (format and scale), rendered by `render` when not cached. */
  async get<T extends string | Buffer>(spec: object, variant: string, render: () => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(variant).update('\0').update(JSON.stringify(spec)).digest('hex');
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as T;
    }
    const out = await render();
    this.entries.set(key, out);
    this.bytes += out.length;
    while (this.entries.size > this.max || this.bytes > this.maxBytes) {
      const [oldest, value] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
    return out;
  }
}
