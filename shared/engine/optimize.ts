/**
 * Optimal completion on the join trees: the best full configuration for an objective of two
 * additive parts, a weight W to maximise and a price P to minimise, with an optional budget on
 * P. Exact, no search:
 *
 * - Without a budget (or without weights) the objective is the lexicographic pair (max W, then
 *   min P). Pairs under component-wise addition and lexicographic order form an ordered group,
 *   so max-sum message passing over the join tree is exact: a separator entry carries the best
 *   pair of the subtree below it.
 * - With a budget and weights the pair is no longer a single order ("the most preferred that
 *   fits the budget" can be neither the cheapest nor the most preferred). A separator entry then
 *   carries the Pareto front of its subtree: every (W, P) that no other pair beats on both, kept
 *   sorted by P. Fronts combine by Minkowski sum and union; a pair is dropped as soon as its
 *   price plus the cheapest possible rest (a min-sum pass gives that bound for every separator
 *   entry) exceeds the budget. The optimum is the best front pair within the budget. An optimal
 *   configuration is made of Pareto pairs of every subtree (else swapping a part would beat
 *   it), so nothing it needs is ever dropped.
 *
 * Ties are broken by a fixed order, the COMPLETION ORDER (`completionOrder`): components in
 * index order, and in each the clusters of its join tree in preorder from the root, each adding
 * the catalog groups it introduces (those not in its parent) in catalog order. Among the optimal
 * configurations the answer is the one whose selections, compared group by group in that order,
 * come first: nothing before something, fewer choices before more, then earlier-listed choices
 * ("rank" below). Decoding top-down realises exactly this: a cluster's tuple is fixed by the
 * separator above and its introduced groups, and its subtrees are independent given it, so the
 * lexicographically first optimal configuration is the first choice at each cluster, with
 * children compared in order (memoised, so ties between auxiliary values cost little).
 */
import type { Cluster, CompiledCatalog, Component } from './compiled.ts';
import { minCostMessages, type ValueCosts } from './cost.ts';
import type { Evidence } from './propagate.ts';

/** A Pareto front: P strictly ascending, W strictly ascending (a dearer pair must be better). */
export interface Front {
  readonly w: number[];
  readonly p: number[];
}

const EMPTY: Front = { w: [], p: [] };

/** What to optimise: per variable, per value, a weight (maximised) and a price (minimised); null = 0. */
export interface Objective {
  readonly weights: ValueCosts;
  readonly prices: ValueCosts;
  /** The constant part of the price (the base price). */
  readonly base: number;
}

/** Keeps the non-dominated pairs of a list, sorted by price. */
export function paretoFilter(w: number[], p: number[]): Front {
  const order = w.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || w[b]! - w[a]!);
  const out: Front = { w: [], p: [] };
  let best = -Infinity;
  for (const i of order) {
    if (w[i]! > best) {
      best = w[i]!;
      out.w.push(w[i]!);
      out.p.push(p[i]!);
    }
  }
  return out;
}

/** The Pareto front of all sums a + b, without pairs whose price exceeds `maxPrice`. */
function minkowski(a: Front, b: Front, maxPrice: number): Front {
  if (a.w.length === 1 && b.w.length === 1) {
    const p = a.p[0]! + b.p[0]!;
    return p <= maxPrice ? { w: [a.w[0]! + b.w[0]!], p: [p] } : EMPTY;
  }
  const w: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < a.w.length; i++) {
    for (let j = 0; j < b.w.length; j++) {
      const price = a.p[i]! + b.p[j]!;
      if (price > maxPrice) continue;
      w.push(a.w[i]! + b.w[j]!);
      p.push(price);
    }
  }
  return paretoFilter(w, p);
}

/**
 * start ⊕ parts[0] ⊕ ... as one front, without pairs whose price exceeds `maxPrice` once
 * complete. Prices may be negative, so a prefix is only cut when even the cheapest rest would
 * not bring it back under the cap.
 */
