/**
 * The catalog as a constraint model: one variable per group whose domain is the set of
 * selections the group's cardinality allows, and one constraint per rule.
 *
 * Encoding of a group's domain ("values"):
 * - a single-choice group (max 1): value i is "choice i alone", and when min is 0 one extra
 *   value (index = number of choices) is "nothing chosen";
 * - a multi-choice group (max > 1): every subset of its choices with min <= size <= max, the
 *   empty set included when min is 0. The number of subsets counts against the compile limits.
 * Keeping one variable per group makes cardinality part of the domain, so no rule is needed
 * for it and the tree decomposition sees the real structure of the catalog.
 *
 * Auxiliary variables follow the groups (variable index >= number of groups):
 * - one per need question that a hard rule depends on (an answer's `require`, or a resource
 *   rule's `when`); its values are the answers in order, then "unanswered". Stating an answer
 *   is then unary evidence on that variable, and "answer a -> at least one of require(a)" is an
 *   ordinary constraint (it may span several groups, so it could not be unary evidence);
 * - the partial sums of each resource rule's chain (see resource.ts).
 * A variable with no evidence is free, so an unanswered question never restricts anything.
 */
import type { CatalogDocument, Group, Need, Rule } from '#core/catalog-document';
import { CatalogTooComplexError } from './errors.ts';
import { parseChoiceRef } from '#core/choice-ref';
import { planChain, scaleResource, type ScaledResource } from './resource.ts';

/** Work done so far by one compilation, checked against the limits. */
export interface CompileBudget {
  tuples: number;
  steps: number;
  readonly maxTuples: number;
  readonly maxSteps: number;
}

/** Table cell codes: a choice is its local index (>= 0). */
export const CELL_ANY = -1;
export const CELL_NONE = -2;
/** A cell naming a choice the group does not have: it matches nothing. */
export const CELL_UNKNOWN = -3;

export interface GroupModel {
  readonly index: number;
  readonly id: string;
  readonly group: Group;
  readonly multi: boolean;
  readonly choiceCount: number;
  readonly choiceIndex: ReadonlyMap<string, number>;
  /** Global number of this group's first choice (choices are numbered group after group). */
  readonly firstChoice: number;
  /** The local choice indices of each value, ascending. */
  readonly values: readonly Int32Array[];
  /** The "nothing chosen" value, or -1 when the group may not be empty. */
  readonly emptyValue: number;
  /** For each local choice, the values that contain it. */
  readonly valuesWithChoice: readonly Int32Array[];
  /** Values holding a retired choice: never part of a new configuration. */
  readonly retiredValue: Uint8Array;
}

/** A table rule over its (deduplicated) groups, rows as cell codes. */
export interface TableConstraint {
  readonly kind: 'table';
  readonly rule: number;
  readonly scope: Int32Array;
  /** Column c of a row constrains group `scope[columnScope[c]]`. */
  readonly columnScope: Int32Array;
  readonly rowCount: number;
  /** rowCount x columns, row-major. */
  readonly cells: Int32Array;
}

/** A requires/excludes rule over global choice numbers. */
export interface LogicConstraint {
  readonly kind: 'requires' | 'excludes';
  readonly rule: number;
  readonly scope: Int32Array;
  /** `requires`: the `if` choices; `excludes`: the choices that may not all be selected. */
  readonly premise: Int32Array;
  /** `requires`: the `then` choices (at least one must be selected); empty for `excludes`. */
  readonly conclusion: Int32Array;
  /** The rule names a choice that does not exist: it can never apply. */
  readonly vacuous: boolean;
}

/** While need variable `variable` has value `answer`, at least one of `conclusion` is selected. */
export interface NeedConstraint {
  readonly kind: 'need';
  /** No catalog rule: -1 (the cause is the need itself). */
  readonly rule: -1;
  readonly need: number;
  readonly variable: number;
  readonly answer: number;
  readonly scope: Int32Array;
  readonly conclusion: Int32Array;
}

