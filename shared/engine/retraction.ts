/**
 * Explanation passes: every "which picks" question about the excluded choices of a component,
 * answered for ALL its values at once by one extra up/down pass over the join tree, instead of
 * one propagation per candidate set of picks (see configure.ts `explainExclusions`).
 *
 * Both are the message pass of propagate.ts in another semiring (entries are sets of picks,
 * as bitsets, instead of booleans), so both are exact. A pick's evidence lives at its group's
 * home cluster only, and tier restrictions kill tuples as usual.
 *
 * - `compatibleAlone` (intersection, union): bit i of a value is set when some solution has the
 *   value and pick i, with no other pick. A pick whose bit is clear excludes the choice on its
 *   own (the one-pick reasons, and picks that must be given up).
 * - `keptPicks` (lexicographic max, disjoint union): for each value, the lexicographically
 *   greatest set of picks (in priority order, most wanted first) that some solution with the
 *   value satisfies. It is the set the greedy "keep the most wanted pick that still fits"
 *   keeps (for a downward-closed family the greedy set IS the lexicographic maximum), so its
 *   complement is a minimal correction: the same answer as `minimalCorrection` in explain.ts,
 *   for every choice in one pass.
 */
import type { Cluster, Component } from './compiled.ts';

/** One pick of the component, as evidence: the values of its group that contain its choice. */
export interface PickMask {
  readonly group: number;
  readonly ok: Uint8Array;
}

/** Per group of the component: `domain * words` words; bit i of value v's words is pick i. */
export interface PickBits {
  readonly words: number;
  readonly bits: Map<number, Uint32Array>;
}

interface Scratch {
  up: Uint32Array[];
  down: Uint32Array[];
  upAlive: Uint8Array[];
  downAlive: Uint8Array[];
  own: Uint32Array;
  acc: Uint32Array;
  suffix: Uint32Array;
  dead: Uint8Array;
  deadChild: Int32Array;
}

const scratchOf = new WeakMap<Component, Map<number, Scratch>>();

/** Scratch buffers per component and width, reused across calls (the engine is synchronous). */
function scratch(comp: Component, words: number, withSuffix: boolean): Scratch {
  let byWidth = scratchOf.get(comp);
  if (!byWidth) scratchOf.set(comp, (byWidth = new Map()));
  const key = withSuffix ? -words : words;
  // Wide passes (the compile-time table) get fresh buffers, not kept alive with the catalog.
  const keep = words <= 8;
  let s = keep ? byWidth.get(key) : undefined;
  if (!s) {
    let maxSize = 0;
    let maxSuffix = 0;
    for (const x of comp.clusters) {
      maxSize = Math.max(maxSize, x.size);
      maxSuffix = Math.max(maxSuffix, x.size * (x.children.length + 1));
    }
    const seps = comp.clusters.map((x) => x.up?.length ?? 0);
    s = {
      up: seps.map((n) => new Uint32Array(n * words)),
      down: seps.map((n) => new Uint32Array(n * words)),
      upAlive: seps.map((n) => new Uint8Array(n)),
      downAlive: seps.map((n) => new Uint8Array(n)),
      own: new Uint32Array(maxSize * words),
      acc: new Uint32Array(maxSize * words),
      suffix: new Uint32Array(withSuffix ? maxSuffix * words : 0),
      dead: new Uint8Array(maxSize),
      deadChild: new Int32Array(maxSize),
    };
    if (byWidth.size > 8) byWidth.clear();
    if (keep) byWidth.set(key, s);
  }
  return s;
}

function picksByGroup(masks: readonly PickMask[]): Map<number, number[]> {
  const picksOf = new Map<number, number[]>();
  masks.forEach((m, i) => {
    const list = picksOf.get(m.group) ?? [];
    list.push(i);
    picksOf.set(m.group, list);
  });
  return picksOf;
}

/** Clusters whose subtree holds evidence; the others support everything and are not computed. */
function informedClusters(comp: Component, picksOf: Map<number, number[]>, tier: readonly (Uint8Array | null)[]): Uint8Array {
  const informed = new Uint8Array(comp.clusters.length);
  for (let oi = 0; oi < comp.postOrder.length; oi++) {
    const xi = comp.postOrder[oi]!;
    const x = comp.clusters[xi]!;
    let any = false;
    for (let h = 0; h < x.home.length && !any; h++) any = !!(tier[x.home[h]!] || picksOf.has(x.home[h]!));
    for (let k = 0; k < x.children.length && !any; k++) any = informed[x.children[k]!] === 1;
    informed[xi] = any ? 1 : 0;
  }
  return informed;
}

