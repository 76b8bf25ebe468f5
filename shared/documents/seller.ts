/**
 * A tenant's seller data (name, address, VAT id, payment terms): set by the admin, printed on
 * every document of the tenant's orders. A partner without its own seller data sells under the
 * house's. Whether any applies is also asked when a catalog with an invoice-format group is
 * published, so the admin hears of missing seller data then, not when the first invoice fails.
 */
import { HOUSE_TENANT, requireTenant } from '#core/tenant';
import { SellerSchema, type Seller } from './schemas.ts';

export type { Seller };

/** Where seller data is kept; `undefined` when the tenant never set any. */
export interface SellerStore {
  storedSeller(tenantId: string): Promise<{ seller: unknown; updatedAt: string } | undefined>;
  writeSeller(tenantId: string, seller: Seller, updatedAt: string): Promise<void>;
}

export interface SellerDeps {
  store: SellerStore;
  /** Finds a partner (a tenant besides the house). */
  partners: { find(partnerId: string): Promise<unknown> };
}

/** What `GET`/`PUT /admin/tenants/{tenantId}/seller` answer. */
export interface SellerView {
  tenantId: string;
  /** The tenant's own seller data; null while it has none (its documents then use the house's). */
  seller: Seller | null;
  updatedAt: string | null;
}

/** The stored seller data, checked; `undefined` when missing or damaged (it is validated when written). */
function parsed(stored: { seller: unknown } | undefined): Seller | undefined {
  const result = SellerSchema.safeParse(stored?.seller);
  return result.success ? result.data : undefined;
}

/** `GET /admin/tenants/{tenantId}/seller`. */
export async function viewSeller(deps: SellerDeps, tenantId: string): Promise<SellerView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const stored = await deps.store.storedSeller(tenantId);
  const seller = parsed(stored);
  return { tenantId, seller: seller ?? null, updatedAt: seller ? stored!.updatedAt : null };
}

/** `PUT /admin/tenants/{tenantId}/seller`: replaces the tenant's seller data. */
export async function putSeller(deps: SellerDeps, tenantId: string, seller: Seller, now: Date): Promise<SellerView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const updatedAt = now.toISOString();
  await deps.store.writeSeller(tenantId, seller, updatedAt);
  return { tenantId, seller, updatedAt };
}

/** The seller of a tenant's documents: its own seller data, else the house's; `undefined` when neither is set. */
export async function sellerOf(store: Pick<SellerStore, 'storedSeller'>, tenantId: string): Promise<Seller | undefined> {
  const own = parsed(await store.storedSeller(tenantId));
  if (own || tenantId === HOUSE_TENANT) return own;
  return parsed(await store.storedSeller(HOUSE_TENANT));
}
