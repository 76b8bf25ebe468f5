/**
 * The two baselines of the recommendation benchmark, trained on the same cars as the model:
 * - most frequent value: the candidate sold most often overall;
 * - naive Bayes: P(v) * prod over revealed groups r of P(r | v), Laplace-smoothed (alpha 1),
 *   from pairwise co-occurrence counts.
 * Both rank only the candidates the engine still allows, like the model.
 */

/** A training car: one value key per column ("" = nothing chosen). */
export type Car = readonly string[];

export class Baselines {
  private readonly valueIndex: Map<string, number>[];
  private readonly offset: number[];
  private readonly counts: Float64Array;
  private readonly pairs: Float64Array;
  private readonly items: number;
  private readonly domain: number[];

  constructor(columns: number, train: readonly Car[]) {
    this.valueIndex = Array.from({ length: columns }, () => new Map<string, number>());
    for (const car of train)
      car.forEach((v, c) => void (this.valueIndex[c]!.has(v) || this.valueIndex[c]!.set(v, this.valueIndex[c]!.size)));
    this.offset = [];
    let items = 0;
    for (const m of this.valueIndex) {
      this.offset.push(items);
      items += m.size;
    }
    this.items = items;
    this.domain = this.valueIndex.map((m) => m.size);
    this.counts = new Float64Array(items);
    this.pairs = new Float64Array(items * items);
    for (const car of train) {
      const ids = car.map((v, c) => this.offset[c]! + this.valueIndex[c]!.get(v)!);
      for (const a of ids) {
        this.counts[a]! += 1;
        for (const b of ids) this.pairs[a * items + b]! += 1;
      }
    }
  }

  private item(column: number, value: string): number {
    const i = this.valueIndex[column]!.get(value);
    return i === undefined ? -1 : this.offset[column]! + i;
  }

  mostFrequent(column: number, candidates: readonly string[]): number[] {
    return candidates.map((v) => {
      const i = this.item(column, v);
      return i < 0 ? 0 : this.counts[i]!;
    });
  }

  /** Log-scores of the candidates given the revealed (column, value) pairs. */
  naiveBayes(column: number, candidates: readonly string[], revealed: readonly { column: number; value: string }[]): number[] {
    const rev = revealed.map((r) => ({ item: this.item(r.column, r.value), k: this.domain[r.column]! + 1 }));
    return candidates.map((v) => {
      const i = this.item(column, v);
      const n = i < 0 ? 0 : this.counts[i]!;
      let s = Math.log(n + 1);
      for (const r of rev) {
        const joint = i < 0 || r.item < 0 ? 0 : this.pairs[i * this.items + r.item]!;
        s += Math.log((joint + 1) / (n + r.k));
      }
      return s;
    });
  }
}
