/**
 * "What changed": how the page tells a customer what today's catalog changed in something they
 * left earlier (their usual order, a configuration they saved), one line per change with why.
 * The usual-order panel and the configurator say it the same way.
 */
import type { CatalogDocument, RepeatOrderView } from './api.ts';
import { groupName } from './catalog.ts';
import { h } from './dom.ts';
import { money, priceDifference, sentence } from './format.ts';

/** One change: a remembered configuration's changes are a subset of a repeat order's. */
export type Change = RepeatOrderView['changes'][number];

/** One share of a price difference since the last order. */
export type PriceShare = NonNullable<RepeatOrderView['priceExplanation']>[number];

/**
 * "GeForce RTX 4060: the price went from €450.00 to €500.00 (+€50.00)." One sentence per share
 * of the difference; together they add up to it.
 */
export function describePriceShare(share: PriceShare, currency: string, name: (ref: string) => string): string {
  const label = (ref: string | undefined) => (ref === 'base' ? 'Base price' : ref ? name(ref) : 'Other');
  const signed = priceDifference(share.amount, currency);
  switch (share.kind) {
    case 'price-changed':
      return `${label(share.ref)}: the price went ${share.amount > 0 ? 'up' : 'down'} from ${money(share.from ?? 0, currency)} to ${money(share.to ?? 0, currency)} (${signed}).`;
    case 'replaced':
      return `${label(share.ref)} in place of ${label(share.replaces)}: ${money(share.to ?? 0, currency)} instead of ${money(share.from ?? 0, currency)} (${signed}).`;
    case 'added':
      return `${label(share.ref)} added (${signed}).`;
    case 'removed':
      return `${label(share.ref)} no longer included (${signed}).`;
    case 'other':
      return `Other price changes (${signed}).`;
  }
}

/**
 * "Keyboard layout: Nordic is no longer included. Why: Nordic is no longer offered." `name`
 * finds a choice's name in today's catalog or the one the customer chose from; the API's reason
 * names a deleted choice by its reference, which reads better as its name.
 */
export function describeChange(change: Change, document: CatalogDocument, name: (ref: string) => string): string {
  const group = groupName(document, change.group);
  const reason = change.from ? change.reason.replaceAll(change.from, name(change.from)) : change.reason;
  const why = `Why: ${sentence(reason)}`;
  switch (change.kind) {
    case 'replaced':
      return `${group}: ${change.from ? name(change.from) : 'your choice'} is replaced by ${change.to ? name(change.to) : 'another choice'}. ${why}`;
    case 'dropped':
      return `${group}: ${change.from ? name(change.from) : 'your choice'} is no longer included. ${why}`;
    case 'added':
      return `${group}: ${change.to ? name(change.to) : 'a choice'} is added. ${why}`;
    case 'preference':
      return `${group}: now ${change.to ? name(change.to) : 'your preference'}${change.from ? ` instead of ${name(change.from)}` : ''}. ${why}`;
  }
}

/** The "What changed …" box: a heading and one line per change. */
export function changesBox(
  heading: HTMLElement,
  changes: readonly Change[],
  document: CatalogDocument,
  name: (ref: string) => string,
  ...after: HTMLElement[]
): HTMLElement {
  return h(
    'div',
    { class: 'changes' },
    heading,
    h(
      'ul',
      {},
      changes.map((change) => h('li', {}, describeChange(change, document, name))),
    ),
    ...after,
  );
}