/** rows[t] &= message[sep[t]] for every tuple t (`words` words each). */
function andRows(rows: Uint32Array, message: Uint32Array, sep: Int32Array, n: number, words: number): void {
  for (let t = 0; t < n; t++) {
    const a = t * words;
    const b = sep[t]! * words;
    for (let w = 0; w < words; w++) rows[a + w]! &= message[b + w]!;
  }
}

/** "Alone" own bits: every pick but those the tuple fails; nothing when a tier restriction kills it. */
function aloneOwn(
  x: Cluster,
  picksOf: Map<number, number[]>,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  words: number,
  out: Uint32Array,
): void {
  const n = x.size;
  out.fill(0xffffffff, 0, n * words);
  for (let h = 0; h < x.home.length; h++) {
    const g = x.home[h]!;
    const col = x.columns[x.homeColumn[h]!]!;
    for (const i of picksOf.get(g) ?? []) {
      const ok = masks[i]!.ok;
      const word = i >>> 5;
      const bit = ~(1 << (i & 31));
      for (let t = 0; t < n; t++) if (!ok[col[t]!]) out[t * words + word]! &= bit;
    }
    const t0 = tier[g] ?? null;
    if (t0) {
      for (let t = 0; t < n; t++) if (!t0[col[t]!]) out.fill(0, t * words, (t + 1) * words);
    }
  }
}

/**
 * For every value of every group of the component, the picks (bit i = masks[i]) it is
 * compatible with alone: some solution (under the tier restrictions) has the value and pick i.
 */
export function compatibleAlone(comp: Component, masks: readonly PickMask[], tier: readonly (Uint8Array | null)[]): PickBits {
  const words = Math.max(1, (masks.length + 31) >>> 5);
  const s = scratch(comp, words, true);
  const picksOf = picksByGroup(masks);
  const { clusters, postOrder } = comp;
  const informed = informedClusters(comp, picksOf, tier);
  const { own, acc, suffix } = s;
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    if (!informed[xi] || x.parent < 0) continue;
    const n = x.size;
    aloneOwn(x, picksOf, masks, tier, words, own);
    for (let k = 0; k < x.children.length; k++) {
      if (informed[x.children[k]!]) andRows(own, s.up[x.children[k]!]!, x.childSep[k]!, n, words);
    }
    const up = s.up[xi]!;
    up.fill(0);
    const sepUp = x.sepUp;
    for (let t = 0; t < n; t++) {
      const a = t * words;
      const b = sepUp[t]! * words;
      for (let w = 0; w < words; w++) up[b + w]! |= own[a + w]!;
    }
  }
  const bits = new Map<number, Uint32Array>();
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    const n = x.size;
    const m = x.children.length;
    // Suffix block k (k = 0..m): the intersection of the messages of children k..m-1, so the
    // message to child k (everything but child k) is prefix ∩ suffix block k+1.
    const block = n * words;
    suffix.fill(0xffffffff, m * block, (m + 1) * block);
    for (let k = m - 1; k >= 0; k--) {
      suffix.copyWithin(k * block, (k + 1) * block, (k + 2) * block);
      if (informed[x.children[k]!]) andRows(suffix.subarray(k * block, (k + 1) * block), s.up[x.children[k]!]!, x.childSep[k]!, n, words);
    }
    aloneOwn(x, picksOf, masks, tier, words, acc);
    if (x.parent >= 0) andRows(acc, s.down[xi]!, x.sepUp, n, words);
    for (let k = 0; k < m; k++) {
      const child = x.children[k]!;
      const down = s.down[child]!;
      down.fill(0);
      const sep = x.childSep[k]!;
      const after = (k + 1) * block;
      for (let t = 0; t < n; t++) {
        const a = t * words;
        const b = sep[t]! * words;
        for (let w = 0; w < words; w++) down[b + w]! |= acc[a + w]! & suffix[after + a + w]!;
      }
      if (informed[child]) andRows(acc, s.up[child]!, sep, n, words);
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      const out = new Uint32Array(comp.domainSize.get(g)! * words);
      bits.set(g, out);
      const col = x.columns[x.homeColumn[h]!]!;
      for (let t = 0; t < n; t++) {
        const a = t * words;
        const b = col[t]! * words;
        for (let w = 0; w < words; w++) out[b + w]! |= acc[a + w]!;
      }
    }
  }
  return { words, bits };
}

