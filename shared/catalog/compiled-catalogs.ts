/**
 * Compiled catalogs, kept in memory by product and version (one Lambda container serves many
 * clicks). A version never changes, so a compiled version is cached until evicted; which
 * version is current is remembered for a few seconds, so a warm `configure` reads nothing
 * from DynamoDB.
 *
 * A cold version is loaded from its artifact (compiled at publish) when an artifact store is
 * given: one read of the pointer, one of the artifact. An artifact that is missing, damaged,
 * of another format version or of another document is reported (`onArtifactProblem`) and the
 * version compiled from its document, as without a store; it is not written back here: the
 * functions that configure may only read artifacts (publishing the same document again
 * rewrites it).
 */
import { CatalogTooComplexError, CompiledFormatError, compileCatalog, type CompiledCatalog } from '#engine/index';
import { LimitExceededError, NotFoundError } from '#core/errors';
import { TtlCache } from '#core/ttl-cache';
import type { CatalogDocument } from '#core/catalog-document';
import { compiledArtifactKey, decodeArtifact, type ArtifactRef } from './compiled-artifact.ts';
import type { CompiledArtifactStore } from './ports.ts';

/** What the cache needs from the store. */
export interface CatalogSource {
  /** The current version; its `documentSha256` names its artifact. */
  findCurrent(productId: string): Promise<{ version: number; documentSha256?: string } | undefined>;
  get(productId: string, version?: number): Promise<{ productId: string; version: number; document: CatalogDocument }>;
  /** One version's summary without its document (to find the artifact of a pinned version). */
  findVersion?(productId: string, version: number): Promise<{ version: number; documentSha256: string } | undefined>;
}

/** Why a cold version was compiled from its document instead of loaded from its artifact. */
export interface ArtifactProblem {
  productId: string;
  version: number;
  key: string;
  /** `missing`, `unreadable` (the store failed), or the CompiledFormatError's problem. */
  problem: string;
  message: string;
}

export interface CompiledCatalogsOptions {
  /** Compiled versions kept; the least recently used goes first. */
  maxEntries?: number;
  /** How long the current-version pointer is trusted, in ms. */
  currentVersionTtlMs?: number;
  now?: () => number;
  /** Where compiled artifacts are read from; without it every cold version is compiled. */
  artifacts?: CompiledArtifactStore | undefined;
  /** Told whenever an artifact could not be used (to log it). */
  onArtifactProblem?: (problem: ArtifactProblem) => void;
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
  private readonly artifacts: CompiledArtifactStore | undefined;
  private readonly onArtifactProblem: (problem: ArtifactProblem) => void;

  constructor(
    private readonly source: CatalogSource,
    options: CompiledCatalogsOptions = {},
  ) {
    this.artifacts = options.artifacts;
    this.onArtifactProblem = options.onArtifactProblem ?? (() => {});
    const now = options.now ? { now: options.now } : {};
    this.entries = new TtlCache({ ttlMs: Number.POSITIVE_INFINITY, maxEntries: options.maxEntries ?? 8, ...now });
    this.current = new TtlCache({ ttlMs: options.currentVersionTtlMs ?? 5_000, ...now });
  }

  /** The compiled version asked for, or the current one. Throws NotFoundError, LimitExceededError. */
  async get(productId: string, version?: number): Promise<CompiledVersion> {
    const wanted = version ?? this.current.get(productId);
    const hit = wanted === undefined ? undefined : this.entries.get(`${productId}@${wanted}`);
    if (hit) return hit;
    if (this.artifacts) {
      const summary =
        version === undefined ? await this.source.findCurrent(productId) : await this.source.findVersion?.(productId, version);
      if (version === undefined && !summary) throw new NotFoundError(`product ${productId} is not published`);
      if (summary?.documentSha256) {
        if (version === undefined) this.current.set(productId, summary.version);
        const key = `${productId}@${summary.version}`;
        const entry =
          this.entries.get(key) ??
          (await this.load(this.artifacts, { productId, version: summary.version, documentSha256: summary.documentSha256 })) ??
          (await this.compileStored(productId, summary.version));
        this.entries.set(key, entry);
        return entry;
      }
    }
    const stored = await this.source.get(productId, wanted);
    if (version === undefined) this.current.set(productId, stored.version);
    const key = `${productId}@${stored.version}`;
    const entry = this.entries.get(key) ?? { productId: stored.productId, version: stored.version, compiled: compile(stored.document) };
    this.entries.set(key, entry);
    return entry;
  }

  /** The version from its artifact, or undefined (reported) when there is none to use. */
  private async load(artifacts: CompiledArtifactStore, ref: ArtifactRef): Promise<CompiledVersion | undefined> {
    const key = compiledArtifactKey(ref);
    const report = (problem: string, message: string) => {
      this.onArtifactProblem({ productId: ref.productId, version: ref.version, key, problem, message });
      return undefined;
    };
    let bytes: Uint8Array | undefined;
    try {
      bytes = await artifacts.get(key);
    } catch (error) {
      return report('unreadable', error instanceof Error ? error.message : String(error));
    }
    if (!bytes) return report('missing', 'no artifact under this key');
    try {
      return { productId: ref.productId, version: ref.version, compiled: decodeArtifact(bytes, ref.documentSha256) };
    } catch (error) {
      if (error instanceof CompiledFormatError) return report(error.problem, error.message);
      throw error;
    }
  }

  private async compileStored(productId: string, version: number): Promise<CompiledVersion> {
    const stored = await this.source.get(productId, version);
    return { productId: stored.productId, version: stored.version, compiled: compile(stored.document) };
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
