/**
 * Why a price differs from last time, line by line: every price line of the last order is
 * matched with today's (by `ref`: "base" or "group.choice"). A choice that came or went, one
 * replaced by another, and a choice kept whose price changed each explain their share; whatever
 * the lines do not account for (none, when every total is the sum of its lines) is one more
 * share. So the shares always add up to the difference. Pure.
 */

/** One price line as kept with an order: what the choice (or the base price) cost. */
export interface PriceLineAmount {
  ref: string;
  amount: number;
}

export interface PriceExplanation {
  /**
   * `price-changed`: kept, at another price; `added`/`removed`: came or went; `replaced`: one
   * choice in place of another; `other`: what the lines do not account for.
   */
  kind: 'price-changed' | 'added' | 'removed' | 'replaced' | 'other';
  /** The line today ("base" or "group.choice"); for `removed` the line that went; absent for `other`. */
  ref?: string;
  /** For `replaced`: the choice it replaced. */
  replaces?: string;
  /** What it cost last time (absent for `added`). */
  from?: number;
  /** What it costs today (absent for `removed`). */
  to?: number;
  /** Its share of the difference, in minor units (negative: cheaper). */
  amount: number;
}

interface PricedOrder {
  total: number;
  lines: readonly PriceLineAmount[];
}

function amountsByRef(lines: readonly PriceLineAmount[]): Map<string, number> {
  const amounts = new Map<string, number>();
  for (const line of lines) amounts.set(line.ref, (amounts.get(line.ref) ?? 0) + line.amount);
  return amounts;
}

/**
 * The shares of `current.total - previous.total`, largest first; `replacements` pair a choice
 * that went with the one that took its place (a repair's "replaced" changes).
 */
export function explainPriceDifference(
  previous: PricedOrder,
  current: PricedOrder,
  replacements: readonly { from: string; to: string }[] = [],
): PriceExplanation[] {
  const before = amountsByRef(previous.lines);
  const now = amountsByRef(current.lines);
  const explanations: PriceExplanation[] = [];
  const paired = new Set<string>();
  for (const { from, to } of replacements) {
    if (!before.has(from) || now.has(from) || !now.has(to) || before.has(to) || paired.has(from) || paired.has(to)) continue;
    paired.add(from).add(to);
    const amount = now.get(to)! - before.get(from)!;
    explanations.push({ kind: 'replaced', ref: to, replaces: from, from: before.get(from)!, to: now.get(to)!, amount });
  }
  for (const [ref, was] of before) {
    if (paired.has(ref)) continue;
    const is = now.get(ref);
    if (is === undefined) {
      if (was !== 0) explanations.push({ kind: 'removed', ref, from: was, amount: -was });
    } else if (is !== was) explanations.push({ kind: 'price-changed', ref, from: was, to: is, amount: is - was });
  }
  for (const [ref, is] of now) {
    if (!before.has(ref) && !paired.has(ref) && is !== 0) explanations.push({ kind: 'added', ref, to: is, amount: is });
  }
  const explained = explanations.reduce((sum, e) => sum + e.amount, 0);
  const rest = current.total - previous.total - explained;
  if (rest !== 0) explanations.push({ kind: 'other', amount: rest });
  return explanations.filter((e) => e.amount !== 0).sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount));
}

/** The lines kept with an order (or a repeat order) to explain its next price against. */
export function priceLineAmounts(lines: readonly PriceLineAmount[]): PriceLineAmount[] {
  return lines.map(({ ref, amount }) => ({ ref, amount }));
}
