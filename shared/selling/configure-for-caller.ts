/**
 * The `configure` use case: the engine's answer for a caller's picks on a published catalog,
 * with the caller's prices and the perks of the customer's tier, the customer's preferences
 * pre-filled in the service groups they have not picked, a recommendation for every open group,
 * and on a customer-facing call the drip questions of the customer's contact. Free of AWS and
 * HTTP types.
 */
import type { CallerIdentity } from '#core/caller';
import { choiceRef, groupOfRef } from '#core/choice-ref';
import type { CatalogDocument, PriceList, Tier } from '#core/catalog-document';
import { groupOfPreference } from '#core/service-roles';
import { HOUSE_TENANT } from '#core/tenant';
import { ownedCustomer, type CustomerLookup } from '#customers/access';
import { contactOf, contactQuestions, needQuestionsOf } from '#customers/contacts';
import type { Question } from '#customers/questions';
import { SERVICE_PREFERENCES, type CustomerProfile } from '#customers/profile';
import { configure, type ConfigureAnswer, type Perks } from '#engine/index';
import { recommendedChoices, type RecommendedChoice } from '#recommend/configure-recommendations';
import type { StatsBundle } from '#recommend/recommend';
import type { RecommendedFor } from '#recommend/statistics-reader';
import type { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { withPickFindings } from '#catalog/pick-findings';
import { withOptionFindings } from './engine-findings.ts';

export interface ConfigureForCallerDeps {
  catalogs: Pick<CompiledCatalogs, 'get'>;
  customers: CustomerLookup;
  /** The tenant's own price lists (a partner's), applied after the tier's. */
  priceLists(tenantId: string | undefined): Promise<PriceList[]>;
  /** The perks of a tier in a tenant (its settings, or the defaults), applied after every price list. */
  tierPerks(tenantId: string, tier: Tier): Promise<Perks>;
  /** How many days apart a tier's contacts may offer drip questions (its perks). */
  questionCadence(tenantId: string, tier: Tier): Promise<number>;
  /** The tenant's k-customer floor of recommendations. */
  minCustomers(tenantId: string): Promise<number>;
  sharesStatistics(tenantId: string): Promise<boolean>;
  statistics: { bundle(tenantId: string, productId: string, customer?: RecommendedFor, shares?: boolean): Promise<StatsBundle> };
  /** Today's date (ISO), the dates are promised from. */
  today(): string;
  /** Told when recommending failed: the answer goes out without recommendations. */
  onRecommendationError(error: unknown): void;
}

export interface ConfigureForCallerRequest {
  productId: string;
  /** Pin a version; the current one otherwise. */
  version?: number;
  picks: string[];
  /** Picks in the order the caller most wants to keep them when a repair is needed. */
  keepFirst?: string[];
  /** Configure for this customer (a customer always configures as themself). */
  customerId?: string;
  /** A partner's call made in front of the customer (`X-Customer-Present: true`). */
  customerPresent?: boolean;
  /** When the call happens (the contact's time). */
  now?: Date;
  /** The highest total, minor units at the caller's prices: dearer choices are excluded with figures. */
  budget?: number;
  /** Stated answers to the catalog's need questions (answer id by question id). */
  needs?: Readonly<Record<string, string>>;
}

/** A pick the product filled in from the customer's preferences. */
export interface PrefilledPick {
  pick: string;
  source: 'preference';
}

export interface ConfigureForCallerAnswer extends ConfigureAnswer {
  productId: string;
  version: number;
  groups: (ConfigureAnswer['groups'][number] & { recommended?: RecommendedChoice })[];
  customerId?: string;
  tier?: Tier;
  /** On a customer-facing call for a customer: the questions of their contact (at most two per contact). */
  questions?: Question[];
  prefilled: PrefilledPick[];
  /** The stated needs the answer was judged with, when any. */
  needs?: Record<string, string>;
  /** Where those needs come from: the request, or the customer's profile when the request stated none. */
  needsFrom?: 'request' | 'profile';
}

export async function configureForCaller(
  deps: ConfigureForCallerDeps,
  caller: CallerIdentity,
  request: ConfigureForCallerRequest,
): Promise<ConfigureForCallerAnswer> {
  // Customers configure as themselves; naming anyone else is answered like any foreign object: 404.
  const customerId = request.customerId ?? (caller.kind === 'customer' ? caller.customerId : undefined);
  const customer = customerId ? await ownedCustomer(caller, customerId, deps.customers) : undefined;
  const { productId, version, compiled } = await deps.catalogs.get(request.productId, request.version);
  // Preferences fill the service groups the customer has not picked, if the catalog offers the choice.
  const prefilled: PrefilledPick[] = SERVICE_PREFERENCES.flatMap((name) => {
    const choice = customer?.preferences[name];
    const group = groupOfPreference(compiled.doc, name);
    if (!choice || !group || request.picks.some((p) => groupOfRef(p) === group.id)) return [];
    const offered = group.choices.some((c) => c.id === choice && !c.retired);
    return offered ? [{ pick: choiceRef(group.id, choice), source: 'preference' as const }] : [];
  });
  const picks = [...request.picks, ...prefilled.map((p) => p.pick)];
  const tenantId = customer?.tenantId ?? (caller.kind === 'admin' ? undefined : caller.tenantId);
  const statisticsTenant = tenantId ?? HOUSE_TENANT;
  const [priceLists, shares, minCustomers, perks, contact] = await Promise.all([
    deps.priceLists(tenantId),
    deps.sharesStatistics(statisticsTenant),
    deps.minCustomers(statisticsTenant),
    customer ? deps.tierPerks(customer.tenantId, customer.tier) : Promise.resolve(undefined),
    customer
      ? contactOf(caller, request.customerPresent ?? false, customer, (t, tier) => deps.questionCadence(t, tier), request.now ?? new Date())
      : Promise.resolve(undefined),
  ]);
  const forCustomer = customer ? { customerId: customer.customerId, tier: customer.tier, doNotProfile: customer.doNotProfile } : undefined;
  const statistics = await deps.statistics.bundle(statisticsTenant, productId, forCustomer, shares);
  const stated = statedNeeds(request.needs, customer, productId, compiled.doc);
  const answer = withPickFindings(picks, { productId, version }, () =>
    withOptionFindings(() =>
      configure(compiled, picks, {
        tier: customer?.tier ?? null,
        today: deps.today(),
        ...(priceLists.length ? { priceLists } : {}),
        ...(perks ? { perks } : {}),
        keepFirst: [...(request.keepFirst ?? request.picks)],
        ...(request.budget !== undefined ? { budget: request.budget } : {}),
        ...(stated ? { needs: stated.needs } : {}),
      }),
    ),
  );
  let groups: ConfigureForCallerAnswer['groups'] = answer.groups;
  try {
    groups = recommendedChoices(statistics, compiled, picks, answer, { doNotProfile: customer?.doNotProfile ?? false, minCustomers });
  } catch (error) {
    // Recommending is a convenience: without it the answer is still whole.
    deps.onRecommendationError(error);
  }
  return {
    productId,
    version,
    ...answer,
    groups,
    ...(customer ? { customerId: customer.customerId, tier: customer.tier } : {}),
    // What the contact's next recorded call will record: the configurator itself only reads.
    ...(customer && contact
      ? {
          questions: contactQuestions(customer, contact, undefined, await needQuestionsOf(customer, (id) => deps.catalogs.get(id)))
            .questions,
        }
      : {}),
    prefilled,
    ...(stated ? { needs: { ...stated.needs }, needsFrom: stated.from } : {}),
  };
}

/**
 * The needs a request is judged with: the request's own, else those the customer keeps on their
 * profile for this product that the current catalog still asks (none for a customer who asked
 * not to be profiled).
 */
export function statedNeeds(
  requested: Readonly<Record<string, string>> | undefined,
  customer: Pick<CustomerProfile, 'needs' | 'doNotProfile'> | undefined,
  productId: string,
  doc: Pick<CatalogDocument, 'needs'>,
): { needs: Readonly<Record<string, string>>; from: 'request' | 'profile' } | undefined {
  if (requested !== undefined) return { needs: requested, from: 'request' };
  const kept = customer && !customer.doNotProfile ? customer.needs?.[productId] : undefined;
  // Kept needs were checked when saved; a later catalog version may have dropped a question or
  // an answer: those are left out, never an error for the customer.
  const current = Object.fromEntries(
    Object.entries(kept ?? {}).filter(([q, a]) => doc.needs?.some((n) => n.id === q && n.answers.some((x) => x.id === a))),
  );
  return Object.keys(current).length > 0 ? { needs: current, from: 'profile' } : undefined;
}
