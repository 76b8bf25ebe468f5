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
 */
import type { CatalogDocument, Group, Rule } from '#core/catalog-document';
import { CatalogTooComplexError } from './errors.ts';
import { parseChoiceRef } from '#core/choice-ref';

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

export type ConstraintModel = TableConstraint | LogicConstraint;

export interface Model {
  readonly doc: CatalogDocument;
  readonly groups: readonly GroupModel[];
  readonly groupIndex: ReadonlyMap<string, number>;
  readonly choiceCount: number;
  /** Group of each global choice. */
  readonly choiceGroup: Int32Array;
  readonly constraints: readonly ConstraintModel[];
  readonly rules: readonly Rule[];
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
 * Builds the model. References to unknown groups or choices (which catalog validation rejects
 * before publishing) are read leniently: a table column of an unknown group is ignored, a
 * table cell naming an unknown choice matches nothing, a requires/excludes naming an unknown
 * choice never fires.
 */
export function buildModel(doc: CatalogDocument, valueBudget: number): Model {
  const groups: GroupModel[] = [];
  let next = 0;
  doc.groups.forEach((g, i) => {
    const model = buildGroup(g, i, next, valueBudget);
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
    if (rule.type === 'table') {
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
  return { doc, groups, groupIndex, choiceCount: next, choiceGroup, constraints, rules };
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