function accumulate(start: Front, parts: readonly Front[], maxPrice: number): Front {
  const restMin = new Array<number>(parts.length + 1).fill(0);
  for (let k = parts.length - 1; k >= 0; k--) restMin[k] = restMin[k + 1]! + (parts[k]!.p[0] ?? Infinity);
  let front = start;
  for (let k = 0; k < parts.length && front.w.length > 0; k++) front = minkowski(front, parts[k]!, maxPrice - restMin[k + 1]!);
  return front;
}

/** Whether the front holds exactly the pair (w, p). */
function holds(f: Front, w: number, p: number): boolean {
  for (let i = 0; i < f.w.length; i++) if (f.w[i] === w && f.p[i] === p) return true;
  return false;
}

/** Per catalog group, per value: its tie-break rank (nothing first, then by size and position). */
function ranks(compiled: CompiledCatalog): Int32Array[] {
  return compiled.model.groups.map((gm) =>
    Int32Array.from(gm.values, (_, v) => (gm.multi ? v : gm.emptyValue < 0 ? v : v === gm.emptyValue ? 0 : v + 1)),
  );
}

/** Per cluster of a component: its introduced catalog groups (ascending) and their columns. */
function introduced(compiled: CompiledCatalog, comp: Component): { groups: number[]; columns: number[] }[] {
  const catalog = compiled.model.groups.length;
  return comp.clusters.map((x) => {
    const parent = x.parent >= 0 ? comp.clusters[x.parent]! : null;
    const groups: number[] = [];
    const columns: number[] = [];
    x.groups.forEach((g, i) => {
      if (g < catalog && !parent?.groups.includes(g)) {
        groups.push(g);
        columns.push(i);
      }
    });
    return { groups, columns };
  });
}

/** Per cluster: the catalog groups of its subtree in completion order. */
function subtreeOrder(compiled: CompiledCatalog, comp: Component): number[][] {
  const intro = introduced(compiled, comp);
  const out: number[][] = comp.clusters.map(() => []);
  for (let oi = 0; oi < comp.postOrder.length; oi++) {
    const xi = comp.postOrder[oi]!;
    out[xi] = [...intro[xi]!.groups, ...[...comp.clusters[xi]!.children].flatMap((c) => out[c]!)];
  }
  return out;
}

/** What decoding needs of a compiled catalog's join trees, computed once per catalog. */
interface Structure {
  readonly rank: Int32Array[];
  /** Per component, per cluster: its subtree's catalog groups in completion order. */
  readonly orders: number[][][];
  /** Per component, per cluster: the catalog groups it introduces, and their columns. */
  readonly intro: { groups: number[]; columns: number[] }[][];
}

const structureCache = new WeakMap<CompiledCatalog, Structure>();

function structureOf(compiled: CompiledCatalog): Structure {
  let s = structureCache.get(compiled);
  if (!s) {
    s = {
      rank: ranks(compiled),
      orders: compiled.components.map((comp) => subtreeOrder(compiled, comp)),
      intro: compiled.components.map((comp) => introduced(compiled, comp)),
    };
    structureCache.set(compiled, s);
  }
  return s;
}

const orderCache = new WeakMap<CompiledCatalog, string[]>();

/**
 * The completion order: the order in which `complete` compares catalog groups to break ties
 * (see the module comment). Fixed per compiled catalog version.
 */
export function completionOrder(compiled: CompiledCatalog): string[] {
  let order = orderCache.get(compiled);
  if (!order) {
    order = compiled.components.flatMap((comp) => {
      const root = comp.postOrder[comp.postOrder.length - 1]!;
      return subtreeOrder(compiled, comp)[root]!.map((g) => compiled.model.groups[g]!.id);
    });
    orderCache.set(compiled, order);
  }
  return order;
}