/**
 * One link of a resource chain: `next` = `prev` + the net demand of `group`'s value. At the
 * start of a chain `prev` is -1 (the sum before it is 0) or the need variable of the rule's
 * `when` (its values in `activeAnswers` start the sum at 0, the others switch the rule OFF).
 */
export interface SumConstraint {
  readonly kind: 'sum';
  readonly rule: number;
  readonly scope: Int32Array;
  readonly prev: number;
  /** Sum of each value of `prev` when it is a sum variable (its OFF value is left out), else null. */
  readonly prevSums: Float64Array | null;
  /** When `prev` is a need variable: 1 for the answers that switch the rule on. */
  readonly activeAnswers: Uint8Array | null;
  readonly group: number;
  /** Net demand of each value of `group`. */
  readonly demand: Float64Array;
  readonly next: number;
  /** The sum each value of `next` stands for (its OFF value is left out), and back. */
  readonly nextSums: Float64Array;
  readonly nextIndex: ReadonlyMap<number, number>;
  /** Value index of each sum a sum `prev` can take (empty otherwise). */
  readonly prevIndex: ReadonlyMap<number, number>;
  /** The OFF value of `next` (and of a sum `prev`), or -1 for a rule without `when`. */
  readonly off: number;
  readonly prevOff: number;
}

/**
 * Where a resource rule sits in the constraint list (at its rule index): for explanations only,
 * over every contributing group. It is enforced by its sum links, never as a whole.
 */
export interface ResourceConstraint {
  readonly kind: 'resource';
  readonly rule: number;
  readonly scope: Int32Array;
  readonly resource: number;
}

export type ConstraintModel = TableConstraint | LogicConstraint | NeedConstraint | SumConstraint | ResourceConstraint;

/** One variable of the constraint model: a catalog group or an auxiliary variable. */
export interface VarModel {
  readonly index: number;
  readonly kind: 'group' | 'need' | 'sum';
  /** Number of values. */
  readonly domain: number;
  /** Values never part of a new configuration (a retired choice); none for auxiliary variables. */
  readonly retiredValue: Uint8Array;
}

/** One need question, resolved against the catalog. */
export interface NeedModel {
  readonly index: number;
  readonly id: string;
  readonly need: Need;
  readonly answerIndex: ReadonlyMap<string, number>;
  /** The need's variable (values: the answers, then "unanswered"), or -1 when no hard rule depends on it. */
  readonly variable: number;
  /** Per answer: the global choices it requires (at least one of them), or null. */
  readonly require: readonly (Int32Array | null)[];
  /** Per answer: its preferences over known choices. */
  readonly prefer: readonly { choice: number; weight: number }[][];
}

/** One resource rule, compiled to a chain. */
export interface ResourceModel {
  readonly rule: number;
  readonly figures: ScaledResource;
  /** Contributing groups in chain order, and the sum variable after each. */
  readonly groups: Int32Array;
  readonly sums: Int32Array;
  /** The need whose answer switches the rule on, or -1; and the answers that do. */
  readonly whenNeed: number;
  readonly whenAnswers: readonly number[];
}

export interface Model {
  readonly doc: CatalogDocument;
  readonly groups: readonly GroupModel[];
  readonly groupIndex: ReadonlyMap<string, number>;
  readonly choiceCount: number;
  /** Group of each global choice. */
  readonly choiceGroup: Int32Array;
  /** Every variable: the groups first (same index), then the auxiliary ones. */
  readonly vars: readonly VarModel[];
  /**
   * Constraint i < rules.length stands for rule i; the need constraints and the resource chains'
   * links follow.
   */
  readonly constraints: readonly ConstraintModel[];
  readonly rules: readonly Rule[];
  readonly needs: readonly NeedModel[];
  readonly needIndex: ReadonlyMap<string, number>;
  readonly resources: readonly ResourceModel[];
}

/** Whether `value` of group `g` contains local choice `choice`. */
export function valueHasChoice(g: GroupModel, value: number, choice: number): boolean {
  if (!g.multi) return value === choice;
  const members = g.values[value]!;
  for (let i = 0; i < members.length; i++) if (members[i] === choice) return true;
  return false;
}

