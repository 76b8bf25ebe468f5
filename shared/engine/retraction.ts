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

/**
 * Pick sets as "digits": 52 picks per double, pick 0 the most significant bit of digit 0, so
 * that the lexicographic order of sets is the numeric order of digits, a union of disjoint
 * sets is a sum and leaving one part out is a difference (all exact below 2^53). A dead
 * tuple or entry (a tier restriction, or no live tuple) is -Infinity in digit 0, which every
 * sum keeps and every maximum drops.
 */
const DIGIT_BITS = 52;
const POW2 = Array.from({ length: DIGIT_BITS }, (_, p) => 2 ** p);
const digitsFor = (picks: number): number => Math.max(1, Math.ceil(picks / DIGIT_BITS));
/** The value of pick i's bit in its digit. */
const keptBit = (i: number): number => POW2[DIGIT_BITS - 1 - (i % DIGIT_BITS)]!;

/** Whether pick i is in a set given as its digits (`digits[k]` = digit k). */
export function isKept(digits: ArrayLike<number>, i: number): boolean {
  return Math.floor(digits[Math.floor(i / DIGIT_BITS)]! / keptBit(i)) % 2 === 1;
}

/** Scratch of `bestKept` (the engine is synchronous). */
let bestScratch = new Float64Array(1);

/** The best kept set of every value of every needed group of a component (see `keptPicks`). */
export interface KeptSets {
  readonly digits: number;
  /** Value-major: the set of value v of group g is `rows[(offset(g) + v) * digits + k]`, k < digits. */
  readonly rows: Float64Array;
  readonly offset: ReadonlyMap<number, number>;
}

/** Whether some solution has value v of group g (only groups `keptPicks` was asked about). */
export function keptAlive(kept: KeptSets, g: number, v: number): boolean {
  return kept.rows[(kept.offset.get(g)! + v) * kept.digits]! > -Infinity;
}

/**
 * Among `values` of group g, the one whose kept set without the picks `leaveOut` is
 * lexicographically greatest (the first one on ties), its set written to `out`; -1 when no
 * value is alive.
 */
export function bestKept(kept: KeptSets, g: number, values: ArrayLike<number>, leaveOut: readonly number[], out: Float64Array): number {
  const { digits: D, rows } = kept;
  const base = kept.offset.get(g)!;
  const cur = bestScratch.length >= D ? bestScratch : (bestScratch = new Float64Array(D));
  let best = -1;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    const at = (base + v) * D;
    if (!(rows[at]! > -Infinity)) continue;
    for (let k = 0; k < D; k++) cur[k] = rows[at + k]!;
    for (const i of leaveOut) if (isKept(cur, i)) cur[Math.floor(i / DIGIT_BITS)]! -= keptBit(i);
    let k = 0;
    if (best >= 0) while (k < D && cur[k] === out[k]) k++;
    if (best < 0 || (k < D && cur[k]! > out[k]!)) {
      best = v;
      for (k = 0; k < D; k++) out[k] = cur[k]!;
    }
  }
  return best;
}

interface KeptScratch {
  /** Per cluster: the message to the parent / from the parent, digit-major (`k * separators + entry`). */
  up: Float64Array[];
  down: Float64Array[];
  /** Per tuple, digit-major (`k * size + t`): own picks, and the whole tree's. */
  own: Float64Array;
  acc: Float64Array;
  /** Per tuple, digit-major: the set without one child's part. */
  rest: Float64Array;
  rows: Float64Array;
}

/** Offsets of each variable's values in a component's value-major tables, built once per component. */
const offsetsOf = new WeakMap<Component, { offset: Map<number, number>; total: number }>();

function valueOffsets(comp: Component): { offset: Map<number, number>; total: number } {
  let o = offsetsOf.get(comp);
  if (!o) {
    const offset = new Map<number, number>();
    let total = 0;
    for (const g of comp.groups) {
      offset.set(g, total);
      total += comp.domainSize.get(g)!;
    }
    offsetsOf.set(comp, (o = { offset, total }));
  }
  return o;
}