/** Per-component arrays reused by every lex-mode pass (the engine is synchronous). */
interface LexScratch {
  ownW: Float64Array[];
  ownP: Float64Array[];
  alive: Uint8Array[];
  subW: Float64Array[];
  subP: Float64Array[];
  upW: Float64Array[];
  upP: Float64Array[];
}

const lexScratchOf = new WeakMap<Component, LexScratch>();

function lexScratch(comp: Component): LexScratch {
  let s = lexScratchOf.get(comp);
  if (!s) {
    const perTuple = () => comp.clusters.map((x) => new Float64Array(x.size));
    const perEntry = () => comp.clusters.map((x) => new Float64Array(x.parent >= 0 ? x.up!.length : 1));
    s = {
      ownW: perTuple(),
      ownP: perTuple(),
      alive: comp.clusters.map((x) => new Uint8Array(x.size)),
      subW: perTuple(),
      subP: perTuple(),
      upW: perEntry(),
      upP: perEntry(),
    };
    lexScratchOf.set(comp, s);
  }
  return s;
}

/** Own weight, price and evidence status of every tuple of a cluster, into the given arrays. */
function ownOf(x: Cluster, ev: Evidence, obj: Objective, w: Float64Array, p: Float64Array, alive: Uint8Array): void {
  const n = x.size;
  w.fill(0);
  p.fill(0);
  alive.fill(1);
  for (let h = 0; h < x.home.length; h++) {
    const g = x.home[h]!;
    const col = x.columns[x.homeColumn[h]!]!;
    const wg = obj.weights[g] ?? null;
    const pg = obj.prices[g] ?? null;
    const tier = ev.tier[g] ?? null;
    const pick = ev.pick[g] ?? null;
    if (wg) for (let t = 0; t < n; t++) w[t]! += wg[col[t]!]!;
    if (pg) for (let t = 0; t < n; t++) p[t]! += pg[col[t]!]!;
    if (tier) for (let t = 0; t < n; t++) if (!tier[col[t]!]) alive[t] = 0;
    if (pick) for (let t = 0; t < n; t++) if (!pick[col[t]!]) alive[t] = 0;
  }
}

/**
 * One component's messages: per cluster the own pairs of its tuples and, per separator entry
 * (the root: entry 0), the front of the subtree. Lex mode keeps one pair per entry in typed
 * arrays (scratch space reused across calls); Pareto mode keeps fronts.
 */
class ComponentPass {
  readonly ownW: Float64Array[];
  readonly ownP: Float64Array[];
  private readonly alive: Uint8Array[];
  /** Lex mode: per cluster, per tuple the best subtree pair; per entry the best pair (W = -Infinity: none). */
  private readonly subW: Float64Array[];
  private readonly subP: Float64Array[];
  private readonly upW: Float64Array[];
  private readonly upP: Float64Array[];
  /** Pareto mode: per cluster, per entry, the front; per tuple, its subtree front. */
  private readonly fronts: Front[][] = [];
  private readonly tupleFronts: (Front | null)[][] = [];

