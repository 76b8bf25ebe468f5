/**
 * The cheapest total of the valid configurations holding a set of picks, at the caller's
 * prices: the base plus, per component, one upward min-sum pass (cost.ts). Components are
 * independent, so the total is a sum and a question about one component's picks leaves the
 * others at their cached minimum. Used for budgets: whether picks fit, which picks a budget
 * exclusion names, and which picks to give up.
 */
import type { CallerScope } from './consistency.ts';
import { minCost, minCostMarginals } from './cost.ts';
import { evidenceFor } from './evidence.ts';
import type { Pick } from './picks.ts';
import type { CallerCosts } from './price.ts';
import { isConsistent, propagate } from './propagate.ts';

/** An extra restriction on one group (a choice being judged): the values allowed. */
export interface GroupMask {
  readonly group: number;
  readonly ok: Uint8Array;
}

export class CheapestTotals {
  private readonly cache = new Map<string, number>();
  /** Per component and set of picks: every value's cheapest solution (one pass answers every extra mask). */
  private readonly marginals = new Map<string, Map<number, Float64Array>>();

  constructor(
    readonly scope: CallerScope,
    readonly costs: CallerCosts,
  ) {}

  /** The cheapest solution of one component with these picks (and the extra mask), Infinity when none. */
  componentMin(comp: number, picks: readonly Pick[], extra?: GroupMask): number {
    const { compiled } = this.scope;
    const own = picks.filter((p) => compiled.componentOf[p.group] === comp);
    const hasExtra = extra !== undefined && compiled.componentOf[extra.group] === comp;
    const key = `${comp}|${own.map((p) => p.global).join(',')}|${hasExtra ? `${extra.group}:${extra.ok.join('')}` : ''}`;
    let min = this.cache.get(key);
    if (min === undefined && hasExtra) {
      // Judging many choices against the same picks: one marginal pass serves them all.
      const full = this.marginalsOf(comp, own).get(extra.group)!;
      min = Infinity;
      for (let v = 0; v < full.length; v++) if (extra.ok[v] && full[v]! < min) min = full[v]!;
      this.cache.set(key, min);
    }
    if (min === undefined) {
      let ev = evidenceFor(compiled, own, this.scope.fixed);
      if (hasExtra) {
        const pick = [...ev.pick];
        const prior = pick[extra.group] ?? null;
        pick[extra.group] = prior ? Uint8Array.from(prior, (x, v) => x & extra.ok[v]!) : extra.ok;
        ev = { pick, tier: ev.tier };
      }
      const component = compiled.components[comp]!;
      if (this.costs.free[comp]) min = isConsistent(component, ev) ? 0 : Infinity;
      else min = minCost(component, ev, this.costs.values);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, min);
    }
    return min;
  }

  private marginalsOf(comp: number, own: readonly Pick[]): Map<number, Float64Array> {
    const key = `${comp}|${own.map((p) => p.global).join(',')}`;
    let full = this.marginals.get(key);
    if (!full) {
      const { compiled } = this.scope;
      const component = compiled.components[comp]!;
      const ev = evidenceFor(compiled, own, this.scope.fixed);
      if (this.costs.free[comp]) {
        const m = propagate(component, ev);
        full = new Map([...m.full].map(([g, a]) => [g, Float64Array.from(a, (x) => (x ? 0 : Infinity))] as const));
      } else full = minCostMarginals(component, ev, this.costs.values).full;
      if (this.marginals.size > 256) this.marginals.clear();
      this.marginals.set(key, full);
    }
    return full;
  }

  /** The cheapest total of a valid configuration with all these picks (and the extra mask); Infinity when none. */
  total(picks: readonly Pick[], extra?: GroupMask): number {
    let total = this.costs.base;
    for (let c = 0; c < this.scope.compiled.components.length; c++) {
      total += this.componentMin(c, picks, extra);
      if (total === Infinity) break;
    }
    return total;
  }
}
