/**
 * The pre-assembled repeat order, re-checked against today's catalog. Pure: given what was
 * stored when the last order was placed, the current compiled catalog and the customer's
 * current preferences, it says whether the order is `ready`, `repaired` (what changed, why,
 * and the price difference) or `needs-attention` (what the customer must decide).
 */
import { configure, type CompiledCatalog, type ConfigureAnswer, type Perks, type Tier } from '#engine/index';
import { SERVICE_PREFERENCES, type Preferences } from '#customers/profile';
import type { CatalogDocument, PriceList } from '#core/catalog-document';
import { groupOfPreference } from '#core/service-roles';
import { choiceRef, groupOfRef } from '#core/choice-ref';
import { changesOfRepair, dropUnknownPicks } from '#catalog/reconcile-picks';
import { explainPriceDifference, type PriceExplanation, type PriceLineAmount } from './price-difference.ts';

export interface RepeatOrderChange {
  kind: 'replaced' | 'dropped' | 'added' | 'preference';
  group: string;
  /** The pick that went away, if any. */
  from?: string;
  /** The pick that came in, if any. */
  to?: string;
  reason: string;
}

export interface RepeatOrderView {
  productId: string;
  status: 'ready' | 'repaired' | 'needs-attention';
  catalogVersion: number;
  /** The catalog version the order was assembled under. */
  assembledUnder: number;
  picks: string[];
  changes: RepeatOrderChange[];
  /** Groups the customer must decide (only when `needs-attention`). */
  decisions: { group: string; message: string; options: string[] }[];
  price: ConfigureAnswer['price'];
  previousTotal: number;
  priceDifference: number;
  /**
   * Every share of `priceDifference`: choices that came, went or were replaced, and kept choices
   * whose price changed. Absent for a repeat order kept before the price lines were.
   */
  priceExplanation?: PriceExplanation[];
  dates: ConfigureAnswer['dates'];
  buildSheet: ConfigureAnswer['buildSheet'];
}

export interface RepeatOrderInput {
  productId: string;
  stored: {
    catalogVersion: number;
    picks: string[];
    explicitPicks: string[];
    preferences: Pick<Preferences, 'packaging' | 'invoice' | 'delivery'>;
    total: number;
    /** The price lines of `total`. */
    priceLines?: PriceLineAmount[];
    repair?: { changes: RepeatOrderChange[]; previousTotal: number; previousVersion: number; previousLines?: PriceLineAmount[] };
  };
  compiled: CompiledCatalog;
  catalogVersion: number;
  preferences: Preferences;
  tier: Tier | null;
  /** The tenant's own price lists (a partner's). */
  priceLists?: PriceList[];
  /** The perks of the customer's tier in their tenant (applied after every price list). */
  perks?: Perks;
  today: string;
}

