/**
 * The `complete` use case: one full configuration for a caller's picks, optimal for a goal
 * (`cheapest`, `needs`, `popular`), within the stated needs and the budget, at the caller's
 * prices (tier and partner price lists, the tier's perks). `popular` weighs every open group by
 * the learned order statistics, with the same speakers, tenant and k-customer floor as
 * `configure`'s recommendations. The customer's kept needs for the product apply when the
 * request states none. Free of AWS and HTTP types.
 */
import type { CallerIdentity } from '#core/caller';
import type { Tier } from '#core/catalog-document';
import { HOUSE_TENANT } from '#core/tenant';
import { ownedCustomer } from '#customers/access';
import { complete, perksList, type CompleteAnswer, type CompletionGoal, type Popularity } from '#engine/index';
import { popularityWeights } from '#recommend/popularity';
import { withPickFindings } from '#catalog/pick-findings';
import { statedNeeds, type ConfigureForCallerDeps } from './configure-for-caller.ts';
import { withOptionFindings } from './engine-findings.ts';

export type CompleteForCallerDeps = Pick<
  ConfigureForCallerDeps,
  'catalogs' | 'customers' | 'priceLists' | 'tierPerks' | 'minCustomers' | 'sharesStatistics' | 'statistics' | 'today'
>;

export interface CompleteForCallerRequest {
  productId: string;
  /** Pin a version; the current one otherwise. */
  version?: number | undefined;
  /** The picks every answer contains ("group.choice"). */
  picks: string[];
  goal: CompletionGoal;
  /** Stated answers to the catalog's need questions; the customer's kept ones when absent. */
  needs?: Readonly<Record<string, string>> | undefined;
  /** The highest total, minor units at the caller's prices. */
  budget?: number | undefined;
  /** Complete for this customer (a customer always completes as themself). */
  customerId?: string | undefined;
}

export interface CompleteForCallerAnswer extends CompleteAnswer {
  productId: string;
  version: number;
  goal: CompletionGoal;
  customerId?: string;
  tier?: Tier;
  /** The stated needs the completion respects, when any. */
  needs?: Record<string, string>;
  /** Where those needs come from: the request, or the customer's profile when the request stated none. */
  needsFrom?: 'request' | 'profile';
}

/**
 * Completes the caller's picks. Malformed picks, needs or budget are an InvalidInputError naming
 * each field; no configuration within the needs and the budget a NoConfigurationError with the
 * cheapest total possible without the budget; a foreign customer NotFoundError.
 */
export async function completeForCaller(
  deps: CompleteForCallerDeps,
  caller: CallerIdentity,
  request: CompleteForCallerRequest,
): Promise<CompleteForCallerAnswer> {
  // Customers complete as themselves; naming anyone else is answered like any foreign object: 404.
  const customerId = request.customerId ?? (caller.kind === 'customer' ? caller.customerId : undefined);
  const customer = customerId ? await ownedCustomer(caller, customerId, deps.customers) : undefined;
  const { productId, version, compiled } = await deps.catalogs.get(request.productId, request.version);
  const tenantId = customer?.tenantId ?? (caller.kind === 'admin' ? undefined : caller.tenantId);
  const [priceLists, perks] = await Promise.all([
    deps.priceLists(tenantId),
    customer ? deps.tierPerks(customer.tenantId, customer.tier) : Promise.resolve(undefined),
  ]);
  // The perks' list comes after every other, as configure applies it: an included service is free.
  const lists = customer && perks ? [...priceLists, perksList(compiled.doc, customer.tier, perks).list] : priceLists;
  const stated = statedNeeds(request.needs, customer, productId, compiled.doc);
  let popularity: Popularity | undefined;
  if (request.goal === 'popular') {
    const statisticsTenant = tenantId ?? HOUSE_TENANT;
    const [shares, minCustomers] = await Promise.all([deps.sharesStatistics(statisticsTenant), deps.minCustomers(statisticsTenant)]);
    const forCustomer = customer
      ? { customerId: customer.customerId, tier: customer.tier, doNotProfile: customer.doNotProfile }
      : undefined;
    const statistics = await deps.statistics.bundle(statisticsTenant, productId, forCustomer, shares);
    // Picks are checked by the engine below; the vote only reads the well-formed ones.
    const wellFormed = request.picks.filter((p) => p.indexOf('.') > 0);
    popularity = popularityWeights(statistics, compiled, wellFormed, {
      doNotProfile: customer?.doNotProfile ?? false,
      minCustomers,
    }).popularity;
  }
  const answer = withPickFindings(request.picks, { productId, version }, () =>
    withOptionFindings(() =>
      complete(
        compiled,
        {
          picks: request.picks,
          goal: request.goal,
          ...(stated ? { needs: stated.needs } : {}),
          ...(request.budget !== undefined ? { budget: request.budget } : {}),
          ...(popularity ? { popularity } : {}),
        },
        { tier: customer?.tier ?? null, today: deps.today(), ...(lists.length ? { priceLists: lists } : {}) },
      ),
    ),
  );
  return {
    productId,
    version,
    goal: request.goal,
    ...answer,
    ...(customer ? { customerId: customer.customerId, tier: customer.tier } : {}),
    ...(stated ? { needs: { ...stated.needs }, needsFrom: stated.from } : {}),
  };
}