/** Lexicographic order of pick sets: pick 0 is the most significant bit of word 0. */
const keptBit = (i: number): number => 1 << (31 - (i & 31));

/** Whether pick i is in a `keptPicks` set stored at `offset`. */
export function isKept(set: Uint32Array, offset: number, i: number): boolean {
  return (set[offset + (i >>> 5)]! & keptBit(i)) !== 0;
}

/** Whether the set at a (offset oa) is lexicographically greater than the one at b (offset ob). */
function _greater(a: Uint32Array, oa: number, b: Uint32Array, ob: number, words: number): boolean {
  for (let w = 0; w < words; w++) {
    const x = a[oa + w]!;
    const y = b[ob + w]!;
    if (x !== y) return x > y;
  }
  return false;
}

/** "Kept" own sets: the home picks the tuple satisfies; dead (tier) tuples are marked in `dead`. */
function keptOwn(
  x: Cluster,
  picksOf: Map<number, number[]>,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  words: number,
  out: Uint32Array,
  dead: Uint8Array,
): void {
  const n = x.size;
  out.fill(0, 0, n * words);
  dead.fill(0, 0, n);
  for (let h = 0; h < x.home.length; h++) {
    const g = x.home[h]!;
    const col = x.columns[x.homeColumn[h]!]!;
    for (const i of picksOf.get(g) ?? []) {
      const ok = masks[i]!.ok;
      const word = i >>> 5;
      const bit = keptBit(i);
      for (let t = 0; t < n; t++) if (ok[col[t]!]) out[t * words + word]! |= bit;
    }
    const t0 = tier[g] ?? null;
    if (t0) {
      for (let t = 0; t < n; t++) if (!t0[col[t]!]) dead[t] = 1;
    }
  }
}

/** One value's best set: `alive` 0 when no solution has the value at all. */
export interface KeptSets {
  readonly words: number;
  /** Per group of the component: `domain * words` words, the best kept set of each value. */
  readonly sets: Map<number, Uint32Array>;
  /** Per group: 1 when some solution has the value. */
  readonly alive: Map<number, Uint8Array>;
}

/**
 * For every value of every group of the component, the lexicographically greatest set of picks
 * (masks in priority order, most wanted first; pick i = masks[i]) that one solution with the
 * value satisfies: the picks a greedy "keep what still fits, most wanted first" keeps. Picks
 * of different clusters are disjoint, so the product is a union and leaving one child's
 * contribution out is a bit clear.
 */
