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
function aloneOwn(x: Cluster, picksOf: Map<number, number[]>, masks: readonly PickMask[], tier: readonly (Uint8Array | null)[], words: number, out: Uint32Array): void {
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
function greater(a: Uint32Array, oa: number, b: Uint32Array, ob: number, words: number): boolean {
  for (let w = 0; w < words; w++) {
    const x = a[oa + w]!;
    const y = b[ob + w]!;
    if (x !== y) return x > y;
  }
  return false;
}

/** "Kept" own sets: the home picks the tuple satisfies; dead (tier) tuples are marked in `dead`. */
function keptOwn(x: Cluster, picksOf: Map<number, number[]>, masks: readonly PickMask[], tier: readonly (Uint8Array | null)[], words: number, out: Uint32Array, dead: Uint8Array): void {
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
export function keptPicks(comp: Component, masks: readonly PickMask[], tier: readonly (Uint8Array | null)[]): KeptSets {
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
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
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
      const down = s.down[child]!;
      const alive = s.downAlive[child]!;
      down.fill(0);
      alive.fill(0);
      const up = informed[child] ? s.up[child]! : null;
      const sep = x.childSep[k]!;
      for (let t = 0; t < n; t++) {
        const d = dead[t]!;
        if (d === 2 || (d === 1 && deadChild[t] !== k)) continue;
        const a = t * words;
        const b = sep[t]! * words;
        // Everything but child k's contribution (disjoint bits): clear them.
        for (let w = 0; w < words; w++) own[w] = acc[a + w]! & ~(up ? up[b + w]! : 0);
        if (!alive[sep[t]!] || greater(own, 0, down, b, words)) {
          alive[sep[t]!] = 1;
          for (let w = 0; w < words; w++) down[b + w] = own[w]!;
        }
      }
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
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

/** out[key[t]] = lexicographic max of rows[t] over the live tuples t with that key. */
function projectMax(rows: Uint32Array, dead: Uint8Array, key: Int32Array, n: number, words: number, out: Uint32Array, alive: Uint8Array): void {
  out.fill(0);
  alive.fill(0);
  for (let t = 0; t < n; t++) {
    if (dead[t]) continue;
    const a = t * words;
    const b = key[t]! * words;
    if (!alive[key[t]!] || greater(rows, a, out, b, words)) {
      alive[key[t]!] = 1;
      for (let w = 0; w < words; w++) out[b + w] = rows[a + w]!;
    }
  }
}
