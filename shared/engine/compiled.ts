/**
 * The compiled form of a catalog version: components, each a join tree of materialised cluster
 * relations, plus the pairwise compatibility of choices used to explain exclusions in O(1).
 */
import type { CatalogDocument } from '#core/catalog-document';
import type { Model } from './model.ts';

/** One node of a join tree: a relation over a few groups, with scratch space for passes. */
export interface Cluster {
  /** Model group of each column, ascending. */
  readonly groups: Int32Array;
  /** `columns[i][t]`: value of `groups[i]` in tuple t. */
  readonly columns: Int32Array[];
  readonly size: number;
  readonly parent: number;
  readonly children: Int32Array;
  /** Per tuple: id of its projection on the separator with the parent (-1 at the root). */
  readonly sepUp: Int32Array;
  /** Per child (same order as `children`), per tuple: id in that child's separator numbering. */
  readonly childSep: Int32Array[];
  /** Groups whose evidence is applied here, and their column. */
  readonly home: Int32Array;
  readonly homeColumn: Int32Array;
  /** Scratch: messages to / from the parent, indexed by separator id (null at the root). */
  readonly up: Uint8Array | null;
  readonly down: Uint8Array | null;
  /** Scratch: per-tuple status of the last pass. */
  readonly status: Uint8Array;
  readonly failGroup: Int32Array;
  readonly failChild: Int32Array;
}

/**
 * A connected component of the model (groups linked by rules) and its join tree. In the join
 * tree "groups" are the model's variables: catalog groups and auxiliary variables alike.
 */
export interface Component {
  readonly index: number;
  /** Every variable of the component. */
  readonly groups: Int32Array;
  /** Only its catalog groups. */
  readonly catalogGroups: Int32Array;
  readonly clusters: Cluster[];
  /** Cluster indices, children before parents; the root is last. */
  readonly postOrder: Int32Array;
  /** Number of values of each group of the component. */
  readonly domainSize: Map<number, number>;
  /** Model constraints inside the component. */
  readonly constraints: readonly number[];
  /** Global choice numbers of the component's choices. */
  readonly choices: Int32Array;
}

/** The compiled, immutable form of one catalog version; cache it by product and version. */
export interface CompiledCatalog {
  readonly doc: CatalogDocument;
  /** Internal: the constraint model. */
  readonly model: Model;
  /** Internal: the components with their join trees. */
  readonly components: readonly Component[];
  /** Internal: component of each model variable. */
  readonly componentOf: Int32Array;
  /**
   * Internal: `compatible[a]` is a bitset over the choices of a's component (bit
   * `choiceIndex[b]`); it is set when some valid configuration (no tier restriction) contains
   * both a and b. Choices in other components are always compatible and not stored.
   */
  readonly compatible: readonly Uint32Array[];
  /** Internal: index of each global choice in its component's `choices`. */
  readonly choiceIndex: Int32Array;
  /** Internal: statistics of the compilation (tuples, clusters, width). */
  readonly stats: CompileStats;
}

export interface CompileStats {
  readonly components: number;
  readonly clusters: number;
  readonly tuples: number;
  readonly width: number;
  readonly steps: number;
}

/** Whether global choices a and b can appear together in a valid configuration. */
export function areCompatible(compiled: CompiledCatalog, a: number, b: number): boolean {
  const ga = compiled.model.choiceGroup[a]!;
  const gb = compiled.model.choiceGroup[b]!;
  if (compiled.componentOf[ga] !== compiled.componentOf[gb]) return true;
  const i = compiled.choiceIndex[b]!;
  return ((compiled.compatible[a]![i >>> 5]! >>> (i & 31)) & 1) === 1;
}
