/**
 * The previous `keptPicks` (retraction.ts before the pick sets became 52-bit digits): pick
 * sets as 32-bit words, word-major per tuple. Kept only for the test that compares the new
 * pass with it on the Renault models (previous-kept-picks.test.ts).
 */
import type { Cluster, Component } from '#engine/compiled';
import type { PickMask } from '#engine/retraction';
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

/** Lexicographic order of pick sets: pick 0 is the most significant bit of word 0. */
const keptBit = (i: number): number => 1 << (31 - (i & 31));

/** Whether pick i is in a `keptPicks` set stored at `offset`. */
export function isKeptWords(set: Uint32Array, offset: number, i: number): boolean {
  return (set[offset + (i >>> 5)]! & keptBit(i)) !== 0;
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
export interface KeptWords {
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
export function keptPicksWords(
  comp: Component,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  needed?: ReadonlySet<number>,
): KeptWords {
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