const keptScratchOf = new WeakMap<Component, Map<number, KeptScratch>>();

/** Scratch per component and digit count, reused across clicks (the engine is synchronous). */
function keptScratch(comp: Component, digits: number): KeptScratch {
  let byDigits = keptScratchOf.get(comp);
  if (!byDigits) keptScratchOf.set(comp, (byDigits = new Map()));
  let s = byDigits.get(digits);
  if (!s) {
    let maxSize = 0;
    for (const x of comp.clusters) maxSize = Math.max(maxSize, x.size);
    const seps = comp.clusters.map((x) => x.up?.length ?? 0);
    s = {
      up: seps.map((n) => new Float64Array(n * digits)),
      down: seps.map((n) => new Float64Array(n * digits)),
      own: new Float64Array(maxSize * digits),
      acc: new Float64Array(maxSize * digits),
      rest: new Float64Array(maxSize * digits),
      rows: new Float64Array(valueOffsets(comp).total * digits),
    };
    // Sets of more than 8 * 52 picks are rare: not kept alive with the catalog.
    if (digits <= 8) byDigits.set(digits, s);
  }
  return s;
}

/** "Kept" own sets, digit-major: the sum of the home picks the tuple satisfies; -Infinity when a tier restriction kills it. */
function keptOwn(
  x: Cluster,
  picksOf: Map<number, number[]>,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  D: number,
  out: Float64Array,
): void {
  const n = x.size;
  out.fill(0, 0, n * D);
  for (let h = 0; h < x.home.length; h++) {
    const g = x.home[h]!;
    const col = x.columns[x.homeColumn[h]!]!;
    for (const i of picksOf.get(g) ?? []) {
      const ok = masks[i]!.ok;
      const at = Math.floor(i / DIGIT_BITS) * n;
      const bit = keptBit(i);
      for (let t = 0; t < n; t++) if (ok[col[t]!]) out[at + t]! += bit;
    }
    const t0 = tier[g] ?? null;
    if (t0) {
      for (let t = 0; t < n; t++) if (!t0[col[t]!]) out[t] = -Infinity;
    }
  }
}

/** rows[k * n + t] += message[k * m + key[t]] for every digit k (m: the message's entries). */
function addMessage(rows: Float64Array, n: number, message: Float64Array, m: number, key: Int32Array, D: number): void {
  for (let k = 0; k < D; k++) {
    const r = k * n;
    const q = k * m;
    for (let t = 0; t < n; t++) rows[r + t]! += message[q + key[t]!]!;
  }
}

/**
 * out[key[t]] = lexicographic max of rows[t] (digit-major, n tuples; out: m entries,
 * digit-major) over the tuples, -Infinity in digit 0 where no tuple is alive.
 */
function projectMax(rows: Float64Array, n: number, key: Int32Array, D: number, out: Float64Array, m: number): void {
  out.fill(-Infinity, 0, m);
  if (D === 1) {
    for (let t = 0; t < n; t++) {
      const v = rows[t]!;
      if (v > out[key[t]!]!) out[key[t]!] = v;
    }
    return;
  }
  out.fill(0, m, m * D);
  for (let t = 0; t < n; t++) {
    const b = key[t]!;
    let k = 0;
    while (k < D && rows[k * n + t] === out[k * m + b]) k++;
    if (k === D || !(rows[k * n + t]! > out[k * m + b]!)) continue;
    for (; k < D; k++) out[k * m + b] = rows[k * n + t]!;
  }
}

/**
 * For every value of every group of the component, the lexicographically greatest set of picks
 * (masks in priority order, most wanted first; pick i = masks[i]) that one solution with the
 * value satisfies: the picks a greedy "keep what still fits, most wanted first" keeps. Picks
 * of different clusters are disjoint, so the product is a union (a sum of digits) and leaving
 * one child's contribution out is a difference. With `needed`, only those groups' values
 * are computed. The result lives in per-component scratch space: read it before the next
 * `keptPicks` over the same component.
 */
