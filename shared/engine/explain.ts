/**
 * Explanations: which picks and rules exclude a choice, which picks to give up to get it back,
 * and which picks conflict with each other. Every answer is checked against the compiled
 * catalog, so "sufficient" and "minimal" hold across chains of rules, not only direct ones.
 */
import { areCompatible, type CompiledCatalog } from './compiled.ts';
import { CELL_ANY, type ConstraintModel } from './model.ts';
import type { Pick } from './picks.ts';
import { formatScaled } from './resource.ts';
import type { Reason } from './types.ts';

/** A human label for a global choice: its name, or "group choice". */
export function choiceLabel(compiled: CompiledCatalog, global: number): string {
  // Built once per catalog: explanations ask for the same labels on every click.
  let labels = labelCache.get(compiled);
  if (!labels) labelCache.set(compiled, (labels = new Array<string | undefined>(compiled.model.choiceGroup.length)));
  let label = labels[global];
  if (label === undefined) {
    const gm = compiled.model.groups[compiled.model.choiceGroup[global]!]!;
    const choice = gm.group.choices[global - gm.firstChoice]!;
    labels[global] = label = choice.name ?? `${gm.group.name ?? gm.id} ${choice.id}`;
  }
  return label;
}

const labelCache = new WeakMap<CompiledCatalog, (string | undefined)[]>();

/** Whether every choice of `globals` is in `chosen` (plain loops: called for every rule of every excluded choice). */
function allChosen(globals: Int32Array, chosen: readonly number[]): boolean {
  for (let i = 0; i < globals.length; i++) if (!chosen.includes(globals[i]!)) return false;
  return true;
}

