/**
 * Structure of the model: connected components (groups linked by rules) and, per component, a
 * tree decomposition of its constraint graph built from a min-fill elimination order.
 */
import type { Model } from './model.ts';

export interface ClusterPlan {
  /** Groups of the cluster (model group indices). */
  readonly groups: number[];
  /** Index of the parent cluster in the component's plan, or -1 for the root. */
  parent: number;
}

export interface ComponentPlan {
  readonly groups: number[];
  readonly constraints: number[];
  /** Clusters; every constraint's scope lies inside at least one of them. */
  readonly clusters: ClusterPlan[];
}

/**
 * Splits the model's variables into connected components, each with its own rules. A resource
 * rule's placeholder links nothing: its chain's links do.
 */
function components(model: Model): { groups: number[]; constraints: number[] }[] {
  const parent = model.vars.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const con of model.constraints) {
    if (con.kind === 'resource') continue;
    for (let i = 1; i < con.scope.length; i++) {
      const a = find(con.scope[0]!);
      const b = find(con.scope[i]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, { groups: number[]; constraints: number[] }>();
  for (let g = 0; g < model.vars.length; g++) {
    const r = find(g);
    let comp = byRoot.get(r);
    if (!comp) byRoot.set(r, (comp = { groups: [], constraints: [] }));
    comp.groups.push(g);
  }
  model.constraints.forEach((con, i) => {
    if (con.scope.length > 0) byRoot.get(find(con.scope[0]!))!.constraints.push(i);
  });
  return [...byRoot.values()];
}

/**
 * Min-fill elimination: each step eliminates the vertex whose neighbourhood needs the fewest
 * fill edges to become a clique (ties: smaller degree, then smaller index, for determinism).
 * A component with auxiliary variables (resource chains, needs) uses min-weight instead: the
 * vertex whose cluster has the smallest product of domains (then the fewest fill edges), since
 * partial sums have domains of hundreds of values where groups have a handful.
 * The eliminated vertex and its neighbours form a cluster; the cluster's parent is the cluster
 * of the earliest-eliminated neighbour, which yields a join tree.
 */
function decompose(model: Model, groups: number[], constraints: number[]): ClusterPlan[] {
  const local = new Map(groups.map((g, i) => [g, i] as const));
  const n = groups.length;
  const adj: Set<number>[] = groups.map(() => new Set());
  for (const ci of constraints) {
    if (model.constraints[ci]!.kind === 'resource') continue;
    const scope = model.constraints[ci]!.scope;
    for (let i = 0; i < scope.length; i++) {
      for (let j = i + 1; j < scope.length; j++) {
        const a = local.get(scope[i]!)!;
        const b = local.get(scope[j]!)!;
        adj[a]!.add(b);
        adj[b]!.add(a);
      }
    }
  }
  const eliminated = new Uint8Array(n);
  const step = new Int32Array(n).fill(-1);
  const clusters: { groups: number[]; vertex: number; neighbours: number[] }[] = [];
  // With auxiliary variables (partial sums with large domains) the cluster a step creates is
  // judged by its size, the product of its domains: min-weight first, then min-fill. Catalogs
  // without them keep the plain min-fill order.
  const logDomain = groups.map((g) => Math.log2(model.vars[g]!.domain));
  const weighted = groups.some((g) => model.vars[g]!.kind !== 'group');
  for (let k = 0; k < n; k++) {
    let best = -1;
    let bestFill = Infinity;
    let bestDegree = Infinity;
    let bestWeight = Infinity;
    for (let v = 0; v < n; v++) {
      if (eliminated[v]) continue;
      const nb = [...adj[v]!];
      let fill = 0;
      for (let i = 0; i < nb.length && (weighted || fill < bestFill + 1); i++) {
        for (let j = i + 1; j < nb.length; j++) if (!adj[nb[i]!]!.has(nb[j]!)) fill++;
      }
      if (weighted) {
        const weight = nb.reduce((sum, u) => sum + logDomain[u]!, logDomain[v]!);
        if (weight < bestWeight - 1e-9 || (Math.abs(weight - bestWeight) <= 1e-9 && fill < bestFill)) {
          best = v;
          bestFill = fill;
          bestWeight = weight;
        }
        continue;
      }
      if (fill < bestFill || (fill === bestFill && nb.length < bestDegree)) {
        best = v;
        bestFill = fill;
        bestDegree = nb.length;
      }
    }
    const nb = [...adj[best]!].sort((a, b) => a - b);
    for (let i = 0; i < nb.length; i++) {
      for (let j = i + 1; j < nb.length; j++) {
        adj[nb[i]!]!.add(nb[j]!);
        adj[nb[j]!]!.add(nb[i]!);
      }
    }
    for (const u of nb) adj[u]!.delete(best);
    adj[best]!.clear();
    eliminated[best] = 1;
    step[best] = k;
    clusters.push({ groups: [best, ...nb], vertex: best, neighbours: nb });
  }
  const plans: ClusterPlan[] = clusters.map((c) => {
    let parent = -1;
    let first = Infinity;
    for (const u of c.neighbours) {
      if (step[u]! < first) {
        first = step[u]!;
        parent = first;
      }
    }
    return { groups: c.groups.map((v) => groups[v]!).sort((a, b) => a - b), parent };
  });
  return mergeContained(plans);
}

/** Folds a parent into its child when the parent's groups are a subset of the child's. */
function mergeContained(plans: ClusterPlan[]): ClusterPlan[] {
  const alive = plans.map(() => true);
  const isSubset = (a: number[], b: number[]): boolean => {
    const set = new Set(b);
    return a.every((x) => set.has(x));
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i]!.parent;
      if (!alive[i] || p < 0) continue;
      if (isSubset(plans[p]!.groups, plans[i]!.groups)) {
        plans[i]!.parent = plans[p]!.parent;
        for (let j = 0; j < plans.length; j++) if (alive[j] && j !== i && plans[j]!.parent === p) plans[j]!.parent = i;
        alive[p] = false;
        changed = true;
      }
    }
  }
  const renumber = new Int32Array(plans.length).fill(-1);
  let next = 0;
  plans.forEach((_, i) => {
    if (alive[i]) renumber[i] = next++;
  });
  return plans.filter((_, i) => alive[i]).map((p) => ({ groups: p.groups, parent: p.parent < 0 ? -1 : renumber[p.parent]! }));
}

/** Components of the model with a join tree for each. */
export function planComponents(model: Model): ComponentPlan[] {
  return components(model).map((c) => ({ ...c, clusters: decompose(model, c.groups, c.constraints) }));
}
