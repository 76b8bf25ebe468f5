/**
 * The recommendation model: a nearest-neighbour vote over the sold configurations kept in the
 * statistics, restricted by the caller to what the engine still allows.
 *
 * Given the groups revealed so far (the customer's picks), every kept configuration votes for
 * its value of an open group t with weight `count^a * exp(-BETA * d)`, where `d` is the share of
 * the revealed groups on which it disagrees with the customer, each revealed group j weighted by
 * its relevance to t: `u(t, j) = I(t; j) / H(t) + FLOOR` (mutual information of the two groups
 * over the kept configurations, corrected for its small-sample bias, as a share of t's entropy,
 * plus a floor). So a disagreement on a group that says a lot about t (the engine size for the
 * gearbox) costs much more than one on a group that says nothing about it (the paint for the
 * gearbox). With every weight equal this is
 * "the most frequent completion among the sold configurations that agree with the picks",
 * backing off smoothly to those that disagree on one pick, then two, ... A tiny share of the
 * exact value totals breaks the remaining ties (most frequent value overall).
 *
 * Two cases are not a neighbour vote:
 * - A group that no other group informs (no relevance reaches RELEVANCE_MIN; on Renault the
 *   13 paint-like values of v18) gets its plain order totals: nearest neighbours would only
 *   copy the paint of whoever happens to be closest on unrelated groups.
 * - The popularity of a neighbour counts less the more of t's context is revealed: `a` falls
 *   from 1 (nothing relevant revealed: the most ordered configurations speak loudest) to
 *   LATE_COUNT_EXPONENT (all of it revealed). Late, the neighbours are near-copies of the
 *   customer's configuration but not it, and how many distinct configurations agree says more
 *   about the open group than how often one of them was ordered.
 *
 * The candidates are only the values the engine says are still possible, so a vote never names
 * a dead end: the data says what people buy, the engine says what is still buildable.
 *
 * The relevance weights are derived from the kept rows when the statistics are decoded (cached
 * per statistics object and revision); nothing more is stored, so the statistics' format and
 * online update are unchanged.
 */
import { revisionOf, type RecommendStats } from './stats.ts';

/**
 * Sharpness of the vote: a row disagreeing with a (relevance-weighted) share f of the revealed
 * groups weighs `exp(-BETA * f)` per order. Normalising by the revealed weight keeps the vote
 * sharp early (few picks: only close neighbours count) and smooth late (many picks: exact
 * neighbours are rare and noisy). Tuned on Renault medium folds 0-2 only (see the README).
 */
export const BETA = 16;
/**
 * Relevance floor: every revealed group counts at least this much, whatever its mutual
 * information with the target (with the floor alone, the vote is the unweighted one). Tuned
 * with BETA on Renault medium folds 0-2 only.
 */
export const RELEVANCE_FLOOR = 0.05;
/**
 * Relevances below this are left out (the floor still counts those groups): it keeps the vote
 * fast (on Renault about 60 % of the pairs fall below it) and did not cost precision on
 * Renault medium folds 0-2.
 */
export const RELEVANCE_MIN = 0.1;
/**
 * Exponent of a kept configuration's order count in the vote once all of the target's relevant
 * groups are revealed (1 while none is; linear in between, by relevance). Chosen on Renault
 * medium: neutral on folds 0-8 at the last reveal (within 0.05 point), +0.4 point on fold 9, the
 * rarest configurations (see the README).
 */
export const LATE_COUNT_EXPONENT = 0.25;
/** Share of the overall value totals mixed in (ties and unseen neighbourhoods). */
const PRIOR = 1e-9;

/** The statistics decoded for voting: one typed column per group. Cached per stats object and revision. */
export interface Decoded {
  readonly stats: RecommendStats;
  readonly revision: number;
  readonly column: ReadonlyMap<string, number>;
  /** Per column: value key -> value index. */
  readonly valueIndex: readonly ReadonlyMap<string, number>[];
  /** Per column: for each value index, the choice ids it holds ([] for nothing). */
  readonly members: readonly (readonly string[])[][];
  /** Per column, per row: value index. */
  readonly cells: readonly Uint16Array[] | readonly Int32Array[];
  /** Per row: ln(count). */
  readonly logCounts: Float64Array;
  readonly rows: number;
  /** Per target column t: `relevance[t][j]` = I(t; j) / H(t) over the kept rows (0 when H(t) = 0), without the floor. */
  readonly relevance: readonly Float64Array[];
  /** Per target column t: the columns j with `relevance[t][j] >= RELEVANCE_MIN`, those relevances, and their sum. */
  readonly relevant: readonly { readonly columns: Int32Array; readonly weights: Float64Array; readonly total: number }[];
  /** The orders the relevance weights were computed from (an earlier revision's, when reused). */
  readonly relevanceOrders: number;
}

