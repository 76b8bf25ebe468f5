/**
 * Compiled catalogs, kept in memory by product and version (one Lambda container serves many
 * clicks). A version never changes, so a compiled version is cached until evicted; which
 * version is current is remembered for a few seconds, so a warm `configure` reads nothing
 * from DynamoDB.
 */
import { CatalogTooComplexError, compileCatalog, type CompiledCatalog } from '#engine/index';
import { LimitExceededError } from '#core/errors';
import type { CatalogDocument } from '#core/catalog-document';

/** What the cache needs from the store. */
export interface CatalogSource {
  findCurrent(productId: string): Promise<{ version: number } | undefined>;
  get(productId: string, version?: number): Promise<{ productId: string; version: number; document: CatalogDocument }>;
}

export interface CompiledCatalogsOptions {
  /** Compiled versions kept; the least recently used goes first. */
  maxEntries?: number;
  /** How long the current-version pointer is trusted, in ms. */
  currentVersionTtlMs?: number;
  now?: () => number;
}

export interface CompiledVersion {
  productId: string;
  version: number;
  compiled: CompiledCatalog;
}

export class CompiledCatalogs {
  private readonly entries = new Map<string, CompiledVersion>();
  private readonly current = new Map<string, { version: number; until: number }>();
  private readonly maxEntries: number;
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(
    private readonly source: CatalogSource,
    options: CompiledCatalogsOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 8;
    this.ttl = options.currentVersionTtlMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The compiled version asked for, or the current one. Throws NotFoundError, LimitExceededError. */
  async get(productId: string, version?: number): Promise<CompiledVersion> {
    const wanted = version ?? this.cachedCurrent(productId);
    const hit = wanted === undefined ? undefined : this.touch(`${productId}@${wanted}`);
    if (hit) return hit;
    const stored = await this.source.get(productId, wanted);
    if (version === undefined) this.current.set(productId, { version: stored.version, until: this.now() + this.ttl });
    const key = `${productId}@${stored.version}`;
    const entry = this.touch(key) ?? { productId: stored.productId, version: stored.version, compiled: compile(stored.document) };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** The entry, moved to the most recently used end. */
  private touch(key: string): CompiledVersion | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private cachedCurrent(productId: string): number | undefined {
    const entry = this.current.get(productId);
    return entry && entry.until > this.now() ? entry.version : undefined;
  }
}

function compile(document: CatalogDocument): CompiledCatalog {
  try {
    return compileCatalog(document);
  } catch (error) {
    if (error instanceof CatalogTooComplexError) throw new LimitExceededError(`this catalog is too complex to configure: ${error.message}`);
    throw error;
  }
}
