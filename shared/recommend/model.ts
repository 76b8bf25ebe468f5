/**
 * The recommendation model: a nearest-neighbour vote over the sold configurations kept in the
 * statistics, restricted by the caller to what the engine still allows.
 *
 * Given the groups revealed so far (the customer's picks), every kept configuration votes for
 * its value of an open group with weight `count * exp(-BETA * mismatches / revealed)`, where
 * `mismatches` is the number of revealed groups on which it disagrees with the customer. This is
 * "the most frequent completion among the sold configurations that agree with the picks",
 * backing off smoothly to those that disagree on one pick, then two, ... A tiny share of the
 * exact value totals breaks the remaining ties (most frequent value overall). The candidates
 * are only the values the engine says are still possible, so a vote never names a dead end:
 * the data says what people buy, the engine says what is still buildable.
 */
import { revisionOf, type RecommendStats } from './stats.ts';

/**
 * Sharpness of the vote: a row disagreeing with a share f of the revealed groups weighs
 * `exp(-BETA * f)` per order. Normalising by the number revealed keeps the vote sharp early
 * (few picks: only close neighbours count) and smooth late (many picks: exact neighbours are
 * rare and noisy). Tuned on Renault medium fold 0 only (see the README).
 */
export const BETA = 16;
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
  readonly counts: Float64Array;
  readonly rows: number;
}

const decodedCache = new WeakMap<RecommendStats, Decoded>();

export function decode(stats: RecommendStats): Decoded {
  const cached = decodedCache.get(stats);
  const revision = revisionOf(stats);
  if (cached && cached.revision === revision) return cached;
  const n = stats.rows.length;
  const cells = stats.groups.map((_, c) => {
    const col = new Int32Array(n);
    for (let r = 0; r < n; r++) col[r] = stats.rows[r]![c + 2] ?? 0;
    return col;
  });
  const counts = Float64Array.from(stats.rows, (r) => r[0]!);
  const decoded: Decoded = {
    stats,
    revision,
    column: new Map(stats.groups.map((g, i) => [g, i])),
    valueIndex: stats.values.map((vs) => new Map(vs.map((v, i) => [v, i]))),
    members: stats.values.map((vs) => vs.map((v) => (v === '' ? [] : v.split('+')))),
    cells,
    counts,
    rows: n,
  };
  decodedCache.set(stats, decoded);
  return decoded;
}

/**
 * The revealed part of one configuration, and the vote weight of every kept row. `reveal` is
 * O(rows); `scores` of one group is O(rows). Used per request by `recommend`, and step by step
 * by the benchmark (which reveals one group at a time).
 */
export class RevealSession {
  readonly decoded: Decoded;
  private readonly mismatches: Int32Array;
  private readonly weights: Float64Array;
  private fresh = true;
  private readonly revealed = new Set<string>();

  constructor(
    stats: RecommendStats,
    private readonly beta = BETA,
  ) {
    this.decoded = decode(stats);
    this.mismatches = new Int32Array(this.decoded.rows);
    this.weights = new Float64Array(this.decoded.rows);
  }

  /** Reveals a group's selection (value key: "" nothing, a choice id, or sorted ids joined by "+"). */
  reveal(group: string, value: string): void {
    if (this.revealed.has(group)) throw new Error(`group ${group} is already revealed`);
    this.revealed.add(group);
    const c = this.decoded.column.get(group);
    // A group never seen in any order: every row has "nothing" there.
    const vi = c === undefined ? (value === '' ? 0 : -1) : (this.decoded.valueIndex[c]!.get(value) ?? -1);
    const mm = this.mismatches;
    if (c === undefined) {
      if (vi !== 0) for (let r = 0; r < mm.length; r++) mm[r]! += 1;
    } else {
      const col = this.decoded.cells[c]!;
      for (let r = 0; r < mm.length; r++) if (col[r] !== vi) mm[r]! += 1;
    }
    this.fresh = true;
  }

  private weightsNow(): Float64Array {
    if (this.fresh) {
      const { counts } = this.decoded;
      const revealed = Math.max(1, this.revealed.size);
      const pow: number[] = [];
      for (let k = 0; k <= revealed; k++) pow.push(Math.exp((-this.beta * k) / revealed));
      for (let r = 0; r < this.weights.length; r++) this.weights[r] = counts[r]! * pow[this.mismatches[r]!]!;
      this.fresh = false;
    }
    return this.weights;
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
    const col = this.decoded.cells[c]!;
    const w = this.weightsNow();
    for (let r = 0; r < w.length; r++) byValue[col[r]!]! += w[r]!;
    const totals = this.decoded.stats.totals[c]!;
    const index = this.decoded.valueIndex[c]!;
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