export function keptPicks(
  comp: Component,
  masks: readonly PickMask[],
  tier: readonly (Uint8Array | null)[],
  needed?: ReadonlySet<number>,
): KeptSets {
  const D = digitsFor(masks.length);
  const s = keptScratch(comp, D);
  const picksOf = picksByGroup(masks);
  const { clusters, postOrder } = comp;
  const informed = informedClusters(comp, picksOf, tier);
  const { own, acc } = s;
  // Upward: a tuple's set is its own picks plus its children's; dead when any part is dead.
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    if (!informed[xi] || x.parent < 0) continue;
    const n = x.size;
    keptOwn(x, picksOf, masks, tier, D, own);
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (informed[child]) addMessage(own, n, s.up[child]!, clusters[child]!.up!.length, x.childSep[k]!, D);
    }
    projectMax(own, n, x.sepUp, D, s.up[xi]!, x.up!.length);
  }
  const { offset } = valueOffsets(comp);
  const rows = s.rows;
  rows.fill(-Infinity);
  const wanted = needed ? wantedClusters(comp, needed) : null;
  for (let oi = postOrder.length - 1; oi >= 0; oi--) {
    const xi = postOrder[oi]!;
    if (wanted && !wanted[xi]) continue;
    const x = clusters[xi]!;
    const n = x.size;
    // acc: own + parent + every child (own stays, for the rare tuple whose dead part is a child).
    keptOwn(x, picksOf, masks, tier, D, own);
    acc.set(own.subarray(0, n * D));
    if (x.parent >= 0) addMessage(acc, n, s.down[xi]!, x.down!.length, x.sepUp, D);
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (informed[child]) addMessage(acc, n, s.up[child]!, clusters[child]!.up!.length, x.childSep[k]!, D);
    }
    for (let k = 0; k < x.children.length; k++) {
      const child = x.children[k]!;
      if (wanted && !wanted[child]) continue;
      const m = clusters[child]!.down!.length;
      const down = s.down[child]!;
      const sep = x.childSep[k]!;
      if (!informed[child]) {
        projectMax(acc, n, sep, D, down, m);
        continue;
      }
      // Everything but child k: acc minus child k's part; afresh where that part is dead.
      const up = s.up[child]!;
      const rest = s.rest;
      if (D === 1) {
        down.fill(-Infinity, 0, m);
        for (let t = 0; t < n; t++) {
          const b = sep[t]!;
          const u = up[b]!;
          const v = u > -Infinity ? acc[t]! - u : restWithout(x, s, informed, n, xi, t, k, 0, D);
          if (v > down[b]!) down[b] = v;
        }
        continue;
      }
      for (let d = 0; d < D; d++) {
        for (let t = 0; t < n; t++) rest[d * n + t] = acc[d * n + t]! - up[d * m + sep[t]!]!;
      }
      for (let t = 0; t < n; t++) {
        if (up[sep[t]!]! > -Infinity) continue;
        for (let d = 0; d < D; d++) rest[d * n + t] = restWithout(x, s, informed, n, xi, t, k, d, D);
      }
      projectMax(rest, n, sep, D, down, m);
    }
    for (let h = 0; h < x.home.length; h++) {
      const g = x.home[h]!;
      if (needed && !needed.has(g)) continue;
      projectHome(acc, n, x.columns[x.homeColumn[h]!]!, D, rows, offset.get(g)!);
    }
  }
  return { digits: D, rows, offset };
}

