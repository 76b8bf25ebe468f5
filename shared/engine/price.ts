/**
 * Pricing: catalog list prices, then the caller's tier price list, then partner price lists in
 * order. Integer minor units only.
 */
import type { CatalogDocument, PriceList, PriceListEntry, Tier } from '#core/catalog-document';
import type { Perks, PriceBreakdown, PriceLine } from './types.ts';

/** A price after price lists, and the last list that changed it. */
export interface Priced {
  amount: number;
  priceList?: string;
}

/** Rounds half away from zero, so -0.5 and 0.5 move symmetrically (money must not drift). */
function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function entryFor(list: PriceList, target: string): PriceListEntry | undefined {
  // Within one list, the target's own entry beats the catch-all `*` (except for `base`).
  let any: PriceListEntry | undefined;
  for (const e of list.entries) {
    if (e.target === target) return e;
    if (e.target === '*' && target !== 'base' && any === undefined) any = e;
  }
  return any;
}

/** The price lists that apply to a caller: the catalog's list for its tier, then the partner lists. */
export function applicableLists(doc: CatalogDocument, tier: Tier | null, partnerLists: readonly PriceList[] = []): PriceList[] {
  const tierList = tier === null ? undefined : doc.priceLists?.find((l) => l.tier === tier);
  return [...(tierList ? [tierList] : []), ...partnerLists];
}

/** The id of the price list a tier's perks make (`perks-A`): price lines name it. */
export function perksListId(tier: Tier): string {
  return `perks-${tier}`;
}

/**
 * The price list of a tier's perks: every included choice the catalog has (and has not
 * retired) at 0, applied after every other list, so "included" means included whatever the
 * catalog or a partner charges. The choices it names, in the perks' order, without repeats.
 */
export function perksList(doc: CatalogDocument, tier: Tier, perks: Perks): { list: PriceList; included: string[] } {
  const offered = new Set(doc.groups.flatMap((g) => g.choices.filter((c) => !c.retired).map((c) => `${g.id}.${c.id}`)));
  const included = [...new Set(perks.includedServices)].filter((ref) => offered.has(ref));
  return {
    list: { id: perksListId(tier), name: `${perks.label} perks`, entries: included.map((target) => ({ target, price: 0 })) },
    included,
  };
}

/**
 * Applies the lists in order to one target ("base" or "group.choice"): an absolute entry sets the
 * price, a percent entry adjusts the LIST price by a whole percentage (so lists do not compound).
 */
export function priceOf(listAmount: number, target: string, lists: readonly PriceList[]): Priced {
  let result: Priced = { amount: listAmount };
  for (const list of lists) {
    const entry = entryFor(list, target);
    if (!entry) continue;
    const amount = 'price' in entry ? entry.price : listAmount + roundHalfAwayFromZero((listAmount * entry.percent) / 100);
    result = { amount, priceList: list.id };
  }
  return result;
}

/** The price breakdown of a selection: one line for the base, one per selected choice. */
export function priceBreakdown(
  doc: CatalogDocument,
  selected: readonly { ref: string; label: string; listAmount: number }[],
  lists: readonly PriceList[],
): PriceBreakdown {
  const lines: PriceLine[] = [];
  const line = (ref: string, label: string, listAmount: number): void => {
    const p = priceOf(listAmount, ref, lists);
    lines.push({ ref, label, listAmount, amount: p.amount, ...(p.priceList ? { priceList: p.priceList } : {}) });
  };
  line('base', doc.name, doc.basePrice);
  for (const s of selected) line(s.ref, s.label, s.listAmount);
  return { currency: doc.currency, total: lines.reduce((sum, l) => sum + l.amount, 0), lines };
}
