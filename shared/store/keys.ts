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
  /** GSI1 entry of a profile: a tenant's customers (the tier job walks them). */
  customerListing: (tenantId: string, customerId: string) => ({ GSI1PK: `TENANT#${tenantId}#CUSTOMERS`, GSI1SK: customerId }),
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
  /** GSI1 entry of an order: find it by id within its tenant. */
  orderListing: (tenantId: string, orderId: string) => ({ GSI1PK: `TENANT#${tenantId}#ORDERS`, GSI1SK: orderId }),
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
  /** GSI1 entry of a partner: the list of tenants. */
  partnerListing: (partnerId: string) => ({ GSI1PK: 'PARTNERS', GSI1SK: partnerId }),
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
