/**
 * The straightforward peer of the engine: a catalog encoded into SAT (logic-solver, MiniSat in
 * JS) and every click answered by search under assumptions. Two uses: an independent oracle
 * for what the engine's answer must contain (test/unit/catalog/renault-sat.test.ts), and the
 * same-run baseline of the engine benchmark (test/bench/engine.ts).
 *
 * Encoding: one boolean per choice ("group.choice"); cardinality per group (exactly-one /
 * at-most-one for single-choice groups, bit sums otherwise); requires as an implication;
 * excludes as a negated conjunction; a table as the disjunction of one auxiliary variable per
 * row, each implying the row's cells (a choice cell: that choice; `null`: the group is empty;
 * `"*"`: no constraint). Retired choices and choices the tier may not pick are forbidden. A
 * resource rule is a comparison of two weighted bit sums (demand <= supply, or <= a constant);
 * the peer takes whole non-negative figures only, and leaves out rules switched on by a need
 * (it answers clicks without needs, where such a rule is off).
 */
import Logic, { type Operand, type Solver } from 'logic-solver';
import type { CatalogDocument, ResourceRule, Tier } from '#core/catalog-document';

/** Per group: which choices some valid completion can contain, and whether it can stay empty. */
export interface PeerGroupAnswer {
  possible: Set<string>;
  emptyAllowed: boolean;
}

export interface PeerAnswer {
  /** The picks extend to at least one valid configuration. */
  valid: boolean;
  /** Present when valid: for a group with picks, judged as alternatives (its own picks set aside). */
  groups: Map<string, PeerGroupAnswer>;
}

function ref(group: string, choice: string): string {
  return `${group}.${choice}`;
}

function emptyVar(group: string): string {
  return `empty:${group}`;
}

export class SatPeer {
  private readonly solver: Solver;
  private readonly doc: CatalogDocument;
  /** Choices that may appear at all (not retired, allowed for the tier), per group. */
  private readonly candidates = new Map<string, string[]>();

  constructor(doc: CatalogDocument, tier: Tier | null) {
    this.doc = doc;
    this.solver = new Logic.Solver();
    Logic.disablingAssertions(() => this.encode(tier));
  }

  private encode(tier: Tier | null): void {
    const solver = this.solver;
    const groupMin = new Map<string, number>();
    for (const group of this.doc.groups) {
      groupMin.set(group.id, group.min);
      const vars = group.choices.map((c) => ref(group.id, c.id));
      const allowed: string[] = [];
      for (const choice of group.choices) {
        const permitted = !choice.retired && (!choice.tiers || (tier !== null && choice.tiers.includes(tier)));
        if (permitted) allowed.push(ref(group.id, choice.id));
        else solver.forbid(ref(group.id, choice.id));
      }
      this.candidates.set(group.id, allowed);
      if (group.max === 1) {
        solver.require(group.min >= 1 ? Logic.exactlyOne(vars) : Logic.atMostOne(vars));
      } else {
        const count = Logic.sum(vars);
        solver.require(Logic.lessThanOrEqual(count, Logic.constantBits(group.max)));
        if (group.min > 0) solver.require(Logic.greaterThanOrEqual(count, Logic.constantBits(group.min)));
      }
      // "Nothing chosen here" as a variable of its own, for `null` cells and emptiness queries.
      solver.require(Logic.equiv(emptyVar(group.id), Logic.not(Logic.or(vars))));
    }

    this.doc.rules.forEach((rule, r) => {
      if (rule.type === 'requires') {
        solver.require(Logic.implies(Logic.and(rule.if), Logic.or(rule.then)));
      } else if (rule.type === 'excludes') {
        solver.forbid(Logic.and(rule.choices));
      } else if (rule.type === 'resource') {
        if (!rule.when) this.encodeResource(rule);
      } else {
        const rows: string[] = [];
        rule.allowed.forEach((row, i) => {
          const cells: Operand[] = [];
          row.forEach((cell, c) => {
            const group = rule.groups[c]!;
            if (cell === '*') return;
            cells.push(cell === null ? emptyVar(group) : ref(group, cell));
          });
          const rowVar = `row:${r}:${i}`;
          rows.push(rowVar);
          solver.require(Logic.implies(rowVar, Logic.and(cells)));
        });
        solver.require(Logic.or(rows));
      }
    });
  }

  private encodeResource(rule: ResourceRule): void {
    const figure = (value: unknown): number => {
      const n = typeof value === 'number' ? value : 0;
      if (!Number.isInteger(n) || n < 0) throw new Error(`the SAT peer takes whole non-negative resource figures only (rule ${rule.id})`);
      return n;
    };
    const demand: { term: string; weight: number }[] = [];
    const supply: { term: string; weight: number }[] = [];
    for (const group of this.doc.groups) {
      for (const choice of group.choices) {
        const term = ref(group.id, choice.id);
        const d = figure(choice.attributes?.[rule.attribute]);
        const s = typeof rule.capacity === 'string' ? figure(choice.attributes?.[rule.capacity]) : 0;
        if (d > 0) demand.push({ term, weight: d });
        if (s > 0) supply.push({ term, weight: s });
      }
    }
    const bits = (list: { term: string; weight: number }[]) =>
      Logic.weightedSum(
        list.map((x) => x.term),
        list.map((x) => x.weight),
      );
    const limit = typeof rule.capacity === 'number' ? Logic.constantBits(figure(rule.capacity)) : bits(supply);
    this.solver.require(Logic.lessThanOrEqual(bits(demand), limit));
  }

  /** Which of `targets` are true in some valid configuration containing all of `assumed`. */
  private satisfiable(assumed: string[], targets: string[]): Set<string> {
    const found = new Set<string>();
    const wanted = new Set(targets);
    for (const target of targets) {
      if (found.has(target)) continue;
      const solution = this.solver.solveAssuming(Logic.and([...assumed, target]));
      if (!solution) continue;
      // A found configuration proves every target it contains: fewer solver calls.
      for (const v of solution.getTrueVars()) if (wanted.has(v)) found.add(v);
    }
    return found;
  }

  /**
   * Answers one click: per group, the choices that extend the picks to a valid configuration.
   * In a group that has picks, the others are judged as alternatives: the group's own picks are
   * set aside (a swap, as the engine's answer defines it for single-choice groups).
   */
  answer(picks: readonly string[]): PeerAnswer {
    const groups = new Map<string, PeerGroupAnswer>();
    if (!this.solver.solveAssuming(Logic.and([...picks]))) return { valid: false, groups };
    const pickedGroups = new Set(picks.map((p) => p.slice(0, p.indexOf('.'))));
    const unpickedTargets: string[] = [];
    for (const group of this.doc.groups) {
      if (!pickedGroups.has(group.id)) unpickedTargets.push(...this.candidates.get(group.id)!, emptyVar(group.id));
    }
    const reachable = this.satisfiable([...picks], unpickedTargets);
    for (const group of this.doc.groups) {
      const candidates = this.candidates.get(group.id)!;
      const proven = pickedGroups.has(group.id)
        ? this.satisfiable(
            picks.filter((p) => !p.startsWith(`${group.id}.`)),
            [...candidates, emptyVar(group.id)],
          )
        : reachable;
      groups.set(group.id, {
        possible: new Set(candidates.filter((c) => proven.has(c)).map((c) => c.slice(group.id.length + 1))),
        emptyAllowed: proven.has(emptyVar(group.id)),
      });
    }
    return { valid: true, groups };
  }
}
