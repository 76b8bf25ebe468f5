/**
 * A small in-memory cache whose entries expire after a fixed time: what a Lambda container
 * keeps between requests (a partner's price list, the current catalog version, a tenant's order
 * statistics) so that a warm request reads nothing it read a moment ago. Pure: the clock is
 * injected. Optionally bounded: the least recently used entry goes first.
 */
export interface TtlCacheOptions {
  /** How long an entry is trusted, in ms. */
  ttlMs: number;
  /** Entries kept at most (least recently used evicted); unbounded when absent. */
  maxEntries?: number;
  now?: () => number;
}

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The value while it is fresh; `undefined` once it expired (or was never set). */
  get(key: K): V | undefined {
    return this.fresh(key)?.value;
  }

  /** The fresh entry, if any: tells a cached `undefined` from no entry at all. */
  fresh(key: K): { value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.until <= this.now()) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value };
  }

  /** The last value set, fresh or not: what to fall back on when reading it again fails. */
  stale(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.now() + this.options.ttlMs });
    const max = this.options.maxEntries;
    if (max !== undefined) while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** The fresh value, or the one `load` gives (then kept). */
  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.fresh(key);
    if (hit) return hit.value;
    const value = await load();
    this.set(key, value);
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