  constructor(
    readonly comp: Component,
    ev: Evidence,
    obj: Objective,
    readonly pareto: boolean,
    /** Pareto mode: the highest price a subtree may reach, per cluster and entry. */
    maxPrice: ((x: number, entry: number) => number) | null,
  ) {
    const { clusters, postOrder } = comp;
    const s = lexScratch(comp);
    this.ownW = s.ownW;
    this.ownP = s.ownP;
    this.alive = s.alive;
    this.subW = s.subW;
    this.subP = s.subP;
    this.upW = s.upW;
    this.upP = s.upP;
    for (let oi = 0; oi < postOrder.length; oi++) {
      const xi = postOrder[oi]!;
      const x = clusters[xi]!;
      ownOf(x, ev, obj, this.ownW[xi]!, this.ownP[xi]!, this.alive[xi]!);
      const entries = x.parent >= 0 ? x.up!.length : 1;
      const root = x.parent < 0;
      const alive = this.alive[xi]!;
      if (!pareto) {
        const ownW = this.ownW[xi]!;
        const ownP = this.ownP[xi]!;
        const subW = this.subW[xi]!;
        const subP = this.subP[xi]!;
        const upW = this.upW[xi]!.fill(-Infinity);
        const upP = this.upP[xi]!.fill(Infinity);
        const sepUp = x.sepUp;
        subW.set(ownW);
        subP.set(ownP);
        for (let k = 0; k < x.children.length; k++) {
          const cw = this.upW[x.children[k]!]!;
          const cp = this.upP[x.children[k]!]!;
          const sep = x.childSep[k]!;
          for (let t = 0; t < x.size; t++) {
            subW[t]! += cw[sep[t]!]!;
            subP[t]! += cp[sep[t]!]!;
          }
        }
        for (let t = 0; t < x.size; t++) {
          const w = subW[t]!;
          if (!alive[t] || w === -Infinity) {
            subW[t] = -Infinity;
            continue;
          }
          const e = root ? 0 : sepUp[t]!;
          const p = subP[t]!;
          if (w > upW[e]! || (w === upW[e]! && p < upP[e]!)) {
            upW[e] = w;
            upP[e] = p;
          }
        }
        continue;
      }
      const key = (t: number): number => (root ? 0 : x.sepUp[t]!);
      const byEntry: { w: number[]; p: number[] }[] = Array.from({ length: entries }, () => ({ w: [], p: [] }));
      const tuples: (Front | null)[] = new Array(x.size).fill(null);
      for (let t = 0; t < x.size; t++) {
        if (!alive[t]) continue;
        const limit = maxPrice ? maxPrice(xi, key(t)) : Infinity;
        const parts = [...x.children].map((c, k) => this.fronts[c]![x.childSep[k]![t]!]!);
        const front = accumulate({ w: [this.ownW[xi]![t]!], p: [this.ownP[xi]![t]!] }, parts, limit);
        if (front.w.length === 0) continue;
        tuples[t] = front;
        const e = byEntry[key(t)]!;
        e.w.push(...front.w);
        e.p.push(...front.p);
      }
      this.tupleFronts[xi] = tuples;
      this.fronts[xi] = byEntry.map((e) => (e.w.length === 0 ? EMPTY : paretoFilter(e.w, e.p)));
    }
  }

  /** The front of cluster x's subtree for separator entry `entry` (the root: 0). */
  frontAt(x: number, entry: number): Front {
    if (this.pareto) return this.fronts[x]![entry]!;
    const w = this.upW[x]![entry]!;
    return w === -Infinity ? EMPTY : { w: [w], p: [this.upP[x]![entry]!] };
  }

  /** Whether tuple t's subtree (own plus its children) reaches exactly the pair (w, p). */
  reaches(x: number, t: number, w: number, p: number): boolean {
    if (this.pareto) {
      const f = this.tupleFronts[x]![t];
      return f ? holds(f, w, p) : false;
    }
    return this.subW[x]![t] === w && this.subP[x]![t] === p;
  }

  /** The component's front (its root's). */
  rootFront(): Front {
    return this.frontAt(this.comp.postOrder[this.comp.postOrder.length - 1]!, 0);
  }
}

/** A partial choice among children: the pairs taken so far, their decoded selections, and what is left. */
interface SplitState<T> {
  readonly item: T;
  readonly w: number;
  readonly p: number;
  readonly parts: { w: number; p: number }[];
  readonly seqs: Int32Array[];
}

/**
 * Splits a target (w, p) among independent parts with fronts `frontsOf(item)` (in order), each
 * candidate item bringing its own fronts: returns the item and per part the pair and decoded
 * selections that come first in completion order. `decode(item, k, pair)` decodes part k.
 */
