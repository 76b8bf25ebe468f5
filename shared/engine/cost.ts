/**
 * Min-sum message passing on a component's join tree: the cheapest completion of every value.
 *
 * The same two passes as propagate.ts in the (min, +) semiring. A tuple's own cost is the sum
 * of its home variables' value costs (every variable has exactly one home cluster, so each
 * group's price counts once); upward, a separator entry carries the cheapest subtree below it;
 * downward, the cheapest rest of the tree, leaving out the child's own contribution. A value's
 * marginal is the cheapest full solution holding it, exactly (the join tree is a tree).
 *
 * Evidence works as in propagate.ts: a group's picks are applied at its home cluster only, so
 * the tuples that fail exactly that group's picks give the leave-one-out marginal (the group's
 * alternatives, priced against all OTHER picks) in the same pass.
 *
 * Costs are integers (minor units) held in doubles: every sum stays far below 2^53, so adding
 * and subtracting are exact. Infinity means "no solution".
 */
import type { Component } from './compiled.ts';
import type { Evidence } from './propagate.ts';

/** Per variable, per value: its cost (a caller's price); null for a variable that costs nothing. */
export type ValueCosts = readonly (Float64Array | null)[];

/** The outcome of a full min-sum pass over one component. */
export interface CostMarginals {
  /** The cheapest solution of the component under the evidence (Infinity when there is none). */
  readonly min: number;
  /** Per variable of the component: the cheapest solution with each value, all evidence applied. */
  readonly full: Map<number, Float64Array>;
  /** Per variable with pick evidence: the same with its own picks left out. */
  readonly leaveOneOut: Map<number, Float64Array>;
}

interface Scratch {
  /** Per cluster: the cheapest subtree cost of each tuple (own + children), Infinity when dead. */
  below: Float64Array[];
  /** Per cluster: status of each tuple (0 alive, OWN_PICK, DEAD) and the failing group. */
  status: Uint8Array[];
  failGroup: Int32Array[];
  own: Float64Array[];
  up: Float64Array[];
  down: Float64Array[];
}

const DEAD = 255;
const OWN_PICK = 1;

const scratchOf = new WeakMap<Component, Scratch>();

function scratch(comp: Component): Scratch {
  let s = scratchOf.get(comp);
  if (!s) {
    s = {
      below: comp.clusters.map((x) => new Float64Array(x.size)),
      status: comp.clusters.map((x) => new Uint8Array(x.size)),
      failGroup: comp.clusters.map((x) => new Int32Array(x.size)),
      own: comp.clusters.map((x) => new Float64Array(x.size)),
      up: comp.clusters.map((x) => new Float64Array(x.up?.length ?? 0)),
      down: comp.clusters.map((x) => new Float64Array(x.down?.length ?? 0)),
    };
    scratchOf.set(comp, s);
  }
  return s;
}

/** Upward pass: own costs, statuses, subtree costs and the up messages; returns the minimum. */
function upward(comp: Component, ev: Evidence, costs: ValueCosts, s: Scratch): number {
  const { clusters, postOrder } = comp;
  let min = Infinity;
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    const n = x.size;
    const status = s.status[xi]!;
    const failGroup = s.failGroup[xi]!;
    const own = s.own[xi]!;
    const below = s.below[xi]!;
    status.fill(0);
    own.fill(0);
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const col = x.columns[x.homeColumn[h]!]!;
      const cost = costs[g] ?? null;
      if (cost) for (let t = 0; t < n; t++) own[t]! += cost[col[t]!]!;
      const tier = ev.tier[g] ?? null;
      if (tier) for (let t = 0; t < n; t++) if (!tier[col[t]!]) status[t] = DEAD;
      const pick = ev.pick[g] ?? null;
      if (pick) {
        for (let t = 0; t < n; t++) {
          const st = status[t]!;
          if (st === DEAD || pick[col[t]!]) continue;
          if (st === 0) {
            status[t] = OWN_PICK;
            failGroup[t] = g;
          } else status[t] = DEAD;
        }
      }
    }
    below.set(own);
    for (let k = 0; k < x.children.length; k++) {
      const childUp = s.up[x.children[k]!]!;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) below[t]! += childUp[sep[t]!]!;
    }
    if (x.parent >= 0) {
      const up = s.up[xi]!;
      up.fill(Infinity);
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) {
        if (status[t] !== 0) continue;
        const c = below[t]!;
        if (c < up[sepUp[t]!]!) up[sepUp[t]!] = c;
      }
    } else {
      for (let t = 0; t < n; t++) if (status[t] === 0 && below[t]! < min) min = below[t]!;
    }
  }
  return min;
}