/**
 * Mutual information of every pair of columns over the kept rows (weighted by their counts),
 * as a share of the target column's entropy: `out[t][j] = I(t; j) / H(t)`, in [0, 1]; 0 on the
 * diagonal and when H(t) = 0. O(columns^2 * rows).
 *
 * The estimate is lowered by its small-sample bias (Miller-Madow: `(ka - 1)(kb - 1) / 2N` for
 * columns with ka and kb values seen), with N the number of distinct kept configurations, not
 * of orders: a configuration ordered a hundred times is one piece of evidence about how two
 * groups go together. Without it, a 13-value group looks related to everything (on Renault
 * medium v18 drew spurious relevances of 0.1 to 0.2 and the vote did worse than its totals).
 */
export function relevanceOf(cells: readonly ArrayLike<number>[], counts: ArrayLike<number>, domains: readonly number[]): Float64Array[] {
  const n = cells.length;
  const rows = counts.length;
  let total = 0;
  let distinct = 0;
  for (let r = 0; r < rows; r++) {
    total += counts[r]!;
    if (counts[r]! > 0) distinct++;
  }
  const out = Array.from({ length: n }, () => new Float64Array(n));
  if (total <= 0) return out;
  const marg = cells.map((col, c) => {
    const m = new Float64Array(domains[c]!);
    for (let r = 0; r < rows; r++) m[col[r]!]! += counts[r]!;
    return m;
  });
  const seen = marg.map((m) => m.reduce((k, x) => (x > 0 ? k + 1 : k), 0));
  const entropy = marg.map((m) => {
    let h = 0;
    for (const x of m) if (x > 0) h -= (x / total) * Math.log(x / total);
    return h;
  });
  // Joint counts of a pair, dense when small enough (cleared through the list of touched cells,
  // so a pair costs O(rows) however many values its columns have), else a map.
  let joint = new Float64Array(0);
  const touched = new Int32Array(rows);
  for (let a = 0; a < n; a++) {
    if (entropy[a]! <= 0) continue; // a constant column shares nothing
    const ca = cells[a]!;
    for (let b = a + 1; b < n; b++) {
      if (entropy[b]! <= 0) continue;
      const db = domains[b]!;
      const size = domains[a]! * db;
      const cb = cells[b]!;
      const ma = marg[a]!;
      const mb = marg[b]!;
      let mi = 0;
      if (size <= 1 << 20) {
        if (joint.length < size) joint = new Float64Array(size);
        let k = 0;
        for (let r = 0; r < rows; r++) {
          const cell = ca[r]! * db + cb[r]!;
          if (joint[cell] === 0) touched[k++] = cell;
          joint[cell]! += counts[r]!;
        }
        for (let i = 0; i < k; i++) {
          const cell = touched[i]!;
          const x = joint[cell]!;
          joint[cell] = 0;
          if (x > 0) mi += x * Math.log((x * total) / (ma[Math.floor(cell / db)]! * mb[cell % db]!));
        }
      } else {
        const map = new Map<number, number>();
        for (let r = 0; r < rows; r++) map.set(ca[r]! * db + cb[r]!, (map.get(ca[r]! * db + cb[r]!) ?? 0) + counts[r]!);
        for (const [cell, x] of map) if (x > 0) mi += x * Math.log((x * total) / (ma[Math.floor(cell / db)]! * mb[cell % db]!));
      }
      mi = Math.max(0, mi / total - ((seen[a]! - 1) * (seen[b]! - 1)) / (2 * distinct));
      out[a]![b] = Math.min(1, mi / entropy[a]!);
      out[b]![a] = Math.min(1, mi / entropy[b]!);
    }
  }
  return out;
}

/**
 * Relevance weights computed from N orders are reused for newer statistics of the same groups
 * until they hold more than N * (1 + this) orders. Computing them is most of a decode (about
 * 0.1 s on Renault big), and a busy product's statistics get a new revision at every refresh;
 * a few per cent more orders barely move a mutual information.
 */
export const RELEVANCE_REUSE_GROWTH = 0.05;

const decodedCache = new WeakMap<RecommendStats, Decoded>();
const predecessors = new WeakMap<RecommendStats, RecommendStats>();