/** Whether a table cell accepts `value` of group `g`. */
export function cellMatches(g: GroupModel, cell: number, value: number): boolean {
  if (cell === CELL_ANY) return true;
  if (cell === CELL_NONE) return value === g.emptyValue;
  if (cell === CELL_UNKNOWN) return false;
  return valueHasChoice(g, value, cell);
}

function subsetsOf(count: number, min: number, max: number, budget: number, groupId: string): Int32Array[] {
  const out: Int32Array[] = [];
  const current: number[] = [];
  // Size-major order keeps the empty set first and small selections early, which reads well in
  // debugging and makes the value order independent of the recursion shape.
  for (let size = min; size <= Math.min(max, count); size++) {
    const walk = (start: number): void => {
      if (current.length === size) {
        out.push(Int32Array.from(current));
        if (out.length > budget) {
          throw new CatalogTooComplexError(`group ${groupId} allows more than ${budget} selections (compile limit maxTuples)`);
        }
        return;
      }
      for (let c = start; c <= count - (size - current.length); c++) {
        current.push(c);
        walk(c + 1);
        current.pop();
      }
    };
    walk(0);
  }
  return out;
}

function buildGroup(group: Group, index: number, firstChoice: number, budget: number): GroupModel {
  const count = group.choices.length;
  const multi = group.max > 1;
  const choiceIndex = new Map(group.choices.map((c, i) => [c.id, i] as const));
  let values: Int32Array[];
  let emptyValue = -1;
  if (!multi) {
    values = group.choices.map((_, i) => Int32Array.of(i));
    if (group.min === 0) {
      emptyValue = values.length;
      values.push(new Int32Array(0));
    }
  } else {
    values = subsetsOf(count, group.min, group.max, budget, group.id);
    if (group.min === 0) emptyValue = 0;
  }
  const withChoice: number[][] = group.choices.map(() => []);
  const retiredValue = new Uint8Array(values.length);
  values.forEach((members, v) => {
    for (const c of members) {
      withChoice[c]!.push(v);
      if (group.choices[c]!.retired) retiredValue[v] = 1;
    }
  });
  return {
    index,
    id: group.id,
    group,
    multi,
    choiceCount: count,
    choiceIndex,
    firstChoice,
    values,
    emptyValue,
    valuesWithChoice: withChoice.map((l) => Int32Array.from(l)),
    retiredValue,
  };
}

/**
 * Builds the model (with `tables`, the table constraints of a decoded artifact, by rule index).
 * References to unknown groups or choices (which catalog validation rejects
 * before publishing) are read leniently: a table column of an unknown group is ignored, a
 * table cell naming an unknown choice matches nothing, a requires/excludes naming an unknown
 * choice never fires.
 */
