/**
 * The configuration engine: pure, synchronous, deterministic. Compile a catalog version once
 * (`compileCatalog`), then answer every click from the compiled form (`configure`).
 *
 * How it works: the catalog becomes a constraint model with one variable per group (its domain
 * is the selections the group's min/max allow), split into connected components; each
 * component gets a tree decomposition whose cluster relations are materialised at compile time
 * (bounded by CompileLimits). A click is two message passes over the join tree, which gives
 * exact ("backtrack-free") guidance; see propagate.ts, configure.ts and explain.ts.
 */
export * from './types.ts';
export { InvalidPicksError, CatalogTooComplexError, type PickFinding } from './errors.ts';
export type { CompiledCatalog, CompileStats } from './compiled.ts';
export { compileCatalog, DEFAULT_COMPILE_LIMITS } from './compile.ts';
export { configure } from './configure.ts';