/**
 * Says that `next` is a newer read of the statistics `previous` was read from (the same item),
 * so decoding `next` may reuse `previous`'s relevance weights (see RELEVANCE_REUSE_GROWTH).
 */
export function supersedes(next: RecommendStats, previous: RecommendStats): void {
  if (next !== previous) predecessors.set(next, previous);
}

/** The relevance weights of an earlier decode that may serve `stats`, if any. */
function reusableRelevance(
  stats: RecommendStats,
  earlier: Decoded | undefined,
): Pick<Decoded, 'relevance' | 'relevant' | 'relevanceOrders'> | undefined {
  if (!earlier || stats.orders > earlier.relevanceOrders * (1 + RELEVANCE_REUSE_GROWTH)) return undefined;
  // Same columns in the same order as when `earlier` was decoded (its `column` map, not its
  // stats' groups: statistics updated in place may have grown a column since).
  if (earlier.column.size !== stats.groups.length || stats.groups.some((g, i) => earlier.column.get(g) !== i)) return undefined;
  return earlier;
}

export function decode(stats: RecommendStats): Decoded {
  const cached = decodedCache.get(stats);
  const revision = revisionOf(stats);
  if (cached && cached.revision === revision) return cached;
  const predecessor = predecessors.get(stats);
  const reused = reusableRelevance(stats, cached) ?? reusableRelevance(stats, predecessor && decodedCache.get(predecessor));
  const n = stats.rows.length;
  const cells = stats.groups.map((_, c) => {
    const col = new Int32Array(n);
    for (let r = 0; r < n; r++) col[r] = stats.rows[r]![c + 2] ?? 0;
    return col;
  });
  const counts = Float64Array.from(stats.rows, (r) => r[0]!);
  const relevance =
    reused?.relevance ??
    relevanceOf(
      cells,
      counts,
      stats.values.map((vs) => vs.length),
    );
  const relevant =
    reused?.relevant ??
    relevance.map((row) => {
      const columns = Int32Array.from(row.keys()).filter((j) => row[j]! >= RELEVANCE_MIN);
      const weights = Float64Array.from(columns, (j) => row[j]!);
      return { columns, weights, total: weights.reduce((a, b) => a + b, 0) };
    });
  const decoded: Decoded = {
    stats,
    revision,
    column: new Map(stats.groups.map((g, i) => [g, i])),
    valueIndex: stats.values.map((vs) => new Map(vs.map((v, i) => [v, i]))),
    members: stats.values.map((vs) => vs.map((v) => (v === '' ? [] : v.split('+')))),
    cells,
    logCounts: Float64Array.from(counts, (c) => Math.log(c)),
    rows: n,
    relevance,
    relevant,
    relevanceOrders: reused?.relevanceOrders ?? stats.orders,
  };
  decodedCache.set(stats, decoded);
  predecessors.delete(stats); // the chain stops here: older reads can be collected
  return decoded;
}

/**
 * The revealed part of one configuration, and the vote of the kept rows for any open group.
 * `reveal` is O(rows); `scores` of one group is O(rows * its relevant revealed groups). Used per
 * request by `recommend`, and step by step by the benchmark (which reveals one group at a time).
 */
export class RevealSession {
  readonly decoded: Decoded;
  /** Per column: which rows disagree with its revealed value (1) or not (0); null while unrevealed. */
  private readonly mismatch: (Uint8Array | null)[];
  /** Per row: how many revealed groups it disagrees with (unweighted). */
  private readonly mismatches: Int32Array;
  private readonly revealed = new Set<string>();
  private readonly distance: Float64Array;
  private readonly weights: Float64Array;

  constructor(
    stats: RecommendStats,
    private readonly beta = BETA,
    private readonly floor = RELEVANCE_FLOOR,
    private readonly lateCountExponent = LATE_COUNT_EXPONENT,
  ) {
    if (!(lateCountExponent >= 0 && lateCountExponent <= 1))
      throw new RangeError(`the late count exponent is in [0, 1], not ${lateCountExponent}`);
    this.decoded = decode(stats);
    this.mismatch = new Array<Uint8Array | null>(this.decoded.stats.groups.length).fill(null);
    this.mismatches = new Int32Array(this.decoded.rows);
    this.distance = new Float64Array(this.decoded.rows);
    this.weights = new Float64Array(this.decoded.rows);
  }

