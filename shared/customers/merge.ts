/**
 * Merging two records of one person (the same customer created twice, under two addresses).
 * The kept record absorbs the duplicate's figures, fills its gaps from the duplicate's
 * contact details, preferences and answers, and lists the duplicate's orders with its own;
 * the duplicate stays, marked `mergedInto`, so its history and sign-in lead to the kept one.
 * Pure: the store applies the result in one transaction.
 */
import type { CallerIdentity } from '#core/caller';
import { InvalidInputError } from '#core/errors';
import { planPersonalStatisticsMerge, type PersonalStatisticsItem, type PersonalStatisticsWrite } from '#recommend/learning';
import { ownedCustomer, type CustomerLookup } from './access.ts';
import type { CustomerProfile } from './profile.ts';

export interface MergePlan {
  /** The kept profile's new fields. */
  kept: Partial<CustomerProfile>;
  /** Product ids whose remembered configuration and repeat order the kept record lacks and takes over. */
  adoptProducts: string[];
  /** Each record's opt-out as read: the merge must not land if either changed meanwhile. */
  readOptOut: { kept: boolean; duplicate: boolean };
}

const CONTACT_FIELDS = ['name', 'email', 'phone', 'company', 'externalRef'] as const;

export function planMerge(
  kept: CustomerProfile,
  duplicate: CustomerProfile,
  keptProducts: string[],
  duplicateProducts: string[],
): MergePlan {
  const problems = [];
  if (kept.customerId === duplicate.customerId)
    problems.push({ path: ['duplicateId'], code: 'same-customer', message: 'a customer cannot be merged into themself' });
  if (kept.tenantId !== duplicate.tenantId)
    problems.push({ path: ['duplicateId'], code: 'other-tenant', message: 'both records must belong to the same tenant' });
  if (kept.mergedInto || duplicate.mergedInto)
    problems.push({ path: ['duplicateId'], code: 'already-merged', message: 'one of the records was already merged into another' });
  if (problems.length) throw new InvalidInputError('these records cannot be merged', problems);

  const contact: Partial<CustomerProfile> = {};
  for (const field of CONTACT_FIELDS) if (kept[field] === undefined && duplicate[field] !== undefined) contact[field] = duplicate[field];
  const lastOrderAt = [kept.lastOrderAt, duplicate.lastOrderAt]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  return {
    kept: {
      ...contact,
      preferences: { ...duplicate.preferences, ...kept.preferences },
      answers: { ...duplicate.answers, ...kept.answers },
      // Kept needs follow the answers; a record that asked not to be profiled keeps none.
      ...(kept.needs || duplicate.needs
        ? { needs: kept.doNotProfile || duplicate.doNotProfile ? {} : { ...duplicate.needs, ...kept.needs } }
        : {}),
      doNotProfile: kept.doNotProfile || duplicate.doNotProfile,
      orderCount: kept.orderCount + duplicate.orderCount,
      lifetimeValue: kept.lifetimeValue + duplicate.lifetimeValue,
      recentOrders: [...kept.recentOrders, ...duplicate.recentOrders].sort((a, b) => a.at.localeCompare(b.at)),
      ...(lastOrderAt ? { lastOrderAt } : {}),
      mergedFrom: [...kept.mergedFrom, duplicate.customerId, ...duplicate.mergedFrom],
    },
    adoptProducts: duplicateProducts.filter((p) => !keptProducts.includes(p)),
    readOptOut: { kept: kept.doNotProfile, duplicate: duplicate.doNotProfile },
  };
}

/** What merging needs from storage. */
export interface MergeStore extends CustomerLookup {
  rememberedProducts(tenantId: string, customerId: string): Promise<string[]>;
  /** Applies the plan and the statistics writes in one transaction; a record changed meanwhile → ConflictError. */
  merge(
    tenantId: string,
    keptId: string,
    duplicateId: string,
    plan: MergePlan,
    statisticsWrites: readonly PersonalStatisticsWrite[],
  ): Promise<void>;
}

/** Where a customer's own order statistics are read (one item per product). */
export interface PersonalStatisticsSource {
  personalItems(tenantId: string, customerId: string): Promise<PersonalStatisticsItem[]>;
}

/**
 * `POST /admin/customers/{customerId}/merge`: merges the duplicate into the kept record, their
 * personal statistics with them, in one transaction. Returns the kept record as it is now.
 */
export async function mergeCustomers(
  deps: { customers: MergeStore; statistics: PersonalStatisticsSource },
  caller: CallerIdentity,
  keptId: string,
  duplicateId: string,
): Promise<CustomerProfile> {
  const { customers, statistics } = deps;
  const [kept, duplicate] = await Promise.all([ownedCustomer(caller, keptId, customers), ownedCustomer(caller, duplicateId, customers)]);
  const [keptProducts, duplicateProducts, keptItems, duplicateItems] = await Promise.all([
    customers.rememberedProducts(kept.tenantId, kept.customerId),
    customers.rememberedProducts(duplicate.tenantId, duplicate.customerId),
    statistics.personalItems(kept.tenantId, kept.customerId),
    statistics.personalItems(duplicate.tenantId, duplicate.customerId),
  ]);
  const plan = planMerge(kept, duplicate, keptProducts, duplicateProducts);
  const writes = planPersonalStatisticsMerge(
    { keptId: kept.customerId, duplicateId: duplicate.customerId },
    { kept: keptItems, duplicate: duplicateItems },
    plan.kept.doNotProfile === true,
  );
  await customers.merge(kept.tenantId, kept.customerId, duplicate.customerId, plan, writes);
  return ownedCustomer(caller, keptId, customers);
}