export function buildModel(doc: CatalogDocument, budget: CompileBudget, tables?: ReadonlyMap<number, TableConstraint>): Model {
  const groups: GroupModel[] = [];
  let next = 0;
  doc.groups.forEach((g, i) => {
    const model = buildGroup(g, i, next, budget.maxTuples);
    groups.push(model);
    next += model.choiceCount;
  });
  const groupIndex = new Map(groups.map((g) => [g.id, g.index] as const));
  const choiceGroup = new Int32Array(next);
  for (const g of groups) choiceGroup.fill(g.index, g.firstChoice, g.firstChoice + g.choiceCount);

  const resolve = (ref: string): number => {
    const parsed = parseChoiceRef(ref);
    const g = parsed && groupIndex.get(parsed.group);
    if (g === undefined || !parsed) return -1;
    const c = groups[g]!.choiceIndex.get(parsed.choice);
    return c === undefined ? -1 : groups[g]!.firstChoice + c;
  };

  const rules = doc.rules ?? [];
  const constraints: ConstraintModel[] = [];
  rules.forEach((rule, r) => {
    // A decoded artifact brings its tables' cells: the rows (most of a big document) stay unread.
    const prebuilt = tables?.get(r);
    if (prebuilt) {
      constraints.push(prebuilt);
    } else if (rule.type === 'table') {
      const scopeList: number[] = [];
      const columnScope: number[] = [];
      const columns: number[] = [];
      rule.groups.forEach((gid, col) => {
        const g = groupIndex.get(gid);
        if (g === undefined) return;
        let pos = scopeList.indexOf(g);
        if (pos < 0) {
          pos = scopeList.length;
          scopeList.push(g);
        }
        columnScope.push(pos);
        columns.push(col);
      });
      const cells = new Int32Array(rule.allowed.length * columns.length);
      rule.allowed.forEach((row, ri) => {
        columns.forEach((col, k) => {
          const cell = row[col];
          const g = groups[scopeList[columnScope[k]!]!]!;
          let code: number;
          if (cell === undefined || cell === '*') code = CELL_ANY;
          else if (cell === null) code = CELL_NONE;
          else code = g.choiceIndex.get(cell) ?? CELL_UNKNOWN;
          cells[ri * columns.length + k] = code;
        });
      });
      constraints.push({
        kind: 'table',
        rule: r,
        scope: Int32Array.from(scopeList),
        columnScope: Int32Array.from(columnScope),
        rowCount: rule.allowed.length,
        cells,
      });
    } else if (rule.type === 'resource') {
      // A placeholder at the rule's index; the chain is built below, once need variables exist.
      constraints.push({ kind: 'resource', rule: r, scope: new Int32Array(0), resource: -1 });
    } else {
      const premiseRefs = rule.type === 'requires' ? rule.if : rule.choices;
      const conclusionRefs = rule.type === 'requires' ? rule.then : [];
      const premise = premiseRefs.map(resolve);
      const conclusionAll = conclusionRefs.map(resolve);
      // An unknown `if`/excludes choice is never selected, so the rule can never fire; an
      // unknown `then` choice can never satisfy it and is simply left out.
      const vacuous = premise.some((c) => c < 0);
      const conclusion = conclusionAll.filter((c) => c >= 0);
      const scope = [...new Set([...premise, ...conclusion].filter((c) => c >= 0).map((c) => choiceGroup[c]!))];
      constraints.push({
        kind: rule.type,
        rule: r,
        scope: Int32Array.from(vacuous ? [] : scope),
        premise: Int32Array.from(vacuous ? [] : premise),
        conclusion: Int32Array.from(conclusion),
        vacuous,
      });
    }
  });
  const vars: VarModel[] = groups.map((g) => ({ index: g.index, kind: 'group', domain: g.values.length, retiredValue: g.retiredValue }));
  const needs = buildNeeds(doc, rules, resolve, vars, constraints, choiceGroup);
  const needIndex = new Map(needs.map((n) => [n.id, n.index] as const));
  const resources: ResourceModel[] = [];
  rules.forEach((rule, r) => {
    if (rule.type !== 'resource') return;
    const built = buildResource(doc, groups, rule, r, needs, needIndex, vars, constraints, budget, resources.length);
    if (built) {
      resources.push(built.resource);
      constraints[r] = built.placeholder;
    }
  });
  return { doc, groups, groupIndex, choiceCount: next, choiceGroup, vars, constraints, rules, needs, needIndex, resources };
}

/**
 * Needs: the preferences and requirements of each answer over known choices (unknown ones are
 * left out, like unknown rule references), and a variable for each question a hard rule
 * depends on, with one constraint per requiring answer.
 */