function chooseSplit<T>(
  items: readonly { item: T; w: number; p: number }[],
  fronts: (item: T) => Front[],
  decode: (item: T, k: number, w: number, p: number) => Int32Array,
  rank: (k: number, seq: Int32Array) => Int32Array,
): SplitState<T> | null {
  let states: SplitState<T>[] = items.map(({ item, w, p }) => ({ item, w, p, parts: [], seqs: [] }));
  const count = items.length > 0 ? fronts(items[0]!.item).length : 0;
  // Suffix sums per item, so a part is only taken when the rest can still make up the target.
  const suffixes = new Map<T, Front[]>();
  const suffixOf = (item: T): Front[] => {
    let s = suffixes.get(item);
    if (!s) {
      const fs = fronts(item);
      s = new Array(fs.length + 1);
      s[fs.length] = { w: [0], p: [0] };
      for (let k = fs.length - 1; k >= 0; k--) s[k] = minkowski(fs[k]!, s[k + 1]!, Infinity);
      suffixes.set(item, s);
    }
    return s;
  };
  states = states.filter((st) => holds(suffixOf(st.item)[0]!, st.w, st.p));
  for (let k = 0; k < count && states.length > 0; k++) {
    const next: { state: SplitState<T>; key: Int32Array }[] = [];
    for (const st of states) {
      const f = fronts(st.item)[k]!;
      const rest = suffixOf(st.item)[k + 1]!;
      for (let i = 0; i < f.w.length; i++) {
        const w = f.w[i]!;
        const p = f.p[i]!;
        if (!holds(rest, st.w - w, st.p - p)) continue;
        const seq = decode(st.item, k, w, p);
        next.push({
          state: { item: st.item, w: st.w - w, p: st.p - p, parts: [...st.parts, { w, p }], seqs: [...st.seqs, seq] },
          key: rank(k, seq),
        });
      }
    }
    let best: Int32Array | null = null;
    for (const n of next) if (best === null || compare(n.key, best) < 0) best = n.key;
    states = next.filter((n) => compare(n.key, best!) === 0).map((n) => n.state);
  }
  return states[0] ?? null;
}

