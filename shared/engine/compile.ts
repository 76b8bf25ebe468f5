/**
 * Compilation of a catalog version: model, components, tree decomposition, cluster relations,
 * a static reduction to globally consistent tuples, and the pairwise compatibility of choices.
 * Runs once per catalog version; every click is then answered from the result.
 */
import type { CatalogDocument } from '#core/catalog-document';
import type { CompileLimits } from './types.ts';
import { enumerateCluster, indexTable, type CompileBudget, type RowIndex } from './cluster-relation.ts';
import type { Cluster, CompiledCatalog, Component } from './compiled.ts';
import { planComponents, type ComponentPlan } from './decomposition.ts';
import { buildModel, type Model, type TableConstraint } from './model.ts';
import { propagate, type Evidence } from './propagate.ts';
import { compatibleAlone, type PickMask } from './retraction.ts';

/** Default work limits: enough for the Renault "big" model with a wide margin. */
export const DEFAULT_COMPILE_LIMITS: CompileLimits = { maxTuples: 5_000_000, maxSteps: 50_000_000 };

interface RawCluster {
  groups: Int32Array;
  columns: Int32Array[];
  size: number;
  parent: number;
  children: number[];
}

/** Dense ids for the distinct projections of tuples onto a set of columns. */
function projectionIds(keyOf: Map<string | number, number>, columns: Int32Array[], size: number, radix: number[]): Int32Array {
  const ids = new Int32Array(size);
  const numeric = radix.reduce((a, b) => a * b, 1) < 2 ** 52;
  for (let t = 0; t < size; t++) {
    let key: string | number;
    if (numeric) {
      let k = 0;
      for (let i = 0; i < columns.length; i++) k = k * radix[i]! + columns[i]![t]!;
      key = k;
    } else {
      key = columns.map((c) => c[t]).join(',');
    }
    let id = keyOf.get(key);
    if (id === undefined) keyOf.set(key, (id = keyOf.size));
    ids[t] = id;
  }
  return ids;
}

/** Wires a component's raw clusters into a join tree with separators and scratch space. */
function assemble(model: Model, index: number, plan: ComponentPlan, raw: RawCluster[]): Component {
  const n = raw.length;
  const sepUp: Int32Array[] = raw.map((c) => new Int32Array(c.size).fill(-1));
  const sepCount = new Int32Array(n);
  const childSep: Int32Array[][] = raw.map(() => []);
  raw.forEach((c, i) => {
    if (c.parent < 0) return;
    const p = raw[c.parent]!;
    const shared = [...c.groups].filter((g) => p.groups.includes(g));
    const radix = shared.map((g) => model.vars[g]!.domain);
    const keyOf = new Map<string | number, number>();
    const colsOf = (r: RawCluster): Int32Array[] => shared.map((g) => r.columns[r.groups.indexOf(g)]!);
    sepUp[i] = projectionIds(keyOf, colsOf(c), c.size, radix);
    childSep[c.parent]![p.children.indexOf(i)] = projectionIds(keyOf, colsOf(p), p.size, radix);
    sepCount[i] = keyOf.size;
  });
  // Home of a group: the smallest cluster holding it, so its evidence filters few tuples.
  const home = new Map<number, number>();
  for (const g of plan.groups) {
    let best = -1;
    raw.forEach((c, i) => {
      if (c.groups.includes(g) && (best < 0 || c.size < raw[best]!.size)) best = i;
    });
    home.set(g, best);
  }
  const clusters: Cluster[] = raw.map((c, i) => {
    const homed = [...home].filter(([, h]) => h === i).map(([g]) => g);
    return {
      groups: c.groups,
      columns: c.columns,
      size: c.size,
      parent: c.parent,
      children: Int32Array.from(c.children),
      sepUp: sepUp[i]!,
      childSep: childSep[i]!,
      home: Int32Array.from(homed),
      homeColumn: Int32Array.from(homed.map((g) => c.groups.indexOf(g))),
      up: c.parent >= 0 ? new Uint8Array(sepCount[i]!) : null,
      down: c.parent >= 0 ? new Uint8Array(sepCount[i]!) : null,
      status: new Uint8Array(c.size),
      failGroup: new Int32Array(c.size),
      failChild: new Int32Array(c.size),
    };
  });
  const postOrder: number[] = [];
  const visit = (i: number): void => {
    for (const ch of raw[i]!.children) visit(ch);
    postOrder.push(i);
  };
  visit(raw.findIndex((c) => c.parent < 0));
  const choices: number[] = [];
  for (const g of plan.groups) {
    const gm = model.groups[g];
    if (gm) for (let c = 0; c < gm.choiceCount; c++) choices.push(gm.firstChoice + c);
  }
  return {
    index,
    groups: Int32Array.from(plan.groups),
    clusters,
    postOrder: Int32Array.from(postOrder),
    domainSize: new Map(plan.groups.map((g) => [g, model.vars[g]!.domain] as const)),
    catalogGroups: Int32Array.from(plan.groups.filter((g) => g < model.groups.length)),
    constraints: plan.constraints,
    choices: Int32Array.from(choices),
  };
}