export function keptPicks(
  comp: Component,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  needed?: ReadonlySet<number>,
): KeptSets {
  const words = Math.max(1, (masks.length + 31) >>> 5);
  const s = scratch(comp, words, false);
  const picksOf = picksByGroup(masks);
  const { clusters, postOrder } = comp;
  const informed = informedClusters(comp, picksOf, tier);
  const { own, dead, deadChild } = s;
  // Upward: a tuple's set is its own picks plus its children's; dead when any part is dead.
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    if (!informed[xi] || x.parent < 0) continue;
    const n = x.size;
    keptOwn(x, picksOf, masks, tier, words, own, dead);
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (!informed[child]) continue;
      const up = s.up[child]!;
      const alive = s.upAlive[child]!;
      const sep = x.childSep[k]!;
      if (words === 1) {
        for (let t = 0; t < n; t++) {
          const b = sep[t]!;
          if (!alive[b]) dead[t] = 1;
          own[t]! |= up[b]!;
        }
        continue;
      }
      for (let t = 0; t < n; t++) {
        const b = sep[t]!;
        if (!alive[b]) dead[t] = 1;
        const a = t * words;
        for (let w = 0; w < words; w++) own[a + w]! |= up[b * words + w]!;
      }
    }
    projectMax(own, dead, x.sepUp, n, words, s.up[xi]!, s.upAlive[xi]!);
  }
  const sets = new Map<number, Uint32Array>();
  const aliveOf = new Map<number, Uint8Array>();
  const acc = s.acc;
  const wanted = needed ? wantedClusters(comp, needed) : null;
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
    if (wanted && !wanted[xi]) continue;
    const x = clusters[xi]!;
    const n = x.size;
    // acc: own ∪ parent ∪ every child; dead counts the dead parts (deadChild: the one child).
    keptOwn(x, picksOf, masks, tier, words, acc, dead);
    for (let t = 0; t < n; t++) if (dead[t]) dead[t] = 2;
    deadChild.fill(-1, 0, n);
    if (x.parent >= 0) {
      const down = s.down[xi]!;
      const alive = s.downAlive[xi]!;
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) {
        const b = sepUp[t]!;
        if (!alive[b]) dead[t] = 2;
        const a = t * words;
        for (let w = 0; w < words; w++) acc[a + w]! |= down[b * words + w]!;
      }
    }
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (!informed[child]) continue;
      const up = s.up[child]!;
      const alive = s.upAlive[child]!;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const b = sep[t]!;
        if (!alive[b]) {
          if (dead[t] === 0) {
            dead[t] = 1;
            deadChild[t] = k;
          } else dead[t] = 2;
        }
        const a = t * words;
        for (let w = 0; w < words; w++) acc[a + w]! |= up[b * words + w]!;
      }
    }
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (wanted && !wanted[child]) continue;
      const down = s.down[child]!;
      const alive = s.downAlive[child]!;
      down.fill(0);
      alive.fill(0);
      const up = informed[child] ? s.up[child]! : null;
      const sep = x.childSep[k]!;
      if (words === 1) {
        for (let t = 0; t < n; t++) {
          const d = dead[t]!;
          if (d === 2 || (d === 1 && deadChild[t] !== k)) continue;
          const b = sep[t]!;
          const v = (up ? acc[t]! & ~up[b]! : acc[t]!) >>> 0;
          if (!alive[b]) {
            alive[b] = 1;
            down[b] = v;
          } else if (v > down[b]!) down[b] = v;
        }
        continue;
      }
      for (let t = 0; t < n; t++) {
        const d = dead[t]!;
        if (d === 2 || (d === 1 && deadChild[t] !== k)) continue;
        const a = t * words;
        const b = sep[t]! * words;
        // Everything but child k's contribution (disjoint bits): clear them.
        const fresh = !alive[sep[t]!];
        let w = 0;
        let x = 0;
        let y = 0;
        if (!fresh) {
          for (; w < words; w++) {
            x = (up ? acc[a + w]! & ~up[b + w]! : acc[a + w]!) >>> 0;
            y = down[b + w]!;
            if (x !== y) break;
          }
        }
        if (fresh || (w < words && x > y)) {
          alive[sep[t]!] = 1;
          for (w = 0; w < words; w++) down[b + w] = up ? acc[a + w]! & ~up[b + w]! : acc[a + w]!;
        }
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      if (needed && !needed.has(g)) continue;
      const size = comp.domainSize.get(g)!;
      const out = new Uint32Array(size * words);
      const alive = new Uint8Array(size);
      sets.set(g, out);
      aliveOf.set(g, alive);
      for (let t = 0; t < n; t++) if (dead[t]) dead[t] = 2;
      projectMax(acc, dead, x.columns[x.homeColumn[h]!]!, n, words, out, alive);
    }
  }
  return { words, sets, alive: aliveOf };
}

/** Clusters on the way from the root to the home clusters of the needed groups. */
function wantedClusters(comp: Component, needed: ReadonlySet<number>): Uint8Array {
  const { clusters } = comp;
  const wanted = new Uint8Array(clusters.length);
  clusters.forEach((x, xi) => {
    if (!x.home.some((g) => needed.has(g))) return;
    for (let c = xi; c >= 0 && !wanted[c]; c = clusters[c]!.parent) wanted[c] = 1;
  });
  return wanted;
}

/** out[key[t]] = lexicographic max of rows[t] over the live tuples t with that key. */
function projectMax(
  rows: Uint32Array,
  dead: Uint8Array,
  key: Int32Array,
  n: number,
  words: number,
  out: Uint32Array,
  alive: Uint8Array,
): void {
  out.fill(0);
  alive.fill(0);
  if (words === 1) {
    for (let t = 0; t < n; t++) {
      if (dead[t]) continue;
      const b = key[t]!;
      const v = rows[t]!;
      if (!alive[b]) {
        alive[b] = 1;
        out[b] = v;
      } else if (v > out[b]!) out[b] = v;
    }
    return;
  }
  for (let t = 0; t < n; t++) {
    if (dead[t]) continue;
    const a = t * words;
    const b = key[t]! * words;
    let w = 0;
    if (alive[key[t]!]) {
      while (w < words && rows[a + w] === out[b + w]) w++;
      if (w === words || rows[a + w]! < out[b + w]!) continue;
    }
    alive[key[t]!] = 1;
    for (let w = 0; w < words; w++) out[b + w] = rows[a + w]!;
  }
}

