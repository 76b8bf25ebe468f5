/**
 * Every key shape of the single table, in one place. Items of a tenant (a partner, or the
 * house for direct web customers) carry the tenant at the start of their partition key, so
 * one tenant can never address another's items.
 */

/** The tenant of direct web customers. */
export const HOUSE_TENANT = 'house';

/** Versions sort as strings, so they are zero-padded. */
export function versionSortKey(version: number): string {
  return `VERSION#${String(version).padStart(10, '0')}`;
}

export const keys = {
  /** The pointer to a product's current published version. */
  productCurrent: (productId: string) => ({ PK: `PRODUCT#${productId}`, SK: 'CURRENT' }),
  /** One part of one compressed catalog version (large documents span several items). */
  productVersionPart: (productId: string, version: number, part: number) => ({
    PK: `PRODUCT#${productId}`,
    SK: `${versionSortKey(version)}#PART#${String(part).padStart(4, '0')}`,
  }),
  /** Prefix of every part of one version: one Query reads them all, in order. */
  productVersionPrefix: (productId: string, version: number) => ({ PK: `PRODUCT#${productId}`, SKPrefix: `${versionSortKey(version)}#PART#` }),
  /** GSI1 entry of a product's current pointer: lists published products. */
  productListing: (productId: string) => ({ GSI1PK: 'PRODUCTS', GSI1SK: productId }),
  partner: (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'PROFILE' }),
  /** The API key item holds only the key's SHA-256, never the key. */
  apiKey: (keySha256: string) => ({ PK: `APIKEY#${keySha256}`, SK: 'APIKEY' }),
  /** A fixed item read by `/health` to prove the table answers. */
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
} as const;