function compare(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The optimum of a whole catalog: its pair and each catalog group's value (-1: none). */
export interface Optimum {
  readonly weight: number;
  readonly price: number;
  /** Per catalog group: the value of the chosen configuration. */
  readonly values: Int32Array;
}

/**
 * The best configuration under the evidence: max W, then min P, within `budget` (null: none),
 * ties broken by the completion order. Null when no configuration exists within the budget.
 */
export function optimize(compiled: CompiledCatalog, ev: Evidence, obj: Objective, budget: number | null): Optimum | null {
  const weighted = obj.weights.some((w) => w !== null);
  const pareto = budget !== null && weighted;
  const { rank } = structureOf(compiled);
  const comps = compiled.components;
  let maxPrice: ((c: number) => (x: number, entry: number) => number) | null = null;
  if (pareto) {
    // The cheapest rest outside each subtree bounds what a subtree may cost within the budget.
    const bounds = comps.map((comp) => {
      const m = minCostMessages(comp, ev, obj.prices);
      return { min: m.min, down: m.down.map((d) => Float64Array.from(d)) };
    });
    const cheapest = bounds.reduce((sum, b) => sum + b.min, obj.base);
    if (cheapest > budget) return null;
    maxPrice = (c) => {
      const outside = cheapest - bounds[c]!.min;
      const root = comps[c]!.postOrder[comps[c]!.postOrder.length - 1]!;
      return (x, entry) => budget - outside - (x === root ? 0 : bounds[c]!.down[x]![entry]!);
    };
  }
  const passes = comps.map((comp, c) => new ComponentPass(comp, ev, obj, pareto, maxPrice ? maxPrice(c) : null));
  const { orders, intro } = structureOf(compiled);
  const rankSeq = (groups: readonly number[], seq: Int32Array): Int32Array => Int32Array.from(seq, (v, i) => rank[groups[i]!]![v]!);

  // Decoding one cluster's subtree for one separator entry and target pair (memoised).
  const memo = comps.map(() => new Map<string, Int32Array>());
  const decode = (c: number, x: number, entry: number, w: number, p: number): Int32Array => {
    const key = `${x}:${entry}:${w}:${p}`;
    const hit = memo[c]!.get(key);
    if (hit) return hit;
    const pass = passes[c]!;
    const cluster = comps[c]!.clusters[x]!;
    const { columns } = intro[c]![x]!;
    const introGroups = intro[c]![x]!.groups;
    // Tuples that reach the target, grouped by their introduced groups' ranks: the first wins.
    const introRanks = introGroups.map((g) => rank[g]!);
    const introCols = columns.map((col) => cluster.columns[col]!);
    const compareTuples = (a: number, b: number): number => {
      for (let i = 0; i < introCols.length; i++) {
        const d = introRanks[i]![introCols[i]![a]!]! - introRanks[i]![introCols[i]![b]!]!;
        if (d !== 0) return d;
      }
      return 0;
    };
    let best = -1;
    let items: { item: number; w: number; p: number }[] = [];
    for (let t = 0; t < cluster.size; t++) {
      if (cluster.parent >= 0 && cluster.sepUp[t] !== entry) continue;
      if (!pass.reaches(x, t, w, p)) continue;
      const order = best < 0 ? -1 : compareTuples(t, best);
      if (order < 0) {
        best = t;
        items = [];
      }
      if (order <= 0) items.push({ item: t, w: w - pass.ownW[x]![t]!, p: p - pass.ownP[x]![t]! });
    }
    const childFronts = (t: number): Front[] => [...cluster.children].map((ch, k) => pass.frontAt(ch, cluster.childSep[k]![t]!));
    const split = chooseSplit(
      items,
      childFronts,
      (t, k, cw, cp) => decode(c, cluster.children[k]!, cluster.childSep[k]![t]!, cw, cp),
      (k, seq) => rankSeq(orders[c]![cluster.children[k]!]!, seq),
    );
    if (!split) throw new Error('optimize: a target pair could not be decoded (a defect)');
    const t = split.item;
    const values = new Int32Array(orders[c]![x]!.length);
    columns.forEach((col, i) => {
      values[i] = cluster.columns[col]![t]!;
    });
    let at = columns.length;
    for (const seq of split.seqs) {
      values.set(seq, at);
      at += seq.length;
    }
    memo[c]!.set(key, values);
    return values;
  };

  // The components are independent parts of one virtual root whose own pair is (0, base).
  const fronts = passes.map((pass) => pass.rootFront());
  if (fronts.some((f) => f.w.length === 0)) return null;
  const total = accumulate({ w: [0], p: [obj.base] }, fronts, budget ?? Infinity);
  if (total.w.length === 0) return null;
  // Lex mode: the single best pair. Pareto mode: W and P both ascend, so the dearest pair within
  // the budget is the most preferred, and the cheapest such.
  const last = total.w.length - 1;
  const weight = total.w[last]!;
  const price = total.p[last]!;
  if (budget !== null && price > budget) return null;
  const split = chooseSplit(
    [{ item: 0, w: weight, p: price - obj.base }],
    () => fronts,
    (_, c, w, p) => decode(c, comps[c]!.postOrder[comps[c]!.postOrder.length - 1]!, 0, w, p),
    (c, seq) => rankSeq(orders[c]![comps[c]!.postOrder[comps[c]!.postOrder.length - 1]!]!, seq),
  );
  if (!split) throw new Error('optimize: the optimum could not be decoded (a defect)');
  const values = new Int32Array(compiled.model.groups.length).fill(-1);
  comps.forEach((comp, c) => {
    const root = comp.postOrder[comp.postOrder.length - 1]!;
    orders[c]![root]!.forEach((g, i) => {
      values[g] = split.seqs[c]![i]!;
    });
  });
  return { weight, price, values };
}