interface PrefixScratch {
  up: Int32Array[];
  down: Int32Array[];
  own: Int32Array;
  acc: Int32Array;
  min1: Int32Array;
  arg1: Int32Array;
  min2: Int32Array;
}

const prefixScratchOf = new WeakMap<Component, PrefixScratch>();

/** Each tuple's own limit: the position of the first pick it fails (n if none), -1 when a tier restriction kills it. */
function ownLimit(
  x: Cluster,
  picksOf: Map<number, number[]>,
  seq: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  skipGroup: number,
  out: Int32Array,
): void {
  const n = x.size;
  out.fill(seq.length, 0, n);
  for (let h = 0; h < x.home.length; h++) {
    const g = x.home[h]!;
    const col = x.columns[x.homeColumn[h]!]!;
    if (g !== skipGroup) {
      for (const i of picksOf.get(g) ?? []) {
        const ok = seq[i]!.ok;
        for (let t = 0; t < n; t++) if (!ok[col[t]!] && out[t]! > i) out[t] = i;
      }
    }
    const t0 = tier[g] ?? null;
    if (t0) {
      for (let t = 0; t < n; t++) if (!t0[col[t]!]) out[t] = -1;
    }
  }
}

export interface KeepablePrefixes {
  /** Per group of the component (only the `needed` ones, when given), per value: the longest prefix of the sequence some solution with the value satisfies (-1: no solution at all). */
  readonly full: Map<number, Int32Array>;
  /** Per group with picks in the sequence: the same, that group's own picks left out (other groups: as `full`). */
  readonly others: Map<number, Int32Array>;
}

/**
 * For a sequence of picks, the longest prefix each value is compatible with, in one up/down
 * pass in the (max, min) semiring: a tuple's own limit is the first pick it fails; a tuple's
 * limit is the minimum of its own, its parent's and its children's (a prefix holds in a tree
 * when it holds in every part given the shared groups, and holding is monotone in the length);
 * a separator entry is the maximum over its tuples.
 */
export function keepablePrefixes(
  comp: Component,
  seq: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  needed?: ReadonlySet<number>,
): KeepablePrefixes {
  let s = prefixScratchOf.get(comp);
  if (!s) {
    const maxSize = Math.max(...comp.clusters.map((x) => x.size));
    s = {
      up: comp.clusters.map((x) => new Int32Array(x.up?.length ?? 0)),
      down: comp.clusters.map((x) => new Int32Array(x.down?.length ?? 0)),
      own: new Int32Array(maxSize),
      acc: new Int32Array(maxSize),
      min1: new Int32Array(maxSize),
      arg1: new Int32Array(maxSize),
      min2: new Int32Array(maxSize),
    };
    prefixScratchOf.set(comp, s);
  }
  const picksOf = picksByGroup(seq);
  const { clusters, postOrder } = comp;
  const all = seq.length;
  const informed = informedClusters(comp, picksOf, tier);
  const { own, acc, min1, arg1, min2 } = s;
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    if (!informed[xi] || x.parent < 0) continue;
    const n = x.size;
    ownLimit(x, picksOf, seq, tier, -1, own);
    for (let k = 0; k < x.children.length; k++) {
      if (!informed[x.children[k]!]) continue;
      const up = s.up[x.children[k]!]!;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const u = up[sep[t]!]!;
        if (u < own[t]!) own[t] = u;
      }
    }
    const up = s.up[xi]!;
    up.fill(-1);
    const sepUp = x.sepUp;
    for (let t = 0; t < n; t++) if (own[t]! > up[sepUp[t]!]!) up[sepUp[t]!] = own[t]!;
  }
  const full = new Map<number, Int32Array>();
  const others = new Map<number, Int32Array>();
  // Downward only towards the home clusters of the needed groups (all groups by default).
  const wanted = needed ? wantedClusters(comp, needed) : null;
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
    if (wanted && !wanted[xi]) continue;
    const x = clusters[xi]!;
    const n = x.size;
    // acc: the parent's limit; min1/arg1/min2: the smallest and second smallest child limits.
    if (x.parent >= 0) {
      const down = s.down[xi]!;
      const sepUp = x.sepUp;
      for (let t = 0; t < n; t++) acc[t] = down[sepUp[t]!]!;
    } else acc.fill(all, 0, n);
    min1.fill(all, 0, n);
    min2.fill(all, 0, n);
    arg1.fill(-1, 0, n);
    for (let k = 0; k < x.children.length; k++) {
      if (!informed[x.children[k]!]) continue;
      const up = s.up[x.children[k]!]!;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const u = up[sep[t]!]!;
        if (u < min1[t]!) {
          min2[t] = min1[t]!;
          min1[t] = u;
          arg1[t] = k;
        } else if (u < min2[t]!) min2[t] = u;
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      if (!picksOf.has(g) || (needed && !needed.has(g))) continue;
      ownLimit(x, picksOf, seq, tier, g, own);
      const out = new Int32Array(comp.domainSize.get(g)!).fill(-1);
      others.set(g, out);
      const col = x.columns[x.homeColumn[h]!]!;
      for (let t = 0; t < n; t++) {
        const l = Math.min(own[t]!, acc[t]!, min1[t]!);
        if (l > out[col[t]!]!) out[col[t]!] = l;
      }
    }
    ownLimit(x, picksOf, seq, tier, -1, own);
    for (let t = 0; t < n; t++) if (own[t]! < acc[t]!) acc[t] = own[t]!;
    for (let k = 0; k < x.children.length; k++) {
      if (wanted && !wanted[x.children[k]!]) continue;
      const down = s.down[x.children[k]!]!;
      down.fill(-1);
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const l = Math.min(acc[t]!, arg1[t] === k ? min2[t]! : min1[t]!);
        if (l > down[sep[t]!]!) down[sep[t]!] = l;
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      if (needed && !needed.has(g)) continue;
      const out = new Int32Array(comp.domainSize.get(g)!).fill(-1);
      full.set(g, out);
      const col = x.columns[x.homeColumn[h]!]!;
      for (let t = 0; t < n; t++) {
        const l = Math.min(acc[t]!, min1[t]!);
        if (l > out[col[t]!]!) out[col[t]!] = l;
      }
    }
  }
  return { full, others };
}