  /** Reveals a group's selection (value key: "" nothing, a choice id, or sorted ids joined by "+"). */
  reveal(group: string, value: string): void {
    if (this.revealed.has(group)) throw new Error(`group ${group} is already revealed`);
    this.revealed.add(group);
    const c = this.decoded.column.get(group);
    // A group no kept row knows (every row has "nothing" there): disagreeing with all rows alike
    // changes no vote, but the group still counts in the revealed weight (the floor).
    if (c === undefined) return;
    const vi = this.decoded.valueIndex[c]!.get(value) ?? -1;
    const col = this.decoded.cells[c]!;
    const mismatch = new Uint8Array(this.decoded.rows);
    const mm = this.mismatches;
    for (let r = 0; r < mismatch.length; r++) {
      const m = col[r] !== vi ? 1 : 0;
      mismatch[r] = m;
      mm[r]! += m;
    }
    this.mismatch[c] = mismatch;
  }

  /**
   * Vote weight of every kept row for target column `target`: `count^a * exp(-beta * d / sum)`,
   * d = floor * mismatches + sum over the relevant revealed groups j of relevance(t, j) *
   * mismatch(j), `sum` the same with every group disagreeing, and `a` going from 1 to
   * LATE_COUNT_EXPONENT with the share of t's relevance revealed. Only for a target with at
   * least one relevant group (so `total` > 0). O(rows * relevant revealed groups).
   */
  private weightsFor(target: number): Float64Array {
    const { logCounts } = this.decoded;
    const { columns, weights, total } = this.decoded.relevant[target]!;
    const w = this.weights;
    const d = this.distance;
    const mm = this.mismatches;
    const floor = this.floor;
    for (let r = 0; r < d.length; r++) d[r] = floor * mm[r]!;
    let sum = floor * this.revealed.size;
    let revealedRelevance = 0;
    for (let k = 0; k < columns.length; k++) {
      const mismatch = this.mismatch[columns[k]!];
      if (!mismatch) continue;
      const u = weights[k]!;
      revealedRelevance += u;
      for (let r = 0; r < d.length; r++) d[r]! += u * mismatch[r]!;
    }
    sum += revealedRelevance;
    const scale = sum > 0 ? -this.beta / sum : 0;
    const a = 1 - (1 - this.lateCountExponent) * (revealedRelevance / total);
    for (let r = 0; r < w.length; r++) w[r] = Math.exp(a * logCounts[r]! + scale * d[r]!);
    return w;
  }

  /**
   * The vote for each candidate selection of a group: `candidates` are value keys (choice ids
   * for a single-choice group, "" for nothing). For a multi-choice group a candidate choice id
   * collects the votes of every value containing it. Returns scores aligned with `candidates`.
   */
  scores(group: string, candidates: readonly string[]): number[] {
    const c = this.decoded.column.get(group);
    if (c === undefined || this.decoded.rows === 0) return candidates.map((v) => (v === '' ? PRIOR : 0));
    const values = this.decoded.members[c]!;
    const byValue = new Float64Array(values.length);
    const totals = this.decoded.stats.totals[c]!;
    const index = this.decoded.valueIndex[c]!;
    if (candidates.length === 1) {
      // Nothing to rank (e.g. a choice the engine forces): no vote, only whether the data ever
      // saw the candidate (a positive score, its total count) or not (0).
      return candidates.map((cand) => {
        const exact = index.get(cand);
        if (exact !== undefined && (cand === '' || values[exact]!.length === 1)) return totals[exact]!;
        return values.reduce((s, m, vi) => (m.includes(cand) ? s + totals[vi]! : s), 0);
      });
    }
    if (this.revealed.size === 0 || this.decoded.relevant[c]!.columns.length === 0) {
      // No context that speaks for this group: its exact order totals (which, unlike the kept
      // rows, count every order, also those of forgotten configurations).
      byValue.set(totals);
    } else {
      const col = this.decoded.cells[c]!;
      const w = this.weightsFor(c);
      for (let r = 0; r < w.length; r++) byValue[col[r]!]! += w[r]!;
    }
    return candidates.map((cand) => {
      const exact = index.get(cand);
      if (exact !== undefined && (cand === '' || values[exact]!.length === 1)) return byValue[exact]! + PRIOR * totals[exact]!;
      // Multi-choice group: every value holding the choice.
      let s = 0;
      values.forEach((m, vi) => {
        if (m.includes(cand)) s += byValue[vi]! + PRIOR * totals[vi]!;
      });
      return s;
    });
  }
}
