/**
 * Message passing on a component's join tree (Yannakakis-style semi-joins with boolean support).
 *
 * Evidence for a group (the caller's picks, the tier's restrictions) is applied at ONE home
 * cluster of that group. Upward, each cluster tells its parent which separator tuples its
 * subtree supports; downward, each parent tells each child which separator tuples the rest of
 * the tree supports, leaving out that child's own contribution. A tuple that passes its own
 * evidence, every child's message and its parent's message extends to a full solution, so the
 * marginals are exact (globally consistent), not merely locally consistent.
 *
 * Because a group's pick evidence lives at its home cluster only, the home cluster's tuples
 * that fail exactly that one pick (and nothing else) give the "leave-one-out" marginal of the
 * group, i.e. the group's alternatives judged against all the OTHER picks, in the same pass.
 */
import type { Cluster, Component } from './compiled.ts';

/** Per-group unary restrictions, indexed by model group; null = unrestricted. */
export interface Evidence {
  /** The caller's picks: allowed values. Left out of the group's own leave-one-out marginal. */
  readonly pick: readonly (Uint8Array | null)[];
  /** Tier restrictions: always applied, also to the leave-one-out marginal. */
  readonly tier: readonly (Uint8Array | null)[];
}

/** The outcome of a full pass over one component. */
export interface Marginals {
  readonly consistent: boolean;
  /** Per model group of the component: values in some solution with all evidence. */
  readonly full: Map<number, Uint8Array>;
  /** Per model group with pick evidence: values in some solution with all evidence but its own picks. */
  readonly leaveOneOut: Map<number, Uint8Array>;
}

const DEAD = 255;
/** Status bits of a tuple: fails its own group's pick (1), fails exactly one child's message (4). */
const OWN_PICK = 1;
const ONE_CHILD = 4;

/**
 * Upward pass. Loops run column by column (one evidence check or one child at a time over all
 * tuples): tight monomorphic loops, several times faster than per-tuple loops over children.
 * With `tolerant`, a tuple failing only its home group's pick, or only one child's message, is
 * remembered (not killed) for the leave-one-out marginals and the downward messages.
 */
function upward(comp: Component, ev: Evidence, tolerant: boolean, reduced: boolean): Uint8Array {
  const { clusters, postOrder } = comp;
  // A subtree without evidence supports every separator tuple (the relations are reduced to
  // globally consistent tuples at compile time), so its message need not be computed or read.
  const informed = new Uint8Array(clusters.length);
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    let any = !reduced;
    for (let h = 0; h < x.home.length && !any; h++) any = !!(ev.tier[x.home[h]!] || ev.pick[x.home[h]!]);
    for (let k = 0; k < x.children.length && !any; k++) any = informed[x.children[k]!] === 1;
    informed[xi] = any ? 1 : 0;
    const n = x.size;
    const status = x.status;
    const failGroup = x.failGroup;
    const failChild = x.failChild;
    status.fill(0, 0, n);
    if (!any) continue;
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const tier = ev.tier[g] ?? null;
      const pick = ev.pick[g] ?? null;
      if (!tier && !pick) continue;
      const col = x.columns[x.homeColumn[h]!]!;
      if (tier) {
        for (let t = 0; t < n; t++) if (!tier[col[t]!]) status[t] = DEAD;
      }
      if (pick) {
        for (let t = 0; t < n; t++) {
          const s = status[t]!;
          if (s === DEAD || pick[col[t]!]) continue;
          if (tolerant && s === 0) {
            status[t] = OWN_PICK;
            failGroup[t] = g;
          } else status[t] = DEAD;
        }
      }
    }
    const children = x.children;
    for (let k = 0; k < children.length; k++) {
      if (!informed[children[k]!]) continue;
      const childUp = clusters[children[k]!]!.up!;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const s = status[t]!;
        if (s === DEAD || childUp[sep[t]!]) continue;
        if (tolerant && s === 0) {
          status[t] = ONE_CHILD;
          failChild[t] = k;
        } else status[t] = DEAD;
      }
    }
    const up = x.up;
    if (up) {
      up.fill(0);
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) if (status[t] === 0) up[sepUp[t]!] = 1;
    }
  }
  return informed;
}

/** Whether the component has a solution under the evidence (one upward pass). */
export function isConsistent(comp: Component, ev: Evidence): boolean {
  upward(comp, ev, false, true);
  const root = comp.clusters[comp.postOrder[comp.postOrder.length - 1]!]!;
  for (let t = 0; t < root.size; t++) if (root.status[t] === 0) return true;
  return false;
}

/**
 * Full two-pass propagation: exact marginals and leave-one-out marginals of picked groups.
 * `reduced: false` is for the compile-time reduction, before relations are globally consistent.
 */
export function propagate(comp: Component, ev: Evidence, reduced = true): Marginals {
  upward(comp, ev, true, reduced);
  const { clusters, postOrder } = comp;
  const full = new Map<number, Uint8Array>();
  const leaveOneOut = new Map<number, Uint8Array>();
  let consistent = false;
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const x = clusters[postOrder[oi]!]!;
    const n = x.size;
    const status = x.status;
    // Tuples the parent's message rejects are out, whatever their own status.
    if (x.parent >= 0) {
      const down = x.down!;
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) if (!down[sepUp[t]!]) status[t] = DEAD;
    }
    const children = x.children;
    for (let k = 0; k < children.length; k++) {
      const childDown = clusters[children[k]!]!.down!;
      childDown.fill(0);
      const sep = x.childSep[k]!;
      const failChild = x.failChild;
      for (let t = 0; t < n; t++) {
        const s = status[t]!;
        // The message to child k leaves out child k's own contribution.
        if (s === 0 || (s === ONE_CHILD && failChild[t] === k)) childDown[sep[t]!] = 1;
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const col = x.columns[x.homeColumn[h]!]!;
      const f = new Uint8Array(comp.domainSize.get(g)!);
      full.set(g, f);
      const picked = ev.pick[g] ?? null;
      const l = picked ? new Uint8Array(f.length) : null;
      if (l) leaveOneOut.set(g, l);
      const failGroup = x.failGroup;
      for (let t = 0; t < n; t++) {
        const s = status[t]!;
        if (s === 0) {
          f[col[t]!] = 1;
          if (l) l[col[t]!] = 1;
        } else if (l && s === OWN_PICK && failGroup[t] === g) l[col[t]!] = 1;
      }
    }
    if (x.parent < 0) {
      for (let t = 0; t < n && !consistent; t++) if (status[t] === 0) consistent = true;
    }
  }
  if (!consistent) for (const f of full.values()) f.fill(0);
  return { consistent, full, leaveOneOut };
}

export type { Cluster };