/** A choice to explain: its group, the group's values holding it, and whether its group's own picks are left out (a swap). */
export interface Subject {
  readonly group: number;
  readonly values: ArrayLike<number>;
  readonly swap: boolean;
}

/**
 * Preferred minimal conflicts for many subjects at once: for each subject, positions in
 * `order` (candidate picks, preferred first) of a minimal set of picks that excludes it, or
 * null when the picks do not exclude it. Junker's linear search for the preferred
 * explanation (the one QuickXplain returns): the last pick of the shortest prefix of the
 * candidates that excludes the subject belongs to it; keep it as background and search again
 * among the picks before it, until the background alone excludes the subject. Each step is one
 * `keepablePrefixes` pass over "background, then candidates", shared by every subject with the
 * same background so far. A swap subject's own group's picks never count against it.
 */
export function preferredConflicts(
  comp: Component,
  order: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  subjects: readonly Subject[],
): (number[] | null)[] {
  const result: (number[] | null)[] = subjects.map(() => null);
  type State = { background: number[]; limit: number; items: number[] };
  let frontier: State[] = [{ background: [], limit: order.length, items: subjects.map((_, i) => i) }];
  while (frontier.length > 0) {
    const next = new Map<string, State>();
    for (const { background, limit, items } of frontier) {
      const seq = [...background, ...Array.from({ length: limit }, (_, i) => i)];
      const prefixes = keepablePrefixes(
        comp,
        seq.map((i) => order[i]!),
        tier,
        new Set(items.map((i) => subjects[i]!.group)),
      );
      for (const item of items) {
        const subject = subjects[item]!;
        // A group without picks in the sequence has nothing to leave out.
        const table = (subject.swap ? prefixes.others.get(subject.group) : undefined) ?? prefixes.full.get(subject.group)!;
        let longest = -1;
        for (let j = 0; j < subject.values.length; j++) longest = Math.max(longest, table[subject.values[j]!]!);
        if (longest < background.length) {
          // The background alone excludes it (or nothing at all allows it: no conflict to name).
          result[item] = longest < 0 && background.length === 0 ? null : [...background].sort((a, b) => a - b);
          continue;
        }
        if (longest >= seq.length) continue; // not excluded by these picks: null
        const found = seq[longest]!;
        const key = `${background.join(',')}|${found}`;
        let state = next.get(key);
        if (!state) next.set(key, (state = { background: [...background, found], limit: found, items: [] }));
        state.items.push(item);
      }
    }
    frontier = [...next.values()];
  }
  return result;
}
