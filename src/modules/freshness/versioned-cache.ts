interface Entry<T> {
  version: number;
  value: Promise<T>;
}

/**
 * An in-process cache whose entries hold for one data version (see data-version.ts): a request
 * that read version v gets the entry computed at v (or a later one), else computes it anew.
 * Concurrent callers of a missing key share one computation; a failed one is forgotten. When full,
 * the oldest entry goes. No time to live: staleness is decided by the version alone.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 1000) {}

  get(key: string, version: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    // An entry of a later version is fresher than the request asked for: serve it as is.
    if (hit && hit.version >= version) return hit.value;
    const entry: Entry<T> = { version, value: load() };
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
