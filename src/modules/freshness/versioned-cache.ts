interface Entry<T> {
  version: number;
  value: Promise<T>;
  /** Its weight once loaded (see {@link Budget}); 0 until then. */
  bytes: number;
}

/**
 * A byte budget for a cache's entries: `weigh` tells roughly how many bytes an entry holds (its
 * JSON and the objects it was parsed into), and the oldest entries go while the total is over
 * `maxBytes`. Entry counts alone did not bound memory: a national deployment's burst of 1,741
 * municipality workbooks filled count-bounded caches with a report per municipality, and the
 * process grew by some 0.4 MB a workbook.
 */
export interface Budget<T> {
  maxBytes: number;
  weigh: (value: T) => number;
}

/**
 * An in-process cache whose entries hold for one data version (see data-version.ts): a request
 * that read version v gets the entry computed at v (or a later one), else computes it anew.
 * Concurrent callers of a missing key share one computation; a failed one is forgotten. When full
 * (entries, or bytes under a {@link Budget}), the oldest entries go. No time to live: staleness
 * is decided by the version alone.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private total = 0;

  constructor(
    private readonly maxEntries = 1000,
    private readonly budget?: Budget<T>,
  ) {}

  get(key: string, version: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    // An entry of a later version is fresher than the request asked for: serve it as is.
    if (hit && hit.version >= version) return hit.value;
    const entry: Entry<T> = { version, value: load(), bytes: 0 };
    this.remove(key);
    if (this.entries.size >= this.maxEntries) this.remove(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (!this.budget || this.entries.get(key) !== entry) return;
        entry.bytes = this.budget.weigh(value);
        this.total += entry.bytes;
        // The oldest go first; the entry just loaded stays even when it alone is over the budget.
        for (const [k, e] of this.entries) {
          if (this.total <= this.budget.maxBytes || e === entry) break;
          this.remove(k);
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.remove(key);
      },
    );
    return entry.value;
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.remove(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Entries held, and the bytes they weigh under the budget (tests, stats). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.total };
  }

  private remove(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.total -= e.bytes;
    this.entries.delete(key);
  }
}