/** The cheapest solution of the component under the evidence (one upward pass). */
export function minCost(comp: Component, ev: Evidence, costs: ValueCosts): number {
  return upward(comp, ev, costs, scratch(comp));
}

/** Full two-pass min-sum: the component's minimum and every value's cheapest solution. */
export function minCostMarginals(comp: Component, ev: Evidence, costs: ValueCosts): CostMarginals {
  const s = scratch(comp);
  const min = upward(comp, ev, costs, s);
  const { clusters, postOrder } = comp;
  const full = new Map<number, Float64Array>();
  const leaveOneOut = new Map<number, Float64Array>();
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    const n = x.size;
    const status = s.status[xi]!;
    const below = s.below[xi]!;
    // total[t]: the cheapest full solution through tuple t = its subtree + the rest above.
    // Stored in `below` in place: the subtree costs are not needed any more once known here.
    if (x.parent >= 0) {
      const down = s.down[xi]!;
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) below[t]! += down[sepUp[t]!]!;
    }
    const children = x.children;
    for (let k = 0; k < children.length; k++) {
      const child = children[k]!;
      const childDown = s.down[child]!;
      const childUp = s.up[child]!;
      childDown.fill(Infinity);
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        if (status[t] !== 0) continue;
        const u = childUp[sep[t]!]!;
        // Everything but child k: the total without child k's part (exact on finite integers).
        // A tuple whose only infinite part is child k still serves child k.
        let c: number;
        if (u === Infinity) c = restWithout(x, s, xi, t, k);
        else c = below[t]! - u;
        if (c < childDown[sep[t]!]!) childDown[sep[t]!] = c;
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const col = x.columns[x.homeColumn[h]!]!;
      const f = new Float64Array(comp.domainSize.get(g)!).fill(Infinity);
      full.set(g, f);
      const picked = ev.pick[g] ?? null;
      const l = picked ? new Float64Array(f.length).fill(Infinity) : null;
      if (l) leaveOneOut.set(g, l);
      const failGroup = s.failGroup[xi]!;
      for (let t = 0; t < n; t++) {
        const st = status[t]!;
        const c = below[t]!;
        if (st === 0) {
          const v = col[t]!;
          if (c < f[v]!) f[v] = c;
          if (l && c < l[v]!) l[v] = c;
        } else if (l && st === OWN_PICK && failGroup[t] === g) {
          const v = col[t]!;
          if (c < l[v]!) l[v] = c;
        }
      }
    }
  }
  return { min, full, leaveOneOut };
}

/** Tuple t's total without child k, summed afresh (the rare case where child k's part is infinite). */
function restWithout(x: Component['clusters'][number], s: Scratch, xi: number, t: number, k: number): number {
  let c = s.own[xi]![t]!;
  if (x.parent >= 0) c += s.down[xi]![x.sepUp[t]!]!;
  for (let j = 0; j < x.children.length; j++) {
    if (j !== k) c += s.up[x.children[j]!]![x.childSep[j]![t]!]!;
  }
  return c;
}

/** The messages of a full min-sum pass, for callers that bound the rest of the tree. */
export interface CostMessages {
  readonly min: number;
  /** Per cluster, per separator entry: the cheapest rest of the component outside the cluster's subtree. */
  readonly down: readonly Float64Array[];
}

/**
 * A full min-sum pass, keeping the downward messages. They live in per-component scratch
 * space: read them before the next pass over the same component.
 */
export function minCostMessages(comp: Component, ev: Evidence, costs: ValueCosts): CostMessages {
  const { min } = minCostMarginals(comp, ev, costs);
  return { min, down: scratch(comp).down };
}
