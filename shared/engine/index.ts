/**
 * The configuration engine: pure, synchronous, deterministic. Compile a catalog version once
 * (`compileCatalog`), then answer every click from the compiled form (`configure`).
 *
 * PLACEHOLDER SIGNATURES: the implementation is being written; the signatures are the contract.
 */
import type { CatalogDocument } from '#catalog/schema';
import type { CompileLimits, ConfigureAnswer, ConfigureOptions } from './types.ts';

export * from './types.ts';

/** The compiled, immutable form of one catalog version; cache it by product and version. */
export interface CompiledCatalog {
  readonly doc: CatalogDocument;
}

/** One problem with the caller's picks (unknown group or choice, duplicate, too many in a group). */
export interface PickFinding {
  pick: string;
  problem: string;
}

/** The picks are malformed (not merely conflicting): the API answers 422 with every finding. */
export class InvalidPicksError extends Error {
  constructor(readonly findings: PickFinding[]) {
    super(`invalid picks: ${findings.map((f) => `${f.pick}: ${f.problem}`).join('; ')}`);
    this.name = 'InvalidPicksError';
  }
}

/** Compiling would exceed the documented work limits: the API answers 422. */
export class CatalogTooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogTooComplexError';
  }
}

export const DEFAULT_COMPILE_LIMITS: CompileLimits = { maxTuples: 5_000_000, maxSteps: 50_000_000 };

export function compileCatalog(doc: CatalogDocument, limits: Partial<CompileLimits> = {}): CompiledCatalog {
  void limits;
  return { doc };
}

export function configure(compiled: CompiledCatalog, picks: readonly string[], options: ConfigureOptions): ConfigureAnswer {
  void compiled; void picks; void options;
  throw new Error('not implemented');
}
