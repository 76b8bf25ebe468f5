/**
 * What each function may do with the table: its access level (read or read/write) and the key
 * families it may touch, enforced in AWS by `dynamodb:LeadingKeys` conditions on its IAM policy
 * (`ConfiguratorFunction.bindTable`) and checked locally against what the functions really do
 * (test/integration/key-families.test.ts records every partition key each function touches).
 *
 * Functions serve every tenant, so no function can be pinned to one tenant's partitions; what
 * the single table allows is pinning each function to the *kinds* of items it uses. A family
 * is named by its key builder in `shared/store/keys.ts` and its pattern is what that builder
 * makes with `*` for every argument (`keys.customerProfile('*', '*').PK` is
 * `TENANT#*#CUSTOMER#*`), so a changed key shape changes the policy with it.
 *
 * Adding a function (or a kind of item a function now uses) is one line in
 * {@link TABLE_GRANTS}: `myFunction: { access: 'readWrite', families: ['order', 'idempotency'] }`,
 * then `fn.bindTable(table, TABLE_GRANTS.myFunction)` where the function is created.
 *
 * No CDK imports here: the local runtime and the tests read this file too.
 */
import type { FunctionId } from '../../shared/http/routes.ts';
import { keys } from '../../shared/store/keys.ts';
import { TABLE } from '../../shared/store/table.ts';

/** How much of the table a function may touch. */
export type TableAccess = 'read' | 'readWrite';

/** A key builder of `shared/store/keys.ts`, naming the family of items it makes keys for. */
export type KeyFamily = keyof typeof keys;

export interface TableGrant {
  readonly access: TableAccess;
  /** Every family whose partition key the function reads or writes, on the table or an index. */
  readonly families: readonly KeyFamily[];
}

/**
 * The table grant of every function. Route functions are required by `FunctionId`; the
 * others (authorizer, scheduled job, Cognito trigger, stream consumers) are listed by name.
 */
export const TABLE_GRANTS = {
  health: { access: 'read', families: ['health'] },
  catalog: {
    access: 'read',
    // Catalogs and their listing; the partner's price list and statistics setting; the customer a
    // configuration is for (tier), and the order statistics recommendations read: the tenant's,
    // the customer's own (in their partition), the pool of sharing tenants.
    families: [
      'productCurrent',
      'productVersionPart',
      'productListing',
      'partner',
      'customerProfile',
      'customerTenant',
      'productStatistics',
      'customerStatistics',
      'pooledStatistics',
      // The tenant's settings: the perks of the customer's tier, the recommendations' floor.
      'tenantSettings',
    ],
  },
  admin: {
    access: 'readWrite',
    // Publishing catalogs (the listing is written with the current pointer; queried for the
    // service choices a tier's perks may include); merging two customers; a tenant's settings
    // (the partner proves the tenant exists) and its tier-changes report.
    families: [
      'productCurrent',
      'productVersionPart',
      'productListing',
      'customerProfile',
      'customerTenant',
      'partner',
      'tenantSettings',
      'tierChange',
    ],
  },
  customers: {
    access: 'readWrite',
    // Profiles, memory, erasure (with the sign-in e-mail), personal statistics forgotten on opt-out;
    // the service choices of every published catalog (preferences); the tenant's settings (how
    // often a tier is asked the drip questions).
    families: [
      'customerProfile',
      'customerTenant',
      'customerEmail',
      'customerStatistics',
      'productCurrent',
      'productVersionPart',
      'productListing',
      'tenantSettings',
      // The Idempotency-Key a partner creates a customer with.
      'idempotency',
    ],
  },
  orders: {
    access: 'readWrite',
    // The tenant's settings: the perks of the customer's tier price and date every order.
    families: [
      'customerProfile',
      'customerTenant',
      'orderPointer',
      'idempotency',
      'productCurrent',
      'productVersionPart',
      'partner',
      'tenantSettings',
      'invoiceCounter',
      'issuedInvoice',
    ],
  },
  partners: { access: 'readWrite', families: ['partner', 'partnerKey', 'apiKey'] },
  /** Partners' webhooks (the only route function that reads a signing key); the partner proves it exists. */
  webhooks: { access: 'readWrite', families: ['partner', 'webhook'] },
  companies: {
    access: 'readWrite',
    // Companies, their contacts' memberships (in the customers' partitions), standard
    // configurations checked against the catalogs, and the company's quotes (GSI1) for its view.
    families: [
      'company',
      'companyPointer',
      'companyMembership',
      'customerProfile',
      'productCurrent',
      'productVersionPart',
      'companyQuoteListing',
    ],
  },
  quotes: {
    access: 'readWrite',
    // Quotes (in the customers' partitions) and their pointers, priced like orders (catalogs, the
    // partner's price list, the tier's perks), decided with an idempotency record and, when it
    // orders, the order transaction.
    families: [
      'customerProfile',
      'customerTenant',
      'companyMembership',
      'company',
      'companyPointer',
      'companyQuoteListing',
      'quotePointer',
      'orderPointer',
      'idempotency',
      'productCurrent',
      'productVersionPart',
      'partner',
      'tenantSettings',
    ],
  },
  /** Seller data (in the tenant's settings item) and the documents of orders. */
  documents: { access: 'readWrite', families: ['tenantSettings', 'partner'] },
  /** Looks partner API keys up by hash. */
  authorizer: { access: 'read', families: ['apiKey'] },
  /** The nightly tier job: every tenant's customers and settings, and its tier-changes report. */
  tiers: { access: 'readWrite', families: ['partnerListing', 'customerListing', 'customerProfile', 'tenantSettings', 'tierChange'] },
  /** The table stream's consumer: learns placed orders into the recommendation statistics. */
  orderLearning: {
    access: 'readWrite',
    families: ['customerProfile', 'partner', 'productStatistics', 'customerStatistics', 'pooledStatistics'],
  },
  /** The table stream's other consumer: turns partners' order changes into queued webhook events. */
  webhookDispatch: { access: 'read', families: ['webhook'] },
  /** Delivers queued webhook events: reads the partner's URL and signing key at each attempt. */
  webhookDelivery: { access: 'read', families: ['webhook'] },
  /** Cognito's pre-token-generation trigger: finds or creates the web customer of an e-mail address. */
  tokenClaims: { access: 'readWrite', families: ['customerEmail', 'customerProfile', 'customerTenant'] },
} as const satisfies { readonly [F in FunctionId]: TableGrant } & { readonly [user: string]: TableGrant };

