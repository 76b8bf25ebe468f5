/**
 * What a tenant's partner record decides for every request of that tenant: its price list on top
 * of the catalog's, and whether its orders pool with the other tenants' statistics. The partner
 * is read at most once per `ttlMs` per container, so a changed price list or setting applies
 * within that time.
 */
import type { PriceList } from '#core/catalog-document';
import { HOUSE_TENANT } from '#core/tenant';
import { TtlCache } from '#core/ttl-cache';
import { type Partner, tenantSharesOrderStatistics } from './partner.ts';

/** Where partners are read. */
export interface PartnerSource {
  find(partnerId: string): Promise<Partner | undefined>;
}

export class TenantTerms {
  private readonly partners: TtlCache<string, Partner | undefined>;

  constructor(
    private readonly source: PartnerSource,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.partners = new TtlCache({ ttlMs: options.ttlMs ?? 30_000, ...(options.now ? { now: options.now } : {}) });
  }

  /** The partner behind a tenant (none for the house), cached. */
  partner(tenantId: string): Promise<Partner | undefined> {
    return this.partners.getOrLoad(tenantId, () => this.source.find(tenantId));
  }

  /**
   * The price lists of a tenant on top of the catalog's: a partner's own list for the partner
   * and its customers; none for the house or an admin acting for no tenant.
   */
  async priceLists(tenantId: string | undefined): Promise<PriceList[]> {
    if (!tenantId || tenantId === HOUSE_TENANT) return [];
    const partner = await this.partner(tenantId);
    return partner?.priceList ? [{ id: `partner-${tenantId}`, name: partner.name, entries: partner.priceList.entries }] : [];
  }

  /** Whether the tenant pools its order statistics (see `tenantSharesOrderStatistics`). */
  sharesStatistics(tenantId: string): Promise<boolean> {
    return tenantSharesOrderStatistics(tenantId, (id) => this.partner(id));
  }
}
