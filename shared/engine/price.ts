/**
 * Pricing: catalog list prices, then the caller's tier price list, then partner price lists in
 * order. Integer minor units only.
 */
import type { CatalogDocument, PriceList, PriceListEntry, Tier } from '#core/catalog-document';
import type { CompiledCatalog } from './compiled.ts';
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

/** The caller's prices over the compiled form: the base and the cost of every value of every group. */
export interface CallerCosts {
  /** The base price after price lists. */
  readonly base: number;
  /** Per model variable: the price of each value (the sum of its choices), null when all are 0. */
  readonly values: (Float64Array | null)[];
  /** Per component: 1 when nothing in it costs anything (its cheapest completion is always 0). */
  readonly free: Uint8Array;
  /** Per global choice: its price for this caller. */
  readonly choice: Float64Array;
}

const costsCache = new WeakMap<CompiledCatalog, Map<string, CallerCosts>>();

/**
 * The caller's prices of every choice and value (one `priceOf` per choice), cached per catalog
 * and price lists (by content: a partner's lists arrive as new objects with every request).
 */
export function callerCosts(compiled: CompiledCatalog, lists: readonly PriceList[]): CallerCosts {
  const key = lists.length === 0 ? '' : JSON.stringify(lists);
  let byLists = costsCache.get(compiled);
  if (!byLists) costsCache.set(compiled, (byLists = new Map()));
  let costs = byLists.get(key);
  if (!costs) {
    costs = computeCallerCosts(compiled, lists);
    if (byLists.size > 32) byLists.clear();
    byLists.set(key, costs);
  }
  return costs;
}

function computeCallerCosts(compiled: CompiledCatalog, lists: readonly PriceList[]): CallerCosts {
  const { model, doc } = compiled;
  const choice = new Float64Array(model.choiceCount);
  const values: (Float64Array | null)[] = new Array(model.vars.length).fill(null);
  const free = new Uint8Array(compiled.components.length).fill(1);
  for (const gm of model.groups) {
    let any = false;
    gm.group.choices.forEach((c, i) => {
      const amount = priceOf(c.price, `${gm.id}.${c.id}`, lists).amount;
      choice[gm.firstChoice + i] = amount;
      if (amount !== 0) any = true;
    });
    if (!any) continue;
    values[gm.index] = Float64Array.from(gm.values, (members) => members.reduce((sum, c) => sum + choice[gm.firstChoice + c]!, 0));
    free[compiled.componentOf[gm.index]!] = 0;
  }
  return { base: priceOf(doc.basePrice, 'base', lists).amount, values, free, choice };
}

const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

/**
 * An amount in minor units as people read it, in English: `€1,249` for a whole amount,
 * `€1,249.50` otherwise (the currency's own number of minor digits).
 */
export function formatMoney(amount: number, currency: string): string {
  let entry = formats.get(currency);
  if (!entry) {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    entry = {
      format: new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: digits }),
      digits,
    };
    formats.set(currency, entry);
  }
  const scale = 10 ** entry.digits;
  const major = amount / scale;
  const whole = Number.isInteger(major);
  return whole
    ? entry.format.format(major)
    : new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: entry.digits }).format(major);
}
