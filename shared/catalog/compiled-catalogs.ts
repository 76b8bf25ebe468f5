/**
 * Compiled catalogs, kept in memory by product and version (one Lambda container serves many
 * clicks). A version never changes, so a compiled version is cached until evicted; which
 * version is current is remembered for a few seconds, so a warm `configure` reads nothing
 * from DynamoDB.
 */
import { CatalogTooComplexError, compileCatalog, type CompiledCatalog } from '#engine/index';
import { LimitExceededError } from '#core/errors';
import { TtlCache } from '#core/ttl-cache';
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
  /** Versions never change: kept until evicted (least recently used first). */
  private readonly entries: TtlCache<string, CompiledVersion>;
  private readonly current: TtlCache<string, number>;

  constructor(
    private readonly source: CatalogSource,
    options: CompiledCatalogsOptions = {},
  ) {
    const now = options.now ? { now: options.now } : {};
    this.entries = new TtlCache({ ttlMs: Number.POSITIVE_INFINITY, maxEntries: options.maxEntries ?? 8, ...now });
    this.current = new TtlCache({ ttlMs: options.currentVersionTtlMs ?? 5_000, ...now });
  }

  /** The compiled version asked for, or the current one. Throws NotFoundError, LimitExceededError. */
  async get(productId: string, version?: number): Promise<CompiledVersion> {
    const wanted = version ?? this.current.get(productId);
    const hit = wanted === undefined ? undefined : this.entries.get(`${productId}@${wanted}`);
    if (hit) return hit;
    const stored = await this.source.get(productId, wanted);
    if (version === undefined) this.current.set(productId, stored.version);
    const key = `${productId}@${stored.version}`;
    const entry = this.entries.get(key) ?? { productId: stored.productId, version: stored.version, compiled: compile(stored.document) };
    this.entries.set(key, entry);
    return entry;
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