function buildNeeds(
  doc: CatalogDocument,
  rules: readonly Rule[],
  resolve: (ref: string) => number,
  vars: VarModel[],
  constraints: ConstraintModel[],
  choiceGroup: Int32Array,
): NeedModel[] {
  const whenNeeds = new Set(rules.flatMap((rule) => (rule.type === 'resource' && rule.when ? [rule.when.need] : [])));
  const seen = new Set<string>();
  const needs: NeedModel[] = [];
  for (const need of doc.needs ?? []) {
    if (seen.has(need.id)) continue; // validation reports duplicates; the first one counts
    seen.add(need.id);
    const index = needs.length;
    const answerIndex = new Map<string, number>();
    need.answers.forEach((a, i) => {
      if (!answerIndex.has(a.id)) answerIndex.set(a.id, i);
    });
    const require = need.answers.map((a) => (a.require ? Int32Array.from(a.require.map(resolve).filter((c) => c >= 0)) : null));
    const prefer = need.answers.map((a) =>
      (a.prefer ?? []).map((p) => ({ choice: resolve(p.choice), weight: p.weight })).filter((p) => p.choice >= 0),
    );
    let variable = -1;
    if (require.some((r) => r !== null) || whenNeeds.has(need.id)) {
      variable = vars.length;
      vars.push({ index: variable, kind: 'need', domain: need.answers.length + 1, retiredValue: new Uint8Array(need.answers.length + 1) });
      require.forEach((conclusion, answer) => {
        if (!conclusion) return;
        const scope = [variable, ...new Set([...conclusion].map((c) => choiceGroup[c]!))];
        constraints.push({ kind: 'need', rule: -1, need: index, variable, answer, scope: Int32Array.from(scope), conclusion });
      });
    }
    needs.push({ index, id: need.id, need, answerIndex, variable, require, prefer });
  }
  return needs;
}

/**
 * A resource rule's chain: sum variables and links (resource.ts). A rule whose `when` names an
 * unknown need or no known answer can never be switched on and is left out (null).
 */
function buildResource(
  doc: CatalogDocument,
  groups: readonly GroupModel[],
  rule: Rule & { type: 'resource' },
  r: number,
  needs: readonly NeedModel[],
  needIndex: ReadonlyMap<string, number>,
  vars: VarModel[],
  constraints: ConstraintModel[],
  budget: CompileBudget,
  resourceIndex: number,
): { resource: ResourceModel; placeholder: ResourceConstraint } | null {
  let whenNeed = -1;
  let whenAnswers: number[] = [];
  if (rule.when) {
    whenNeed = needIndex.get(rule.when.need) ?? -1;
    const need = needs[whenNeed];
    whenAnswers = need ? [...new Set(rule.when.answers.map((a) => need.answerIndex.get(a) ?? -1).filter((a) => a >= 0))] : [];
    if (!need || whenAnswers.length === 0) return null;
  }
  const figures = scaleResource(doc, rule);
  const valueDemand = (g: number): Float64Array | null => {
    const gm = groups[g]!;
    const net = gm.group.choices.map((_, c) => figures.demand[g]![c]! - figures.supply[g]![c]!);
    if (net.every((d) => d === 0)) return null;
    return Float64Array.from(gm.values, (members) => members.reduce((sum, c) => sum + net[c]!, 0));
  };
  const plan = planChain(
    groups.length,
    valueDemand,
    (g) => Uint8Array.from(groups[g]!.retiredValue, (x) => (x ? 0 : 1)),
    (g) => figures.supply[g]!.some((x) => x !== 0),
    figures.limit,
    (steps, values) => {
      budget.steps += steps;
      budget.tuples += values;
      if (budget.steps > budget.maxSteps)
        throw new CatalogTooComplexError(`compiling needs more than ${budget.maxSteps} search steps (compile limit maxSteps)`);
      if (budget.tuples > budget.maxTuples)
        throw new CatalogTooComplexError(`the compiled catalog would exceed ${budget.maxTuples} tuples (compile limit maxTuples)`);
    },
  );
  const switched = whenNeed >= 0;
  const needVar = switched ? needs[whenNeed]!.variable : -1;
  const sumVars: number[] = [];
  if (plan.groups.length === 0 && figures.limit < 0) {
    // Nothing contributes and the limit is below zero: the rule can never hold (while switched on).
    if (switched) {
      const active = new Uint8Array(vars[needVar]!.domain);
      for (const a of whenAnswers) active[a] = 1;
      // A table over the need variable alone is not possible (tables name groups), so a link with
      // an empty sum domain says the same: an active answer leads nowhere.
      const next = vars.length;
      vars.push({ index: next, kind: 'sum', domain: 1, retiredValue: new Uint8Array(1) });
      sumVars.push(next);
      constraints.push({
        kind: 'sum',
        rule: r,
        scope: Int32Array.of(needVar, next),
        prev: needVar,
        prevSums: null,
        activeAnswers: active,
        group: -1,
        demand: new Float64Array(0),
        next,
        nextSums: new Float64Array(0),
        nextIndex: new Map(),
        prevIndex: new Map(),
        off: 0,
        prevOff: -1,
      });
    } else {
      constraints.push({
        kind: 'table',
        rule: r,
        scope: Int32Array.of(0),
        columnScope: Int32Array.of(0),
        rowCount: 0,
        cells: new Int32Array(0),
      });
    }
  }
  let prev = needVar;
  let prevSums: Float64Array | null = null;
  let prevOff = -1;
  plan.groups.forEach((g, i) => {
    const sums = plan.sums[i]!;
    const next = vars.length;
    const domain = sums.length + (switched ? 1 : 0);
    vars.push({ index: next, kind: 'sum', domain, retiredValue: new Uint8Array(domain) });
    sumVars.push(next);
    let activeAnswers: Uint8Array | null = null;
    if (i === 0 && switched) {
      activeAnswers = new Uint8Array(vars[needVar]!.domain);
      for (const a of whenAnswers) activeAnswers[a] = 1;
    }
    constraints.push({
      kind: 'sum',
      rule: r,
      scope: Int32Array.from(prev >= 0 ? [prev, g, next] : [g, next]),
      prev,
      prevSums,
      activeAnswers,
      group: g,
      demand: plan.netDemand[i]!,
      next,
      nextSums: sums,
      nextIndex: new Map(Array.from(sums, (x, k) => [x, k] as const)),
      prevIndex: new Map(prevSums ? Array.from(prevSums as Float64Array, (x, k) => [x, k] as const) : []),
      off: switched ? sums.length : -1,
      prevOff,
    });
    prev = next;
    prevSums = sums;
    prevOff = switched ? sums.length : -1;
  });
  return {
    resource: { rule: r, figures, groups: Int32Array.from(plan.groups), sums: Int32Array.from(sumVars), whenNeed, whenAnswers },
    placeholder: { kind: 'resource', rule: r, scope: Int32Array.from(plan.groups), resource: resourceIndex },
  };
}

