/**
 * The k-customer floor of recommendations, per tenant: a choice recommended from other
 * customers' orders needs at least `minCustomers` distinct customers who ordered it (k = 5 unless
 * the tenant set another; docs/recommendations.md, "The k-customer floor"). Kept in the tenant's
 * settings item, set by `PUT /admin/tenants/{tenantId}/recommendations`.
 */
import { requireTenant } from '#core/tenant';
import { MAX_MIN_CUSTOMERS, RecommendationSettingsSchema, type RecommendationSettings } from './schemas.ts';

/** The floor of a tenant that never set its own. */
export const DEFAULT_MIN_CUSTOMERS = 5;

/** The stored floor, checked; the default when missing or damaged (settings are validated when written). */
export function minCustomersOrDefault(stored: unknown): number {
  const parsed = RecommendationSettingsSchema.shape.minCustomers.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_MIN_CUSTOMERS;
}

/** The recommendation settings as stored, unchecked. */
export interface StoredRecommendationSettings {
  minCustomers?: unknown;
  updatedAt?: string;
}

/** Where the recommendation settings are kept (the tenant's settings item). */
export interface RecommendationSettingsStore {
  storedRecommendationSettings(tenantId: string): Promise<StoredRecommendationSettings | undefined>;
  writeRecommendationSettings(tenantId: string, settings: RecommendationSettings, updatedAt: string): Promise<void>;
}

export interface RecommendationSettingsDeps {
  store: RecommendationSettingsStore;
  /** Finds a partner (a tenant besides the house). */
  partners: { find(partnerId: string): Promise<unknown> };
  /** Told after a write, so this container's cached settings of the tenant are read again. */
  written?(tenantId: string): void;
}

/** What `GET`/`PUT /admin/tenants/{tenantId}/recommendations` answer. */
export interface RecommendationSettingsView {
  tenantId: string;
  minCustomers: number;
  /** The most a tenant may set (the statistics count distinct customers up to this many). */
  maxMinCustomers: number;
  /** When the tenant last set it; null while it has the default. */
  updatedAt: string | null;
}

/** `GET /admin/tenants/{tenantId}/recommendations`. */
export async function viewRecommendationSettings(deps: RecommendationSettingsDeps, tenantId: string): Promise<RecommendationSettingsView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const stored = await deps.store.storedRecommendationSettings(tenantId);
  return {
    tenantId,
    minCustomers: minCustomersOrDefault(stored?.minCustomers),
    maxMinCustomers: MAX_MIN_CUSTOMERS,
    updatedAt: stored?.updatedAt ?? null,
  };
}

/** `PUT /admin/tenants/{tenantId}/recommendations`: applies within the settings cache time. */
export async function putRecommendationSettings(
  deps: RecommendationSettingsDeps,
  tenantId: string,
  settings: RecommendationSettings,
  now: Date,
): Promise<RecommendationSettingsView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const updatedAt = now.toISOString();
  await deps.store.writeRecommendationSettings(tenantId, settings, updatedAt);
  deps.written?.(tenantId);
  return { tenantId, minCustomers: settings.minCustomers, maxMinCustomers: MAX_MIN_CUSTOMERS, updatedAt };
}
