/**
 * A choice is named "group.choice" everywhere: in picks, rules, price lists, orders and the
 * page. Ids never contain a dot (see `IdSchema`), so the first dot splits the two. This is the
 * one place that parses and formats such a reference.
 */

/** The two ids of a "group.choice" reference. */
export interface ChoiceRef {
  group: string;
  choice: string;
}

/** Formats a reference: `choiceRef('cpu', 'i7')` is `"cpu.i7"`. */
export function choiceRef(group: string, choice: string): string {
  return `${group}.${choice}`;
}

/**
 * Parses a reference; `undefined` unless it is exactly two non-empty ids around one dot (the
 * schema's `ChoiceRefSchema` reports the details of a malformed one).
 */
export function parseChoiceRef(ref: string): ChoiceRef | undefined {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1 || ref.indexOf('.', dot + 1) >= 0) return undefined;
  return { group: ref.slice(0, dot), choice: ref.slice(dot + 1) };
}

/** The group id of a reference (everything before the first dot; the whole string without one). */
export function groupOfRef(ref: string): string {
  const dot = ref.indexOf('.');
  return dot < 0 ? ref : ref.slice(0, dot);
}

/** The choice id of a reference (everything after the first dot; empty without one). */
export function choiceOfRef(ref: string): string {
  const dot = ref.indexOf('.');
  return dot < 0 ? '' : ref.slice(dot + 1);
}