/** Whether global choice `c` is selected under a (partial) assignment; undefined if unassigned. */
function selectedIn(model: Model, assign: Int32Array, c: number): boolean | undefined {
  const g = model.groups[model.choiceGroup[c]!]!;
  const v = assign[g.index]!;
  if (v < 0) return undefined;
  return valueHasChoice(g, v, c - g.firstChoice);
}

/**
 * Whether a requires/excludes rule can still hold under a partial assignment (-1 = unassigned).
 * Sound for pruning: answers false only when every extension violates it.
 */
export function logicAllows(model: Model, con: LogicConstraint, assign: Int32Array): boolean {
  if (con.vacuous) return true;
  for (let i = 0; i < con.premise.length; i++) {
    if (selectedIn(model, assign, con.premise[i]!) !== true) return true;
  }
  if (con.kind === 'excludes') return false;
  for (let i = 0; i < con.conclusion.length; i++) {
    if (selectedIn(model, assign, con.conclusion[i]!) !== false) return true;
  }
  return false;
}

/** Whether a need constraint can still hold under a partial assignment (-1 = unassigned). */
export function needAllows(model: Model, con: NeedConstraint, assign: Int32Array): boolean {
  if (assign[con.variable] !== con.answer) return true;
  for (let i = 0; i < con.conclusion.length; i++) {
    if (selectedIn(model, assign, con.conclusion[i]!) !== false) return true;
  }
  return false;
}

