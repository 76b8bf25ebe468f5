/**
 * Every key shape of the single table, in one place. Items of a tenant (a partner, or the
 * house for direct web customers) carry the tenant at the start of their partition key, so
 * one tenant can never address another's items.
 */

/** Versions sort as strings, so they are zero-padded. */
export function versionSortKey(version: number): string {
  return `VERSION#${String(version).padStart(10, '0')}`;
}

/**
 * Sort-key prefixes of the item families in a customer's partition: one `begins_with` Query
 * reads a family.
 */
export const customerItemPrefix = {
  configuration: 'CONFIG#',
  repeatOrder: 'REORDER#',
  order: 'ORDER#',
  statistics: 'STATS#',
  quote: 'QUOTE#',
} as const;

/**
 * How many GSI1 partitions each tenant-wide listing (a tenant's orders, a tenant's customers) is
 * spread over. One partition takes about 1,000 write units a second; every order writes its
 * listing entry and rewrites its customer's (projection ALL: the whole item, a laptop order
 * 1.8 KB = 2 units), so one partition caps a tenant at about 500 orders a second. 64 shards carry
 * 20,000 laptop-sized orders a second of one tenant at about two thirds of each shard's limit
 * (`npm run capacity`, docs/scale.md); a listing page reads every shard once
 * (docs/adr/0011-write-sharded-listings.md). Changing it re-shards: migrate the entries first.
 */
export const LISTING_SHARDS = 64;

/**
 * The shard of an id within a tenant-wide listing (pure, stable across processes and versions):
 * FNV-1a (32 bits) of the id's UTF-16 code units, modulo `shards`.
 */