/** "A", "A and B", "A, B and C". */
export function listLabels(labels: readonly string[], last = 'and'): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} ${last} ${labels[labels.length - 1]}`;
}

/** The rule's own message, or a plain-English one generated from its content. */
export function ruleMessage(compiled: CompiledCatalog, ruleIndex: number): string {
  const rule = compiled.model.rules[ruleIndex]!;
  if (rule.message) return rule.message;
  let messages = messageCache.get(compiled);
  if (!messages) messageCache.set(compiled, (messages = new Map()));
  let message = messages.get(ruleIndex);
  if (message === undefined) messages.set(ruleIndex, (message = generatedMessage(compiled, ruleIndex)));
  return message;
}

const messageCache = new WeakMap<CompiledCatalog, Map<number, string>>();

function generatedMessage(compiled: CompiledCatalog, ruleIndex: number): string {
  const con = compiled.model.constraints[ruleIndex]!;
  const rule = compiled.model.rules[ruleIndex]!;
  const labels = (globals: Int32Array): string[] => [...globals].map((c) => choiceLabel(compiled, c));
  if (rule.type === 'resource') {
    const limit = typeof rule.capacity === 'number' ? `${rule.capacity}${rule.unit ? ` ${rule.unit}` : ''}` : `the total ${rule.capacity}`;
    return `the total ${rule.attribute} must not exceed ${limit}`;
  }
  if (con.kind === 'requires') return `${listLabels(labels(con.premise))} requires ${listLabels(labels(con.conclusion), 'or')}`;
  if (con.kind === 'excludes') return `${listLabels(labels(con.premise))} cannot be combined`;
  const groups = [...con.scope].map((g) => compiled.model.groups[g]!.group.name ?? compiled.model.groups[g]!.id);
  return `only certain combinations of ${listLabels(groups)} are offered`;
}

/** The smallest total a resource rule can reach with the chosen choices, and its figures. */
export interface ResourceFigures {
  /** The rule alone (with cardinalities) cannot hold with the chosen choices. */
  readonly exceeded: boolean;
  /** Demand and capacity of the selection closest to fitting, as decimals. */
  readonly demand: string;
  readonly capacity: string;
  /** The chosen choices that provide capacity. */
  readonly providers: number[];
}

/**
 * The figures of a resource rule with the chosen choices fixed: in every contributing group,
 * the value with the smallest net demand among those holding the group's chosen choices (any
 * value when none is chosen). The rule alone excludes the choices exactly when even that sum
 * exceeds the limit.
 */
export function resourceFigures(compiled: CompiledCatalog, resource: number, chosen: readonly number[]): ResourceFigures {
  const { model } = compiled;
  const r = model.resources[resource]!;
  const { figures } = r;
  let net = 0;
  let demand = 0;
  let supply = 0;
  const providers: number[] = [];
  for (const g of r.groups) {
    const gm = model.groups[g]!;
    const mine = chosen.filter((c) => model.choiceGroup[c] === g).map((c) => c - gm.firstChoice);
    let best = -1;
    let bestNet = Infinity;
    let bestDemand = 0;
    let bestSupply = 0;
    gm.values.forEach((members, v) => {
      if (gm.retiredValue[v] || !mine.every((c) => members.includes(c))) return;
      let a = 0;
      let b = 0;
      for (const c of members) {
        a += figures.demand[g]![c]!;
        b += figures.supply[g]![c]!;
      }
      if (a - b < bestNet || (a - b === bestNet && a < bestDemand)) [best, bestNet, bestDemand, bestSupply] = [v, a - b, a, b];
    });
    if (best < 0) continue;
    net += bestNet;
    demand += bestDemand;
    supply += bestSupply;
    for (const c of mine) if (figures.supply[g]![c]! !== 0) providers.push(gm.firstChoice + c);
  }
  return {
    exceeded: net > figures.limit,
    demand: formatScaled(demand, figures.scale),
    capacity: formatScaled(supply + figures.limit, figures.scale),
    providers,
  };
}

/** A resource rule's reason: its message and, when it excludes the choices alone, the figures. */
function resourceMessage(compiled: CompiledCatalog, ruleIndex: number, chosen: readonly number[]): string {
  const con = compiled.model.constraints[ruleIndex]!;
  const rule = compiled.model.rules[ruleIndex]!;
  const message = ruleMessage(compiled, ruleIndex);
  if (con.kind !== 'resource' || rule.type !== 'resource') return message;
  const f = resourceFigures(compiled, con.resource, chosen);
  if (!f.exceeded) return message;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  let capacity: string;
  if (typeof rule.capacity === 'number') capacity = `at most ${f.capacity}${unit} allowed`;
  else if (f.providers.length > 0) {
    const names = f.providers.map((c) => choiceLabel(compiled, c));
    capacity = `${listLabels(names)} ${names.length === 1 ? 'gives' : 'give'} ${f.capacity}${unit}`;
  } else capacity = `at most ${f.capacity}${unit} can be supplied`;
  return `${message}: needs ${f.demand}${unit}, ${capacity}`;
}

/**
 * Whether the rule on its own (with cardinalities) rules out selecting all the given choices
 * together. A resource rule with `when` counts only while switched on (`active`).
 */
function forbidsDirectly(compiled: CompiledCatalog, con: ConstraintModel, chosen: readonly number[], active: ReadonlySet<number>): boolean {
  const { model } = compiled;
  if (con.kind === 'resource') {
    const r = model.resources[con.resource]!;
    if (r.whenNeed >= 0 && !active.has(con.rule)) return false;
    return resourceFigures(compiled, con.resource, chosen).exceeded;
  }
  if (con.kind === 'need' || con.kind === 'sum') return false;
  if (con.kind !== 'table') {
    if (con.kind === 'excludes') return con.premise.length > 0 && allChosen(con.premise, chosen);
    if (con.premise.length === 0 || !allChosen(con.premise, chosen)) return false;
    // Every `then` choice is blocked: its single-choice group already holds another chosen choice.
    return [...con.conclusion].every((t) => {
      const gm = model.groups[model.choiceGroup[t]!]!;
      return !chosen.includes(t) && !gm.multi && chosen.some((c) => model.choiceGroup[c] === gm.index);
    });
  }
  const relevant = chosen.filter((c) => con.scope.includes(model.choiceGroup[c]!));
  if (relevant.length === 0) return false;
  // The answer depends on the choices in the table's groups only: cached by them.
  let byChoices = tableCache.get(con);
  if (!byChoices) tableCache.set(con, (byChoices = new Map()));
  const key = relevant.join(',');
  const hit = byChoices.get(key);
  if (hit !== undefined) return hit;
  const answer = tableForbids(compiled, con, relevant);
  if (byChoices.size > 10_000) byChoices.clear();
  byChoices.set(key, answer);
  return answer;
}

const tableCache = new WeakMap<ConstraintModel, Map<string, boolean>>();

/** Whether no row of the table allows all the given choices (all in the table's groups). */
function tableForbids(compiled: CompiledCatalog, con: ConstraintModel & { kind: 'table' }, relevant: readonly number[]): boolean {
  const { model } = compiled;
  const width = con.columnScope.length;
  // Per column: -1 when no chosen choice is in its group (any cell fits), else what fits.
  const multi: boolean[] = [];
  const want = new Int32Array(width).fill(-1);
  const constrained: number[] = [];
  for (let col = 0; col < width; col++) {
    const gm = model.groups[con.scope[con.columnScope[col]!]!]!;
    const mine = relevant.filter((c) => model.choiceGroup[c] === gm.index);
    multi.push(gm.multi);
    if (mine.length === 0) continue;
    want[col] = mine[0]! - gm.firstChoice;
    constrained.push(col);
  }
  for (let r = 0; r < con.rowCount; r++) {
    let ok = true;
    for (let j = 0; j < constrained.length && ok; j++) {
      const col = constrained[j]!;
      const cell = con.cells[r * width + col]!;
      if (cell === CELL_ANY) continue;
      // Single-choice group: the cell must name the chosen choice. Multi-choice group: any named
      // choice can be added beside the chosen ones, only "nothing" (or an unknown id) fails.
      ok = multi[col] ? cell >= 0 : cell === want[col];
    }
    if (ok) return false;
  }
  return true;
}

const ruleCache = new WeakMap<CompiledCatalog, { byKey: Map<string, number[]>; byPair: Map<number, number[]> }>();
const NONE_ACTIVE: ReadonlySet<number> = new Set();

/** Per catalog: the rules of each group (in component order), and breadth-first trees by source group. */
interface RuleGraph {
  readonly rulesOf: Map<number, number[]>;
  readonly trees: Map<number, Map<number, { from: number; rule: number }>>;
}
const graphCache = new WeakMap<CompiledCatalog, RuleGraph>();

function ruleGraph(compiled: CompiledCatalog): RuleGraph {
  let graph = graphCache.get(compiled);
  if (!graph) {
    const rulesOf = new Map<number, number[]>();
    for (const comp of compiled.components) {
      for (const ci of comp.constraints) {
        // Catalog rules only (a resource rule by its placeholder), not needs or chain links.
        if (ci >= compiled.model.rules.length) continue;
        for (const g of new Set(compiled.model.constraints[ci]!.scope)) {
          const list = rulesOf.get(g) ?? [];
          list.push(ci);
          rulesOf.set(g, list);
        }
      }
    }
    graphCache.set(compiled, (graph = { rulesOf, trees: new Map() }));
  }
  return graph;
}

/** Breadth-first search over groups linked by rules, from one group (cached per group). */
function searchTree(compiled: CompiledCatalog, source: number): Map<number, { from: number; rule: number }> {
  const graph = ruleGraph(compiled);
  let via = graph.trees.get(source);
  if (via) return via;
  via = new Map([[source, { from: -1, rule: -1 }]]);
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const g = queue[head]!;
    for (const ci of graph.rulesOf.get(g) ?? []) {
      for (const h of compiled.model.constraints[ci]!.scope) {
        if (!via.has(h)) {
          via.set(h, { from: g, rule: ci });
          queue.push(h);
        }
      }
    }
  }
  graph.trees.set(source, via);
  return via;
}

/**
 * The rules behind "these choices cannot all be selected": the rules that forbid them on their
 * own, else the rules on the shortest paths linking the choices' groups (a chain of rules).
 */
export function rulesBehind(compiled: CompiledCatalog, chosen: readonly number[], active: ReadonlySet<number> = NONE_ACTIVE): number[] {
  let cache = ruleCache.get(compiled);
  if (!cache) ruleCache.set(compiled, (cache = { byKey: new Map(), byPair: new Map() }));
  // A choice and one pick (most explanations): a numeric key, no sorting or joining.
  const pair = active.size === 0 && chosen.length === 2;
  const choices = compiled.model.choiceGroup.length;
  const pairKey = pair ? Math.min(chosen[0]!, chosen[1]!) * choices + Math.max(chosen[0]!, chosen[1]!) : -1;
  const key = pair
    ? ''
    : active.size === 0
      ? [...chosen].sort((a, b) => a - b).join(',')
      : `${[...chosen].sort((a, b) => a - b).join(',')}|${[...active].join(',')}`;
  const hit = pair ? cache.byPair.get(pairKey) : cache.byKey.get(key);
  if (hit) return hit;
  const { model } = compiled;
  const groups = [...new Set(chosen.map((c) => model.choiceGroup[c]!))];
  const subjectGroup = model.choiceGroup[chosen[0]!]!;
  const direct = (ruleGraph(compiled).rulesOf.get(subjectGroup) ?? []).filter((ci) =>
    forbidsDirectly(compiled, model.constraints[ci]!, chosen, active),
  );
  let result = direct;
  if (direct.length === 0 && groups.length > 1) {
    const via = searchTree(compiled, groups[0]!);
    const rules = new Set<number>();
    for (const target of groups.slice(1)) {
      for (let step = via.get(target); step && step.rule >= 0; step = via.get(step.from)) rules.add(step.rule);
    }
    result = [...rules].sort((a, b) => a - b);
  }
  if (cache.byKey.size + cache.byPair.size > 50_000) {
    cache.byKey.clear();
    cache.byPair.clear();
  }
  if (pair) cache.byPair.set(pairKey, result);
  else cache.byKey.set(key, result);
  return result;
}

/** The reason one catalog rule gives for the chosen choices (a resource rule's with its figures). */
export function ruleReason(compiled: CompiledCatalog, ruleIndex: number, chosen: readonly number[], picks: string[]): Reason {
  return { rule: compiled.model.rules[ruleIndex]!.id, picks, message: resourceMessage(compiled, ruleIndex, chosen) };
}

/**
 * Reasons naming the rules behind `subject` being impossible with `picks`; `active` holds the
 * resource rules that stated needs switch on.
 */
export function reasonsFor(
  compiled: CompiledCatalog,
  subject: number,
  picks: readonly Pick[],
  active: ReadonlySet<number> = NONE_ACTIVE,
): Reason[] {
  const refs = picks.map((p) => p.ref);
  const chosen = [subject, ...picks.map((p) => p.global)];
  const rules = rulesBehind(compiled, chosen, active);
  const what = choiceLabel(compiled, subject);
  if (rules.length === 0) {
    const why = picks.length
      ? `${what} cannot be combined with ${listLabels(picks.map((p) => choiceLabel(compiled, p.global)))}`
      : `${what} is not possible in any valid configuration`;
    return [{ rule: 'cardinality', picks: refs, message: why }];
  }
  return rules.map((r) => ({ rule: compiled.model.rules[r]!.id, picks: refs, message: resourceMessage(compiled, r, chosen) }));
}

/**
 * QuickXplain (Junker 2004): a minimal subset X of `candidates` such that background + X is
 * inconsistent, assuming background + candidates is inconsistent and background alone is not.
 * Candidates earlier in the list are preferred in the explanation.
 */
export function quickXplain<T = Pick>(
  inconsistent: (items: readonly T[]) => boolean,
  background: readonly T[],
  candidates: readonly T[],
): T[] {
  const walk = (b: readonly T[], delta: boolean, c: readonly T[]): T[] => {
    if (delta && inconsistent(b)) return [];
    if (c.length === 1) return [...c];
    const half = Math.ceil(c.length / 2);
    const c1 = c.slice(0, half);
    const c2 = c.slice(half);
    const x2 = walk([...b, ...c1], c1.length > 0, c2);
    const x1 = walk([...b, ...x2], x2.length > 0, c1);
    return [...x1, ...x2];
  };
  if (candidates.length === 0) return [];
  return walk(background, false, candidates);
}

/**
 * A minimal correction: the picks to give up so that a choice becomes possible. Keeps picks
 * greedily in priority order (most wanted first), so the kept picks are a maximal consistent
 * subset and no pick in the correction could stay. `mustGo` (picks incompatible with the
 * choice on their own) go first. Each greedy step binary-searches the longest run of picks
 * that can be kept, so the cost is O((dropped + 1) * log n) availability checks, not O(n).
 * `possible(picks)` must be monotone: true for a set implies true for its subsets.
 */
export function minimalCorrection(
  prioritised: readonly Pick[],
  mustGo: readonly Pick[],
  possible: (picks: readonly Pick[]) => boolean,
): Pick[] {
  const seq = prioritised.filter((p) => !mustGo.includes(p));
  const kept: Pick[] = [];
  const gone: Pick[] = [...mustGo];
  let i = 0;
  while (i < seq.length) {
    if (possible([...kept, ...seq.slice(i)])) {
      kept.push(...seq.slice(i));
      break;
    }
    // possible(kept + seq[i..lo)) holds, possible(kept + seq[i..hi)) does not.
    let lo = i;
    let hi = seq.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (possible([...kept, ...seq.slice(i, mid)])) lo = mid;
      else hi = mid;
    }
    kept.push(...seq.slice(i, lo));
    gone.push(seq[lo]!);
    i = lo + 1;
  }
  return gone;
}

/** Picks statically incompatible with a choice: each must go before it can be chosen. */
export function incompatiblePicks(compiled: CompiledCatalog, subject: number, picks: readonly Pick[]): Pick[] {
  return picks.filter((p) => !areCompatible(compiled, subject, p.global));
}