/** A function (or other table user) with an entry in {@link TABLE_GRANTS}. */
export type TableUser = keyof typeof TABLE_GRANTS;

/** Where a family's partition key lives: the table's partition key, or an index's. */
export interface FamilyPattern {
  /** `undefined`: the table itself; else the global secondary index. */
  indexName: string | undefined;
  /** An IAM `StringLike` pattern: `*` stands for any characters. */
  pattern: string;
}

/** What the builders are called with: IAM's StringLike wildcard. */
const ANY = '*';

/** The partition-key pattern of one family, from its key builder. */
export function familyPattern(family: KeyFamily): FamilyPattern {
  const build = keys[family] as (...args: unknown[]) => unknown;
  const made = build(ANY, ANY, ANY, ANY);
  if (typeof made === 'string') return { indexName: undefined, pattern: made };
  const attributes = made as Record<string, unknown>;
  if (typeof attributes[TABLE.partitionKey.name] === 'string')
    return { indexName: undefined, pattern: attributes[TABLE.partitionKey.name] as string };
  for (const index of TABLE.globalIndexes) {
    if (typeof attributes[index.partitionKey.name] === 'string')
      return { indexName: index.indexName, pattern: attributes[index.partitionKey.name] as string };
  }
  throw new Error(`keys.${family} makes no partition key of the table or of an index`);
}

/** The `dynamodb:LeadingKeys` patterns of a grant: for the table, and for each index it queries. */
export function leadingKeyPatterns(grant: TableGrant): { table: string[]; indexes: Map<string, string[]> } {
  const table = new Set<string>();
  const indexes = new Map<string, Set<string>>();
  for (const family of grant.families) {
    const { indexName, pattern } = familyPattern(family);
    if (indexName === undefined) table.add(pattern);
    else indexes.set(indexName, (indexes.get(indexName) ?? new Set()).add(pattern));
  }
  return { table: [...table].sort(), indexes: new Map([...indexes].map(([name, patterns]) => [name, [...patterns].sort()])) };
}

/** IAM's `StringLike` for one value: `*` any run of characters, `?` any one; everything else literal. */
export function matchesStringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`, 's').test(value);
}