export function assembleRepeatOrder(input: RepeatOrderInput): RepeatOrderView {
  const { compiled, stored } = input;
  const doc = compiled.doc;
  const changes: RepeatOrderChange[] = [];
  let picks: string[];

  // Picks that name a group or choice the catalog no longer has cannot even be judged.
  const known = dropUnknownPicks(doc, stored.picks);
  changes.push(...known.dropped);
  picks = known.picks;

  // Preferences changed since the last order apply to their service groups.
  for (const name of SERVICE_PREFERENCES) {
    const wanted = input.preferences[name];
    if (!wanted || wanted === stored.preferences[name]) continue;
    const group = groupOfPreference(doc, name);
    const choice = group?.choices.find((c) => c.id === wanted && !c.retired);
    if (!group || !choice) continue;
    const previous = picks.find((p) => groupOfRef(p) === group.id);
    if (previous === choiceRef(group.id, wanted)) continue;
    picks = [...picks.filter((p) => groupOfRef(p) !== group.id), choiceRef(group.id, wanted)];
    changes.push({
      kind: 'preference',
      group: group.id,
      ...(previous ? { from: previous } : {}),
      to: choiceRef(group.id, wanted),
      reason: `your preferred ${group.name?.toLowerCase() ?? name} is now ${choice.name ?? wanted}`,
    });
  }

  const keepFirst = [...changes.filter((c) => c.kind === 'preference').map((c) => c.to!), ...stored.explicitPicks];
  const options = {
    tier: input.tier,
    today: input.today,
    keepFirst,
    ...(input.priceLists?.length ? { priceLists: input.priceLists } : {}),
    ...(input.perks ? { perks: input.perks } : {}),
  };
  let answer = configure(compiled, picks, options);
  if (!answer.valid && answer.repair) {
    changes.push(...changesOfRepair(answer.repair));
    picks = answer.repair.picks;
    answer = configure(compiled, picks, options);
  }

  // Fill required groups left empty: the only possible choice, else the catalog's default.
  const decisions: RepeatOrderView['decisions'] = [];
  for (let round = 0; round < doc.groups.length && !answer.complete; round++) {
    const group = answer.groups.find((g) => {
      const definition = doc.groups.find((d) => d.id === g.id)!;
      return picks.filter((p) => groupOfRef(p) === g.id).length < definition.min && !decisions.some((d) => d.group === g.id);
    });
    if (!group) break;
    const definition = doc.groups.find((d) => d.id === group.id)!;
    const forced = group.choices.find((c) => c.state === 'forced');
    const fallback = forced ?? group.choices.find((c) => c.state === 'available' && definition.choices.find((d) => d.id === c.id)?.default);
    if (!fallback) {
      decisions.push({
        group: group.id,
        message: `choose a ${definition.name?.toLowerCase() ?? group.id}`,
        options: group.choices.filter((c) => c.state === 'available').map((c) => choiceRef(group.id, c.id)),
      });
      continue;
    }
    picks = [...picks, choiceRef(group.id, fallback.id)];
    changes.push({
      kind: 'added',
      group: group.id,
      to: choiceRef(group.id, fallback.id),
      reason: forced
        ? 'the only choice left that fits the rest of the order'
        : "the catalog's standard choice, in place of one no longer available",
    });
    answer = configure(compiled, picks, options);
  }

  // Changes made by an earlier re-assembly still count until the customer orders again.
  const earlier = stored.repair;
  const allChanges = earlier ? [...earlier.changes, ...changes] : changes;
  const previousTotal = earlier?.previousTotal ?? stored.total;
  const previousLines = earlier ? earlier.previousLines : stored.priceLines;
  const replacements = allChanges.flatMap((c) => (c.kind !== 'added' && c.from && c.to ? [{ from: c.from, to: c.to }] : []));
  const status = decisions.length || !answer.complete ? 'needs-attention' : allChanges.length ? 'repaired' : 'ready';
  return {
    productId: input.productId,
    status,
    catalogVersion: input.catalogVersion,
    assembledUnder: earlier?.previousVersion ?? stored.catalogVersion,
    picks,
    changes: allChanges,
    decisions,
    price: answer.price,
    previousTotal,
    priceDifference: answer.price.total - previousTotal,
    ...(previousLines
      ? { priceExplanation: explainPriceDifference({ total: previousTotal, lines: previousLines }, answer.price, replacements) }
      : {}),
    dates: answer.dates,
    buildSheet: answer.buildSheet,
  };
}

/**
 * The picks a customer made themself: all but service picks that merely follow a preference.
 * With the catalog, the preference's group is the group of its role; without it, the group named
 * like the preference (catalogs written before roles).
 */
export function explicitPicksOf(picks: readonly string[], preferences: Preferences, doc?: Pick<CatalogDocument, 'groups'>): string[] {
  const followed = new Set(
    SERVICE_PREFERENCES.flatMap((name) => {
      const preferred = preferences[name];
      const groupId = doc ? groupOfPreference(doc, name)?.id : name;
      return preferred && groupId ? [choiceRef(groupId, preferred)] : [];
    }),
  );
  return picks.filter((pick) => !followed.has(pick));
}
