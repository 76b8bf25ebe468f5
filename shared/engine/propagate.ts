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

/** Status of each tuple: base failures (0,1,2+) + 3 * child-message failures (0,1,2+). */
function upward(comp: Component, ev: Evidence, countOwnPicksOnly: boolean): void {
  const { clusters, postOrder } = comp;
  for (let oi = 0; oi < postOrder.length; oi++) {
    const x = clusters[postOrder[oi]!]!;
    const n = x.size;
    const status = x.status;
    const failGroup = x.failGroup;
    const failChild = x.failChild;
    const up = x.up;
    if (up) up.fill(0);
    // Collect the evidence homed here once, outside the tuple loop.
    const checks: { col: Int32Array; tier: Uint8Array | null; pick: Uint8Array | null; group: number }[] = [];
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const tier = ev.tier[g] ?? null;
      const pick = ev.pick[g] ?? null;
      if (tier || pick) checks.push({ col: x.columns[x.homeColumn[h]!]!, tier, pick, group: g });
    }
    const nc = checks.length;
    const children = x.children;
    const nch = children.length;
    for (let t = 0; t < n; t++) {
      let bf = 0;
      let bg = -1;
      let dead = false;
      for (let k = 0; k < nc; k++) {
        const c = checks[k]!;
        const v = c.col[t]!;
        if (c.tier && !c.tier[v]) {
          dead = true;
          break;
        }
        if (c.pick && !c.pick[v]) {
          bf++;
          bg = c.group;
          if (!countOwnPicksOnly && bf > 0) {
            dead = true;
            break;
          }
        }
      }
      if (dead || bf > 1) {
        status[t] = DEAD;
        continue;
      }
      let cf = 0;
      let cc = -1;
      for (let k = 0; k < nch; k++) {
        const child = clusters[children[k]!]!;
        if (!child.up![x.childSep[k]![t]!]) {
          cf++;
          cc = k;
          if (cf > 1) break;
        }
      }
      if (cf > 1 || (cf === 1 && bf === 1)) {
        status[t] = DEAD;
        continue;
      }
      status[t] = bf + 3 * cf;
      failGroup[t] = bg;
      failChild[t] = cc;
      if (bf === 0 && cf === 0 && up) up[x.sepUp[t]!] = 1;
    }
  }
}

/** Whether the component has a solution under the evidence (one upward pass). */
export function isConsistent(comp: Component, ev: Evidence): boolean {
  upward(comp, ev, false);
  const root = comp.clusters[comp.postOrder[comp.postOrder.length - 1]!]!;
  for (let t = 0; t < root.size; t++) if (root.status[t] === 0) return true;
  return false;
}

/** Full two-pass propagation: exact marginals and leave-one-out marginals of picked groups. */
export function propagate(comp: Component, ev: Evidence): Marginals {
  upward(comp, ev, true);
  const { clusters, postOrder } = comp;
  const full = new Map<number, Uint8Array>();
  const leaveOneOut = new Map<number, Uint8Array>();
  let consistent = false;
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const x = clusters[postOrder[oi]!]!;
    const n = x.size;
    const status = x.status;
    const children = x.children;
    const nch = children.length;
    for (let k = 0; k < nch; k++) clusters[children[k]!]!.down!.fill(0);
    const down = x.parent >= 0 ? x.down! : null;
    const homeCols: Int32Array[] = [];
    const homeFull: Uint8Array[] = [];
    const homeLoo: (Uint8Array | null)[] = [];
    const looIndex = new Map<number, number>();
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const domain = comp.domainSize.get(g)!;
      const f = new Uint8Array(domain);
      full.set(g, f);
      homeFull.push(f);
      homeCols.push(x.columns[x.homeColumn[h]!]!);
      if (ev.pick[g]) {
        const l = new Uint8Array(domain);
        leaveOneOut.set(g, l);
        homeLoo.push(l);
        looIndex.set(g, h);
      } else homeLoo.push(null);
    }
    const nh = homeCols.length;
    for (let t = 0; t < n; t++) {
      const s = status[t]!;
      if (s === DEAD) continue;
      if (down && !down[x.sepUp[t]!]) continue;
      const bf = s % 3;
      const cf = (s - bf) / 3;
      if (bf === 0) {
        if (cf === 0) {
          for (let k = 0; k < nch; k++) clusters[children[k]!]!.down![x.childSep[k]![t]!] = 1;
          consistent = true;
          for (let h = 0; h < nh; h++) {
            const v = homeCols[h]![t]!;
            homeFull[h]![v] = 1;
            const l = homeLoo[h];
            if (l) l[v] = 1;
          }
        } else {
          const k = x.failChild[t]!;
          clusters[children[k]!]!.down![x.childSep[k]![t]!] = 1;
        }
      } else if (cf === 0) {
        // Fails only its own group's pick: an alternative for that group.
        const h = looIndex.get(x.failGroup[t]!)!;
        homeLoo[h]![homeCols[h]![t]!] = 1;
      }
    }
  }
  if (!consistent) for (const f of full.values()) f.fill(0);
  return { consistent, full, leaveOneOut };
}

export type { Cluster };
