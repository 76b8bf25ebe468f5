/**
 * The configuration engine: pure, synchronous, deterministic. Compile a catalog version once
 * (`compileCatalog`), then answer every click from the compiled form (`configure`).
 *
 * How it works: the catalog becomes a constraint model with one variable per group (its domain
 * is the selections the group's min/max allow), split into connected components; each
 * component gets a tree decomposition whose cluster relations are materialised at compile time
 * (bounded by CompileLimits). A click is two message passes over the join tree, which gives
 * exact ("backtrack-free") guidance; see propagate.ts, configure.ts and explain.ts. The
 * explanations of excluded choices cost a few more passes per component, not one per choice:
 * `keptPicks` (retraction.ts) gives every choice's giveUp at once (the picks a greedy pass in
 * priority order cannot keep), `keepablePrefixes` drives a shared search for the preferred
 * minimal conflict (the reasons no single pick explains; the compile-time compatibility table,
 * itself one `compatibleAlone` pass per component, gives the one-pick reasons in O(1)).
 *
 * Decisions:
 * - Multi-choice groups (max > 1) are one variable whose values are the allowed subsets. In a
 *   table, a choice cell over such a group means "the choice is in the selection", `null` means
 *   "nothing selected", `*` anything. A group with room (fewer picks than max) judges its other
 *   choices as ADDITIONS to all picks (available/forced/excluded); a full group (picks = max,
 *   which is every picked single-choice group) judges them as SWAPS, against the other groups'
 *   picks only. An excluded addition may name the group's own picks in its reasons/giveUp.
 * - Conflicting picks are not an error: `valid: false`, `conflicts` and `repair`, and the group
 *   states describe the REPAIRED picks. Malformed picks throw InvalidPicksError with every
 *   finding. If no configuration exists at all for the caller, everything is excluded and the
 *   repair drops every pick.
 * - `tier: null` (unknown caller) excludes every tier-limited choice (reason `tier`).
 * - Retired choices are removed at compile time (reason `retired`); a retired pick is a
 *   conflict that the repair moves to its `replacedBy`.
 * - `emptyAllowed` is judged without the group's own picks.
 *
 * Guided selling (docs/engine.md has the details and figures):
 * - Resource rules compile to chains of exact partial sums (auxiliary variables, resource.ts);
 *   needs with hard requirements to one variable per question (stating an answer is evidence on
 *   it, applied always, like the tier). Clicks see only catalog groups.
 * - Every choice gets `fromPrice`, the cheapest valid completion judged like its state, from
 *   one min-sum up/down pass per priced component (cost.ts). A `budget` excludes values whose
 *   cheapest completion is dearer (reason `budget`); picks that cannot fit it together are a
 *   conflict, repaired greedily.
 * - `complete` maximises a weight, then minimises the total, by max-sum over the join trees, or
 *   over Pareto fronts when a budget constrains a weighted goal (optimize.ts); ties are broken
 *   by `completionOrder`.
 */
export * from './types.ts';
export {
  InvalidPicksError,
  InvalidOptionsError,
  NoConfigurationError,
  CatalogTooComplexError,
  CompiledFormatError,
  type CompiledFormatProblem,
  type PickFinding,
  type OptionFinding,
} from './errors.ts';
export type { CompiledCatalog, CompileStats } from './compiled.ts';
export { compileCatalog, DEFAULT_COMPILE_LIMITS } from './compile.ts';
export { encodeCompiledCatalog, decodeCompiledCatalog, COMPILED_FORMAT_VERSION } from './compiled-codec.ts';
export { configure } from './configure.ts';
export { complete, MAX_POPULARITY_WEIGHT } from './complete.ts';
export { completionOrder } from './optimize.ts';
export { resourceFloor, scaleResource, type ResourceFloor } from './resource.ts';
/** The price list of a tier's perks (its included services at 0), for callers pricing like `configure` does. */
export { perksList } from './price.ts';
/** Checks picks against a compiled catalog without configuring (unknown, duplicate, too many): throws InvalidPicksError with every finding. */
export { parsePicks as checkPicks } from './picks.ts';