export function listingShard(id: string, shards: number = LISTING_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** A shard's suffix: two digits (`07`); `*` stays `*`, so the IAM pattern of a listing covers every shard. */
function shardSuffix(shard: number | string): string {
  return typeof shard === 'number' ? String(shard).padStart(2, '0') : shard;
}

/**
 * The unsharded listing partitions written before the listings were sharded (no shard suffix).
 * Only the migration reads them (`npm run migrate:listings`, shared/store/listing-migration.ts).
 */
export const legacyListingPartition = {
  orders: (tenantId: string) => `TENANT#${tenantId}#ORDERS`,
  customers: (tenantId: string) => `TENANT#${tenantId}#CUSTOMERS`,
} as const;

/** The last part of a remembered configuration's sort key (there is one per product, the last one). */
const LAST_CONFIGURATION = '#last';

export const keys = {
  /** The pointer to a product's current published version. */
  productCurrent: (productId: string) => ({ PK: `PRODUCT#${productId}`, SK: 'CURRENT' }),
  /** One part of one compressed catalog version (large documents span several items). */
  productVersionPart: (productId: string, version: number, part: number) => ({
    PK: `PRODUCT#${productId}`,
    SK: `${versionSortKey(version)}#PART#${String(part).padStart(4, '0')}`,
  }),
  /** Prefix of every part of one version: one Query reads them all, in order. */
  productVersionPrefix: (productId: string, version: number) => ({
    PK: `PRODUCT#${productId}`,
    SKPrefix: `${versionSortKey(version)}#PART#`,
  }),
  /** GSI1 entry of a product's current pointer: lists published products. */
  productListing: (productId: string) => ({ GSI1PK: 'PRODUCTS', GSI1SK: productId }),
  partner: (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'PROFILE' }),
  /** The summary of one of a partner's keys (no secret: the hash and the last four characters). */
  partnerKey: (partnerId: string, keyId: string) => ({ PK: `PARTNER#${partnerId}`, SK: `KEY#${keyId}` }),
  /** The API key item holds only the key's SHA-256, never the key. */
  apiKey: (keySha256: string) => ({ PK: `APIKEY#${keySha256}`, SK: 'APIKEY' }),
  /** The partition of one customer: profile, remembered configurations, repeat orders, orders. */
  customerPartition: (tenantId: string, customerId: string) => `TENANT#${tenantId}#CUSTOMER#${customerId}`,
  customerProfile: (tenantId: string, customerId: string) => ({ PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`, SK: 'PROFILE' }),
  /**
   * GSI1 entry of a profile: a tenant's customers, in {@link LISTING_SHARDS} shards by customer id
   * (the tier job walks them shard by shard). `shard` names one shard's partition
   * (`keys.customerListing(t, '', 3).GSI1PK`).
   */
  customerListing: (tenantId: string, customerId: string, shard: number | string = listingShard(customerId)) => ({
    GSI1PK: `TENANT#${tenantId}#CUSTOMERS#${shardSuffix(shard)}`,
    GSI1SK: customerId,
  }),
  /** Which tenant a customer id belongs to: only admins (who have no tenant) resolve ids through it. */
  customerTenant: (customerId: string) => ({ PK: `CUSTOMER#${customerId}`, SK: 'TENANT' }),
  /** One e-mail address of a tenant's customer (hash), for sign-in. */
  customerEmail: (tenantId: string, emailSha256: string) => ({ PK: `TENANT#${tenantId}#EMAIL#${emailSha256}`, SK: 'EMAIL' }),
  rememberedConfiguration: (tenantId: string, customerId: string, productId: string) => ({
    PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`,
    SK: `${customerItemPrefix.configuration}${productId}${LAST_CONFIGURATION}`,
  }),
  repeatOrder: (tenantId: string, customerId: string, productId: string) => ({
    PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`,
    SK: `${customerItemPrefix.repeatOrder}${productId}`,
  }),
  order: (tenantId: string, customerId: string, orderId: string) => ({
    PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`,
    SK: `${customerItemPrefix.order}${orderId}`,
  }),
  /**
   * GSI1 entry of an order: a tenant's orders, in {@link LISTING_SHARDS} shards by order id, each
   * in id (so time) order. `shard` names one shard's partition (`keys.orderListing(t, '', 3).GSI1PK`).
   */
  orderListing: (tenantId: string, orderId: string, shard: number | string = listingShard(orderId)) => ({
    GSI1PK: `TENANT#${tenantId}#ORDERS#${shardSuffix(shard)}`,
    GSI1SK: orderId,
  }),
  /** Which tenant and customer an order id belongs to (admins look orders up by id alone). */
  orderPointer: (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'ORDER' }),
  /** An idempotency record; the tenant is part of the key, so two tenants may use the same key string. */
  idempotency: (tenantId: string, idempotencyKey: string) => ({ PK: `IDEMPOTENCY#${tenantId}#${idempotencyKey}`, SK: 'IDEMPOTENCY' }),
  /**
   * Order statistics of one product that the recommendations learn from (shared/recommend):
   * a tenant's everyone, or one of its segments (`tier-A`). Aggregates, no personal data.
   */
  productStatistics: (tenantId: string, productId: string, scope: 'everyone' | `segment#${string}`) => ({
    PK: `TENANT#${tenantId}#PRODUCT#${productId}`,
    SK: `STATS#${scope}`,
  }),
  /** Order statistics of a product pooled across the tenants that share theirs (the house, partners who allow it). */
  pooledStatistics: (productId: string) => ({ PK: `PRODUCT#${productId}`, SK: 'STATS#all-tenants' }),
  /** One customer's own order statistics of a product: in their partition, so erasure takes it. */
  customerStatistics: (tenantId: string, customerId: string, productId: string) => ({
    PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`,
    SK: `${customerItemPrefix.statistics}${productId}`,
  }),
  /**
   * A tenant's settings: tier thresholds and perks, the recommendations' k-customer floor. Its
   * own prefix, so granting it (every function that prices reads it) grants no other family:
   * `TENANT#*` would match every tenant partition.
   */
  tenantSettings: (tenantId: string) => ({ PK: `SETTINGS#${tenantId}`, SK: 'TENANT' }),
  /**
   * One line of a tenant's tier-changes report (the nightly tier job's changes and win-back
   * signals), newest last in the partition: the report reads it backwards.
   */
  tierChange: (tenantId: string, at: string, customerId: string) => ({ PK: `TIERCHANGES#${tenantId}`, SK: `${at}#${customerId}` }),
  /** The partition of a tenant's tier-changes report. */
  tierChangesPartition: (tenantId: string) => `TIERCHANGES#${tenantId}`,
  /**
   * A partner's webhook: URL, events and the signing key. Its own prefix, so only the webhook
   * routes and the delivery functions are granted it (the key signs; it must not be readable by
   * every function that reads partners).
   */
  webhook: (partnerId: string) => ({ PK: `WEBHOOK#${partnerId}`, SK: 'WEBHOOK' }),
  /** GSI1 entry of a partner: the list of tenants. */
  partnerListing: (partnerId: string) => ({ GSI1PK: 'PARTNERS', GSI1SK: partnerId }),
  /** A company of a tenant (business buying): its profile; contacts and standards share the partition. */
  company: (tenantId: string, companyId: string) => ({ PK: `TENANT#${tenantId}#COMPANY#${companyId}`, SK: 'PROFILE' }),
  /** The partition of a company: profile, contacts, standard configurations. */
  companyPartition: (tenantId: string, companyId: string) => `TENANT#${tenantId}#COMPANY#${companyId}`,
  /** Which tenant a company id belongs to: only admins (who have no tenant) resolve ids through it. */
  companyPointer: (companyId: string) => ({ PK: `COMPANY#${companyId}`, SK: 'COMPANY' }),
  /** One contact of a company (a customer of the same tenant, with a role and a spending limit). */
  companyContact: (tenantId: string, companyId: string, customerId: string) => ({
    PK: `TENANT#${tenantId}#COMPANY#${companyId}`,
    SK: `CONTACT#${customerId}`,
  }),
  /** A named standard configuration of a company. */
  companyStandard: (tenantId: string, companyId: string, name: string) => ({
    PK: `TENANT#${tenantId}#COMPANY#${companyId}`,
    SK: `STANDARD#${name}`,
  }),
  /**
   * The company a customer belongs to, in the customer's partition: at most one per customer
   * (written with `attribute_not_exists` in the transaction that adds the contact).
   */
  companyMembership: (tenantId: string, customerId: string) => ({ PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`, SK: 'COMPANY' }),
  /** A quote, in its customer's partition (one `begins_with` Query lists a customer's quotes). */
  quote: (tenantId: string, customerId: string, quoteId: string) => ({
    PK: `TENANT#${tenantId}#CUSTOMER#${customerId}`,
    SK: `${customerItemPrefix.quote}${quoteId}`,
  }),
  /** Which tenant, customer and company a quote id belongs to. */
  quotePointer: (quoteId: string) => ({ PK: `QUOTE#${quoteId}`, SK: 'QUOTE' }),
  /** GSI1 entry of a company's quote: a company's quotes, oldest first. */
  companyQuoteListing: (tenantId: string, companyId: string, quoteId: string) => ({
    GSI1PK: `TENANT#${tenantId}#COMPANY#${companyId}#QUOTES`,
    GSI1SK: quoteId,
  }),
  /** A tenant's invoice counter for one year: the last number issued (documents, invoice numbers). */
  invoiceCounter: (tenantId: string, year: string) => ({ PK: `INVOICES#${tenantId}`, SK: `COUNTER#${year}` }),
  /** One issued invoice of a tenant, by number: written once, never changed. */
  issuedInvoice: (tenantId: string, number: string) => ({ PK: `INVOICES#${tenantId}`, SK: `INVOICE#${number}` }),
  /** A fixed item read by `/health` to prove the table answers. */
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
} as const;

/**
 * The product of a remembered configuration's or a repeat order's sort key (the inverse of
 * `keys.rememberedConfiguration` and `keys.repeatOrder`); `undefined` for any other item.
 */
export function rememberedProductOf(sortKey: string): string | undefined {
  const { configuration, repeatOrder } = customerItemPrefix;
  if (sortKey.startsWith(configuration) && sortKey.endsWith(LAST_CONFIGURATION))
    return sortKey.slice(configuration.length, -LAST_CONFIGURATION.length);
  if (sortKey.startsWith(repeatOrder)) return sortKey.slice(repeatOrder.length);
  return undefined;
}