/** Keeps only the tuples that extend to a full solution (no evidence beyond retired choices). */
function reduce(model: Model, comp: Component, index: number, plan: ComponentPlan): Component {
  const none: Evidence = { pick: [], tier: [] };
  propagate(comp, none, false);
  const raw: RawCluster[] = comp.clusters.map((x) => {
    const keep: number[] = [];
    for (let t = 0; t < x.size; t++) {
      if (x.status[t] !== 0) continue;
      if (x.down && !x.down[x.sepUp[t]!]) continue;
      keep.push(t);
    }
    return {
      groups: x.groups,
      columns: x.columns.map((col) => Int32Array.from(keep, (t) => col[t]!)),
      size: keep.length,
      parent: x.parent,
      children: [...x.children],
    };
  });
  return assemble(model, index, plan, raw);
}

/**
 * The pairwise compatibility of each component's choices, from ONE `compatibleAlone` pass per
 * component with every choice as a "pick" (not one propagation per choice): row a, bit i is
 * set when some valid configuration (no tier restriction) holds choice a and the component's
 * i-th choice.
 */
function compatibility(model: Model, components: Component[]): { compatible: Uint32Array[]; choiceIndex: Int32Array } {
  const compatible: Uint32Array[] = new Array(model.choiceCount);
  const choiceIndex = new Int32Array(model.choiceCount);
  for (const comp of components) {
    const masks: PickMask[] = [...comp.choices].map((a, i) => {
      choiceIndex[a] = i;
      const gm = model.groups[model.choiceGroup[a]!]!;
      const ok = new Uint8Array(gm.values.length);
      for (const v of gm.valuesWithChoice[a - gm.firstChoice]!) ok[v] = 1;
      return { group: gm.index, ok };
    });
    const { words, bits } = compatibleAlone(comp, masks, []);
    for (const a of comp.choices) {
      const gm = model.groups[model.choiceGroup[a]!]!;
      const table = bits.get(gm.index)!;
      const row = new Uint32Array(words);
      for (const v of gm.valuesWithChoice[a - gm.firstChoice]!) for (let w = 0; w < words; w++) row[w]! |= table[v * words + w]!;
      compatible[a] = row;
    }
  }
  return { compatible, choiceIndex };
}

/**
 * Compiles a catalog document. Throws CatalogTooComplexError when the cluster relations would
 * hold more than `maxTuples` tuples in total or their enumeration would take more than
 * `maxSteps` search steps (the documented work limits).
 */
export function compileCatalog(doc: CatalogDocument, limits: Partial<CompileLimits> = {}): CompiledCatalog {
  const { maxTuples, maxSteps } = { ...DEFAULT_COMPILE_LIMITS, ...limits };
  const budget: CompileBudget = { tuples: 0, steps: 0, maxTuples, maxSteps };
  const model = buildModel(doc, budget);
  const plans = planComponents(model);
  const indexes = new Map<TableConstraint, RowIndex>();
  const rowIndex = (t: TableConstraint): RowIndex => {
    let index = indexes.get(t);
    if (!index) indexes.set(t, (index = indexTable(model, t)));
    return index;
  };
  const componentOf = new Int32Array(model.vars.length);
  const components = plans.map((plan, i) => {
    for (const g of plan.groups) componentOf[g] = i;
    const raw: RawCluster[] = plan.clusters.map((c) => {
      const rel = enumerateCluster(model, c.groups, plan.constraints, rowIndex, budget);
      return { groups: Int32Array.from(c.groups), columns: rel.columns, size: rel.size, parent: c.parent, children: [] };
    });
    raw.forEach((c, j) => {
      if (c.parent >= 0) raw[c.parent]!.children.push(j);
    });
    return reduce(model, assemble(model, i, plan, raw), i, plan);
  });
  const { compatible, choiceIndex } = compatibility(model, components);
  let tuples = 0;
  let clusters = 0;
  let width = 0;
  for (const comp of components) {
    for (const x of comp.clusters) {
      tuples += x.size;
      clusters++;
      width = Math.max(width, x.groups.length - 1);
    }
  }
  return {
    doc,
    model,
    components,
    componentOf,
    compatible,
    choiceIndex,
    stats: { components: components.length, clusters, tuples, width, steps: budget.steps },
  };
}
