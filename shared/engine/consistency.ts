/**
 * Consistency questions about sets of picks, answered per component (components are
 * independent, so a question about one choice only ever propagates its own component).
 */
import type { Tier } from '#core/catalog-document';
import type { CompiledCatalog } from './compiled.ts';
import { evidenceFor, tierMasks } from './evidence.ts';
import { NO_NEEDS, needMasks, type StatedNeeds } from './needs.ts';
import type { Pick } from './picks.ts';
import { isConsistent, propagate, type Marginals } from './propagate.ts';

/** The same shape of marginals with no value possible. */
function nothingPossible(m: Marginals): Marginals {
  const zero = (map: Map<number, Uint8Array>): Map<number, Uint8Array> =>
    new Map([...map].map(([g, a]) => [g, new Uint8Array(a.length)] as const));
  return { consistent: false, full: zero(m.full), leaveOneOut: zero(m.leaveOneOut) };
}

const baseCache = new WeakMap<CompiledCatalog, Map<string, Marginals[]>>();

/**
 * The caller's view of a compiled catalog: its tier restrictions and its stated needs are
 * always in force.
 */
export class CallerScope {
  /** Per variable: the tier's restrictions on groups and the stated needs on need variables. */
  readonly fixed: (Uint8Array | null)[];
  private bare: CallerScope | undefined;

  constructor(
    readonly compiled: CompiledCatalog,
    readonly tier: Tier | null,
    readonly needs: StatedNeeds = NO_NEEDS,
  ) {
    const tierMask = tierMasks(compiled, tier);
    if (needs.answers.length === 0) this.fixed = tierMask;
    else {
      const needMask = needMasks(compiled, needs);
      this.fixed = needMask.map((m, v) => m ?? tierMask[v] ?? null);
    }
  }

  /** The same caller without stated needs (to tell what the needs add). */
  withoutNeeds(): CallerScope {
    if (this.needs.answers.length === 0) return this;
    this.bare ??= new CallerScope(this.compiled, this.tier);
    return this.bare;
  }

  /** Whether the picks, with the given fixed restrictions, extend to a solution of the component. */
  consistentUnder(comp: number, picks: readonly Pick[], fixed: readonly (Uint8Array | null)[]): boolean {
    const own = this.inComponent(comp, picks);
    return isConsistent(this.compiled.components[comp]!, evidenceFor(this.compiled, own, fixed));
  }

  componentOfPick(p: Pick): number {
    return this.compiled.componentOf[p.group]!;
  }

  private inComponent(comp: number, picks: readonly Pick[]): Pick[] {
    return picks.filter((p) => this.compiled.componentOf[p.group] === comp);
  }

  /** Whether the picks (only those in the component matter) extend to a solution of the component. */
  consistent(comp: number, picks: readonly Pick[]): boolean {
    const own = this.inComponent(comp, picks);
    return isConsistent(this.compiled.components[comp]!, evidenceFor(this.compiled, own, this.fixed));
  }

  /** Whether every component accepts the picks. */
  consistentAll(picks: readonly Pick[]): boolean {
    const comps = new Set(picks.map((p) => this.componentOfPick(p)));
    for (const c of comps) if (!this.consistent(c, picks)) return false;
    return this.catalogSatisfiable();
  }

  /**
   * Whether the picks ALONE hold in the component: every group's selection is exactly its picks
   * (an unpicked group stays empty).
   */
  consistentExact(comp: number, picks: readonly Pick[]): boolean {
    const component = this.compiled.components[comp]!;
    const pick: (Uint8Array | null)[] = new Array(this.compiled.model.groups.length).fill(null);
    for (const g of component.catalogGroups) {
      const gm = this.compiled.model.groups[g]!;
      const mine = picks.filter((p) => p.group === g).map((p) => p.choice);
      const mask = new Uint8Array(gm.values.length);
      gm.values.forEach((members, v) => {
        if (members.length === mine.length && mine.every((c) => members.includes(c))) mask[v] = 1;
      });
      pick[g] = mask;
    }
    return isConsistent(component, { pick, tier: this.fixed });
  }

  /** Exact marginals of a component under the picks (and the tier). */
  marginals(comp: number, picks: readonly Pick[]): Marginals {
    const own = this.inComponent(comp, picks);
    if (own.length === 0 || !this.catalogSatisfiable()) return this.base(comp);
    return propagate(this.compiled.components[comp]!, evidenceFor(this.compiled, own, this.fixed));
  }

  /** Marginals with no picks: what is possible at all for this caller (cached per tier and needs). */
  base(comp: number): Marginals {
    this.baseAll ??= this.computeBase();
    return this.baseAll[comp]!;
  }

  private baseAll: Marginals[] | undefined;
  private satisfiable: boolean | undefined;

  private computeBase(): Marginals[] {
    let byTier = baseCache.get(this.compiled);
    if (!byTier) baseCache.set(this.compiled, (byTier = new Map()));
    const key = `${this.tier ?? '-'}|${this.needs.key}`;
    let all = byTier.get(key);
    if (!all) {
      all = this.compiled.components.map((c) => propagate(c, evidenceFor(this.compiled, [], this.fixed)));
      // Components combine freely, so one impossible component makes every choice impossible.
      if (!all.every((m) => m.consistent)) all = all.map((m) => nothingPossible(m));
      // Each stated combination of needs is one more entry: keep the cache small.
      if (byTier.size > 64) byTier.clear();
      byTier.set(key, all);
    }
    return all;
  }

  /** Whether any valid configuration exists for this caller. */
  catalogSatisfiable(): boolean {
    this.satisfiable ??= this.compiled.components.every((_, i) => this.base(i).consistent);
    return this.satisfiable;
  }
}