/** Digit d of tuple t's set without child k's part: own + parent + the other informed children, summed afresh. */
function restWithout(
  x: Cluster,
  s: KeptScratch,
  informed: Uint8Array,
  n: number,
  xi: number,
  t: number,
  k: number,
  d: number,
  D: number,
): number {
  let c = s.own[d * n + t]!;
  if (x.parent >= 0) c += s.down[xi]![d * x.down!.length + x.sepUp[t]!]!;
  for (let j = 0; j < x.children.length; j++) {
    const child = x.children[j]!;
    if (j === k || !informed[child]) continue;
    c += s.up[child]![d * (s.up[child]!.length / D) + x.childSep[j]![t]!]!;
  }
  return c;
}

/** rows (value-major from `base`) = lexicographic max of acc (digit-major) per value of the column. */
function projectHome(acc: Float64Array, n: number, col: Int32Array, D: number, rows: Float64Array, base: number): void {
  if (D === 1) {
    for (let t = 0; t < n; t++) {
      const v = acc[t]!;
      if (v > rows[base + col[t]!]!) rows[base + col[t]!] = v;
    }
    return;
  }
  for (let t = 0; t < n; t++) {
    const at = (base + col[t]!) * D;
    let k = 0;
    while (k < D && acc[k * n + t] === rows[at + k]) k++;
    if (k === D || !(acc[k * n + t]! > rows[at + k]!)) continue;
    for (; k < D; k++) rows[at + k] = acc[k * n + t]!;
  }
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

interface PrefixScratch {
  /** Results, value-major per variable (`valueOffsets`): reused by every pass. */
  full: Int32Array;
  others: Int32Array;
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

/** The result lives in per-component scratch space: read it before the next pass over the component. */
export interface KeepablePrefixes {
  /** Value-major (`offset`): per group of the component (only the `needed` ones, when given), per value: the longest prefix of the sequence some solution with the value satisfies (-1: no solution at all). */
  readonly full: Int32Array;
  /** The same, for groups with picks in the sequence (`hasOthers`), that group's own picks left out (other groups: read `full`). */
  readonly others: Int32Array;
  readonly hasOthers: ReadonlySet<number>;
  readonly offset: ReadonlyMap<number, number>;
  /** The upward messages and informed clusters of the pass (scratch), for a `PrefixReuse`. */
  readonly up: readonly Int32Array[];
  readonly informed: Uint8Array;
}

/**
 * The upward messages of a first pass over the candidates alone (sequence = candidates
 * 0..n-1), reused by a pass over "background (`shift` picks), then candidates 0..limit-1"
 * (the background among the candidates from `limit` on). Below a cluster without background
 * picks, candidate i sits at shift + i when i < limit and is absent otherwise, so a limit p
 * of the first pass becomes p + shift when p < limit and "everything" (shift + limit)
 * otherwise (-1, dead, stays). That map is monotone, so it commutes with the minima and
 * maxima of the pass: the cluster's message is the first pass's, mapped. Only the clusters on
 * the way from the background picks to the root (`dirty`) are computed again.
 */
export interface PrefixReuse {
  readonly up: readonly Int32Array[];
  readonly informed: Uint8Array;
  readonly dirty: Uint8Array;
  readonly shift: number;
  readonly limit: number;
}

const homeClusterOf = new WeakMap<Component, Map<number, number>>();

/** The clusters on the way from the home clusters of `groups` to the root. */
function clustersAbove(comp: Component, groups: readonly number[]): Uint8Array {
  let home = homeClusterOf.get(comp);
  if (!home) {
    home = new Map();
    for (let xi = 0; xi < comp.clusters.length; xi++) for (const g of comp.clusters[xi]!.home) home.set(g, xi);
    homeClusterOf.set(comp, home);
  }
  const marked = new Uint8Array(comp.clusters.length);
  for (const g of groups) {
    for (let c = home.get(g) ?? -1; c >= 0 && !marked[c]; c = comp.clusters[c]!.parent) marked[c] = 1;
  }
  return marked;
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
  reuse?: PrefixReuse,
): KeepablePrefixes {
  let s = prefixScratchOf.get(comp);
  if (!s) {
    const maxSize = Math.max(...comp.clusters.map((x) => x.size));
    const { total } = valueOffsets(comp);
    s = {
      full: new Int32Array(total),
      others: new Int32Array(total),
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
  const pending = new Uint8Array(reuse ? clusters.length : 0);
  /** The up message of cluster c, mapped from the first pass's if still pending. */
  const upOf = (c: number): Int32Array => {
    const up = s.up[c]!;
    if (reuse && pending[c]) {
      pending[c] = 0;
      const base = reuse.up[c]!;
      const { shift, limit } = reuse;
      for (let e = 0; e < base.length; e++) {
        const u = base[e]!;
        up[e] = u < 0 ? u : u < limit ? u + shift : shift + limit;
      }
    }
    return up;
  };
  for (let oi = 0; oi < postOrder.length; oi++) {
    const xi = postOrder[oi]!;
    const x = clusters[xi]!;
    if (reuse && !reuse.dirty[xi] && x.parent >= 0) {
      // No background pick below: the first pass's message, positions moved (see PrefixReuse),
      // mapped only when a computed cluster reads it.
      informed[xi] = reuse.informed[xi]!;
      pending[xi] = reuse.informed[xi]!;
      continue;
    }
    if (!informed[xi] || x.parent < 0) continue;
    const n = x.size;
    ownLimit(x, picksOf, seq, tier, -1, own);
    for (let k = 0; k < x.children.length; k++) {
      if (!informed[x.children[k]!]) continue;
      const up = upOf(x.children[k]!);
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
  const { offset } = valueOffsets(comp);
  const { full, others } = s;
  const hasOthers = new Set<number>();
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
      const up = upOf(x.children[k]!);
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
      const base = offset.get(g)!;
      others.fill(-1, base, base + comp.domainSize.get(g)!);
      hasOthers.add(g);
      const col = x.columns[x.homeColumn[h]!]!;
      for (let t = 0; t < n; t++) {
        const l = Math.min(own[t]!, acc[t]!, min1[t]!);
        if (l > others[base + col[t]!]!) others[base + col[t]!] = l;
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
      const base = offset.get(g)!;
      full.fill(-1, base, base + comp.domainSize.get(g)!);
      const col = x.columns[x.homeColumn[h]!]!;
      for (let t = 0; t < n; t++) {
        const l = Math.min(acc[t]!, min1[t]!);
        if (l > full[base + col[t]!]!) full[base + col[t]!] = l;
      }
    }
  }
  return { full, others, hasOthers, offset, up: s.up, informed };
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
  // The first pass's upward messages, reused by every later pass (PrefixReuse).
  let first: { up: Int32Array[]; informed: Uint8Array } | null = null;
  while (frontier.length > 0) {
    const next = new Map<string, State>();
    for (const { background, limit, items } of frontier) {
      const seq = [...background, ...Array.from({ length: limit }, (_, i) => i)];
      const reuse: PrefixReuse | undefined = first
        ? {
            ...first,
            dirty: clustersAbove(
              comp,
              background.map((i) => order[i]!.group),
            ),
            shift: background.length,
            limit,
          }
        : undefined;
      const prefixes = keepablePrefixes(
        comp,
        seq.map((i) => order[i]!),
        tier,
        new Set(items.map((i) => subjects[i]!.group)),
        reuse,
      );
      if (!first) first = { up: prefixes.up.map((u) => u.slice()), informed: prefixes.informed.slice() };
      for (const item of items) {
        const subject = subjects[item]!;
        // A group without picks in the sequence has nothing to leave out.
        const table = subject.swap && prefixes.hasOthers.has(subject.group) ? prefixes.others : prefixes.full;
        const base = prefixes.offset.get(subject.group)!;
        let longest = -1;
        for (let j = 0; j < subject.values.length; j++) longest = Math.max(longest, table[base + subject.values[j]!]!);
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
