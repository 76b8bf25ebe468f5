/**
 * What a tenant's settings item decides for every request of that tenant: the perks of each
 * tier (the engine applies them, the drip questions read their cadence) and the k-customer
 * floor of recommendations. Read at most once per `ttlMs` per container, like the partner's
 * terms (tenant-terms.ts): a changed setting applies within that time everywhere, at once in
 * the container that wrote it (`forget`).
 */
import type { Tier } from '#core/catalog-document';
import { TtlCache } from '#core/ttl-cache';
import type { TierPerks } from './schemas.ts';
import { perksOrDefaults, type StoredTierSettings } from './tier-settings.ts';
import { minCustomersOrDefault, type StoredRecommendationSettings } from '#recommend/customer-floor';

/** A tenant's settings as stored, each part unchecked (parts are checked where they are used). */
export interface StoredTenantSettings {
  tiers?: StoredTierSettings;
  recommendations?: StoredRecommendationSettings;
}

/** Where the settings are read. */
export interface TenantSettingsSource {
  readSettings(tenantId: string): Promise<StoredTenantSettings | undefined>;
}

/** The parts of a tenant's settings requests use, checked (defaults for what is missing or damaged). */
interface CheckedSettings {
  perks: Record<Tier, TierPerks>;
  minCustomers: number;
}

export class TenantSettings {
  private readonly cache: TtlCache<string, CheckedSettings>;

  constructor(
    private readonly source: TenantSettingsSource,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.cache = new TtlCache({ ttlMs: options.ttlMs ?? 30_000, ...(options.now ? { now: options.now } : {}) });
  }

  /** The perks of a tier in a tenant (the defaults for a tenant that set none). */
  async perks(tenantId: string, tier: Tier): Promise<TierPerks> {
    return (await this.settings(tenantId)).perks[tier];
  }

  /** The tenant's k-customer floor of recommendations. */
  async minCustomers(tenantId: string): Promise<number> {
    return (await this.settings(tenantId)).minCustomers;
  }

  /** Drops the cached settings of a tenant (after this container wrote them). */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private settings(tenantId: string): Promise<CheckedSettings> {
    return this.cache.getOrLoad(tenantId, async () => {
      const stored = await this.source.readSettings(tenantId);
      return { perks: perksOrDefaults(stored?.tiers?.perks), minCustomers: minCustomersOrDefault(stored?.recommendations?.minCustomers) };
    });
  }
}
