interface Entry<T> {
  at: number;
  version: number;
  value: Promise<T>;
  /** Set once the load has resolved: a stale entry may then be served while it is refreshed. */
  settled: boolean;
  refreshing: boolean;
}

/**
 * A small in-process cache of promises with a time to live and a version. An entry younger than
 * the TTL is served as is; an older one is still served (stale-while-revalidate) while one refresh
 * runs in the background, so no request waits on a reload; an entry of another version (e.g.
 * targets written since) is reloaded before it is served. A failed load is dropped so the next call
 * retries; a failed refresh keeps the stale value. Concurrent callers of a missing key share one load.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or `load()` when absent or of another version. */
  get(key: string, load: () => Promise<T>, version = 0): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      if (this.now() - hit.at >= this.ttlMs && hit.settled && !hit.refreshing) this.refresh(key, hit, load);
      return hit.value;
    }
    const entry: Entry<T> = { at: this.now(), version, value: load(), settled: false, refreshing: false };
    this.entries.set(key, entry);
    entry.value.then(
      () => (entry.settled = true),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry.value;
  }

  private refresh(key: string, stale: Entry<T>, load: () => Promise<T>) {
    stale.refreshing = true;
    load().then(
      (v) => {
        if (this.entries.get(key) === stale) {
          this.entries.set(key, {
            at: this.now(),
            version: stale.version,
            value: Promise.resolve(v),
            settled: true,
            refreshing: false,
          });
        }
      },
      () => (stale.refreshing = false),
    );
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
