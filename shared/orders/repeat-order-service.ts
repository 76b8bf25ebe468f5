/**
 * `GET /customers/{customerId}/repeat-orders/{productId}`: the pre-assembled repeat order,
 * re-checked against today's catalog. For a returning customer it is one read: the item sits
 * in the caller's own partition (which proves ownership) and carries the customer's current
 * tier and preferences. When the catalog changed since it was assembled, it is re-assembled and
 * kept, so the next visit is one read again.
 */
import type { CallerIdentity } from '#core/caller';
import type { PriceList, Tier } from '#core/catalog-document';
import type { Perks } from '#engine/index';
import { NotFoundError } from '#core/errors';
import type { CompiledCatalogs } from '#catalog/compiled-catalogs';
import type { StoredRepeatOrder } from './ports.ts';
import { priceLineAmounts } from './price-difference.ts';
import { assembleRepeatOrder, type RepeatOrderView } from './repeat-order.ts';

/** Where repeat orders are read and re-assembled ones kept. */
export interface RepeatOrderStore {
  findTenant(customerId: string): Promise<string | undefined>;
  getRepeatOrder(tenantId: string, customerId: string, productId: string): Promise<StoredRepeatOrder | undefined>;
  /** Replaces the item assembled at `previousAssembledAt`; does nothing if someone replaced it first. */
  replaceRepeatOrder(tenantId: string, customerId: string, repeatOrder: StoredRepeatOrder, previousAssembledAt: string): Promise<void>;
}

export interface ServeRepeatOrderDeps {
  store: RepeatOrderStore;
  catalogs: Pick<CompiledCatalogs, 'get'>;
  priceLists(tenantId: string): Promise<PriceList[]>;
  /** The perks of a tier in a tenant (its settings, or the defaults). */
  tierPerks(tenantId: string, tier: Tier): Promise<Perks>;
  now(): Date;
}

export async function serveRepeatOrder(
  deps: ServeRepeatOrderDeps,
  caller: CallerIdentity,
  customerId: string,
  productId: string,
): Promise<RepeatOrderView> {
  const notFound = new NotFoundError(`no repeat order of ${productId} for customer ${customerId}: it is assembled when an order is placed`);
  const tenantId =
    caller.kind === 'admin'
      ? await deps.store.findTenant(customerId)
      : caller.kind === 'partner' || caller.customerId === customerId
        ? caller.tenantId
        : undefined;
  if (!tenantId) throw notFound;
  const stored = await deps.store.getRepeatOrder(tenantId, customerId, productId);
  if (!stored) throw notFound;
  const [{ version, compiled }, priceLists, perks] = await Promise.all([
    deps.catalogs.get(productId),
    deps.priceLists(tenantId),
    deps.tierPerks(tenantId, stored.customer.tier),
  ]);
  const now = deps.now();
  const view = assembleRepeatOrder({
    productId,
    stored,
    compiled,
    catalogVersion: version,
    preferences: stored.customer.preferences,
    tier: stored.customer.tier,
    priceLists,
    perks,
    today: now.toISOString().slice(0, 10),
  });
  if (view.catalogVersion !== stored.catalogVersion && view.status !== 'needs-attention') {
    // The lines the customer last ordered at, explained against until their next order.
    const previousLines = stored.repair ? stored.repair.previousLines : stored.priceLines;
    await deps.store.replaceRepeatOrder(
      tenantId,
      customerId,
      {
        ...stored,
        catalogVersion: version,
        picks: view.picks,
        preferences: stored.customer.preferences,
        total: view.price.total,
        priceLines: priceLineAmounts(view.price.lines),
        assembledAt: now.toISOString(),
        // Kept until the next order also when only prices changed, so every visit explains the difference.
        ...(view.changes.length || view.priceDifference !== 0
          ? {
              repair: {
                changes: view.changes,
                previousTotal: view.previousTotal,
                previousVersion: view.assembledUnder,
                ...(previousLines ? { previousLines } : {}),
              },
            }
          : {}),
      },
      stored.assembledAt,
    );
  }
  return view;
}
