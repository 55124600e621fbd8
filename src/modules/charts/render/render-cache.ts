import { createHash } from 'node:crypto';
import type { PictureStore } from './picture-store.js';

/**
 * Rendered pictures by the spec they were drawn from. A spec is rebuilt from the published rows on
 * every request (so it is always current); the same spec gives the same picture, so rendering it
 * again is skipped. Least recently used first out, at most `max` entries or `maxBytes` in all.
 *
 * With a `store` (the pictures table, picture-store.ts) a picture missing here is looked up there
 * before it is drawn, and a picture drawn here is written there: another replica, or this one after
 * a restart, finds it instead of drawing it again. The key covers the renderer's version
 * (`keyPrefix`), so a stored picture is always the one this code would draw. The store only ever
 * saves work: when it fails, the picture is drawn and served as without it (`onStoreError` hears why).
 */
export class RenderCache {
  private entries = new Map<string, string | Buffer>();
  private bytes = 0;
  /** Pictures served from memory, read from the store, and drawn. */
  readonly stats = { memory: 0, stored: 0, drawn: 0 };

  constructor(
    private readonly max = 128,
    private readonly maxBytes = 64 * 2 ** 20,
    private readonly store?: PictureStore,
    private readonly keyPrefix = '',
    private readonly onStoreError: (err: unknown) => void = () => undefined,
  ) {}

  /**
   * The picture of `spec` in `variant` (format and scale), rendered by `render` when not cached.
   * `text`: the picture is a string (SVG), stored as UTF-8.
   */
  async get<T extends string | Buffer>(spec: object, variant: string, render: () => Promise<T>, text = false): Promise<T> {
    const key = createHash('sha256').update(this.keyPrefix).update('\0').update(variant).update('\0').update(JSON.stringify(spec)).digest('hex');
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.stats.memory++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as T;
    }
    const stored = this.store ? await this.store.get(key).catch((err: unknown) => (this.onStoreError(err), null)) : null;
    let out: T;
    if (stored) {
      this.stats.stored++;
      out = (text ? stored.toString('utf8') : stored) as T;
    } else {
      this.stats.drawn++;
      out = await render();
      if (this.store) {
        const body: Buffer = typeof out === 'string' ? Buffer.from(out, 'utf8') : (out as Buffer);
        await this.store.put(key, variant, body).catch((err: unknown) => this.onStoreError(err));
      }
    }
    this.keep(key, out);
    return out;
  }

  private keep(key: string, out: string | Buffer) {
    this.entries.set(key, out);
    this.bytes += out.length;
    while (this.entries.size > this.max || this.bytes > this.maxBytes) {
      const [oldest, value] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}