/** The value `next` must take given `prev`'s and `group`'s values, or -1 when the sum is out of range. */
export function sumTarget(con: SumConstraint, prevValue: number, groupValue: number): number {
  let base = 0;
  if (con.activeAnswers) {
    if (!con.activeAnswers[prevValue]) return con.off;
  } else if (con.prevSums) {
    if (prevValue === con.prevOff) return con.off;
    base = con.prevSums[prevValue]!;
  }
  const d = con.group >= 0 ? con.demand[groupValue]! : 0;
  return con.nextIndex.get(base + d) ?? -1;
}

const demandValuesCache = new WeakMap<SumConstraint, Map<number, Int32Array>>();

/** The values of the link's group with each net demand. */
function demandValues(con: SumConstraint): Map<number, Int32Array> {
  let map = demandValuesCache.get(con);
  if (!map) {
    const lists = new Map<number, number[]>();
    con.demand.forEach((d, v) => {
      const list = lists.get(d) ?? [];
      list.push(v);
      lists.set(d, list);
    });
    map = new Map([...lists].map(([d, l]) => [d, Int32Array.from(l)] as const));
    demandValuesCache.set(con, map);
  }
  return map;
}

const NONE = new Int32Array(0);

/**
 * The values variable `v` of a link can take when the link's two other variables are assigned
 * (null when they are not): the link is functional, so the search need not try the others.
 */
export function sumCandidates(con: SumConstraint, v: number, assign: Int32Array): Int32Array | null {
  if (v === con.prev) {
    const g = con.group >= 0 ? assign[con.group]! : 0;
    const n = assign[con.next]!;
    if (g < 0 || n < 0) return null;
    const want = n === con.off ? null : con.nextSums[n]! - (con.group >= 0 ? con.demand[g]! : 0);
    if (con.activeAnswers) {
      // A need variable: its active answers start the sum at 0, the others switch the rule off.
      const out: number[] = [];
      con.activeAnswers.forEach((on, a) => {
        if (on ? want === 0 : want === null) out.push(a);
      });
      return Int32Array.from(out);
    }
    if (want === null) return Int32Array.of(con.prevOff);
    const k = con.prevIndex.get(want);
    return k === undefined ? NONE : Int32Array.of(k);
  }
  const p = con.prev >= 0 ? assign[con.prev]! : 0;
  if (p < 0) return null;
  if (v === con.next) {
    const g = con.group >= 0 ? assign[con.group]! : 0;
    if (g < 0) return null;
    const t = sumTarget(con, p, g);
    return t < 0 ? NONE : Int32Array.of(t);
  }
  if (v === con.group) {
    const n = assign[con.next]!;
    if (n < 0) return null;
    const off = con.activeAnswers ? !con.activeAnswers[p] : con.prevSums !== null && p === con.prevOff;
    if (off || n === con.off) return off && n === con.off ? null : NONE;
    const base = con.prevSums ? con.prevSums[p]! : 0;
    return demandValues(con).get(con.nextSums[n]! - base) ?? NONE;
  }
  return null;
}

/** Whether a sum link can still hold under a partial assignment (-1 = unassigned); exact when all are set. */
export function sumAllows(con: SumConstraint, assign: Int32Array): boolean {
  const p = con.prev >= 0 ? assign[con.prev]! : 0;
  const g = con.group >= 0 ? assign[con.group]! : 0;
  const n = assign[con.next]!;
  if (p >= 0 && g >= 0) {
    const t = sumTarget(con, p, g);
    return t >= 0 && (n < 0 || n === t);
  }
  if (n < 0) return true;
  if (g >= 0) {
    // prev unassigned: an OFF `next` needs an OFF (or inactive) prev, which always exists.
    if (n === con.off) return true;
    const need = con.nextSums[n]! - (con.group >= 0 ? con.demand[g]! : 0);
    return con.prevSums ? con.prevIndex.has(need) : need === 0;
  }
  if (p >= 0) {
    const off = con.activeAnswers ? !con.activeAnswers[p] : con.prevSums !== null && p === con.prevOff;
    if (off || n === con.off) return off && n === con.off;
    const base = con.prevSums ? con.prevSums[p]! : 0;
    return demandValues(con).has(con.nextSums[n]! - base);
  }
  return true;
}
