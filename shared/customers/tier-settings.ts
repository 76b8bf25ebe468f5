/**
 * A tenant's tier settings: the thresholds the nightly job ranks its customers by (tiers.ts) and
 * what each tier gets (perks). Kept in the tenant's settings item, replaced as a whole by
 * `PUT /admin/tenants/{tenantId}/tiers`; a tenant that never set them has the defaults below.
 *
 * Perks are data the engine applies on every configure of a customer of the tier (so quotes and
 * orders, which re-run it, inherit them): the included services cost nothing (a price list after
 * every other one, so price lines name it) and the lead time is shorter (the dates show it). The
 * drip questions read `questionEveryDays` (questions.ts). See docs/adr/0004-fair-tiers-and-perks.md.
 */
import type { Tier } from '#core/catalog-document';
import { InvalidInputError, type Finding } from '#core/errors';
import { requireTenant } from '#core/tenant';
import type { ServiceChoices } from './customer-service.ts';
import { TierPerksSchema, type TierPerks, type TierSettings, type TierThresholds } from './schemas.ts';
import { DEFAULT_TIER_THRESHOLDS, thresholdsOrDefaults } from './tiers.ts';

/**
 * The perks of a tenant that never set its own: Gold customers get express delivery and EDI
 * invoices included and a priority build slot, and are asked a question or two at most daily;
 * Silver (every new customer too) at most weekly; Bronze gets nothing included and is asked at
 * most monthly.
 */
export const DEFAULT_TIER_PERKS: Readonly<Record<Tier, TierPerks>> = Object.freeze({
  A: { label: 'Gold', includedServices: ['delivery.express', 'invoice.edi'], leadDaysLess: 1, questionEveryDays: 1 },
  B: { label: 'Silver', includedServices: [], leadDaysLess: 0, questionEveryDays: 7 },
  C: { label: 'Bronze', includedServices: [], leadDaysLess: 0, questionEveryDays: 30 },
});

/**
 * The stored perks of each tier, checked one tier at a time; a tier whose stored perks do not
 * pass the schema (or are missing) gets the default: one damaged item must not take every
 * customer's prices down (settings are validated when they are written).
 */
export function perksOrDefaults(stored: unknown): Record<Tier, TierPerks> {
  const of = (tier: Tier): TierPerks => {
    const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[tier] : undefined;
    const parsed = TierPerksSchema.safeParse(value);
    return parsed.success ? parsed.data : DEFAULT_TIER_PERKS[tier];
  };
  return { A: of('A'), B: of('B'), C: of('C') };
}

/** The tier settings as stored, unchecked (absent parts are the defaults). */
export interface StoredTierSettings {
  thresholds?: unknown;
  perks?: unknown;
  updatedAt?: string;
}

/** Where tier settings are kept (the tenant's settings item). */
export interface TierSettingsStore {
  storedTierSettings(tenantId: string): Promise<StoredTierSettings | undefined>;
  /** Replaces the tenant's thresholds and perks (creating its settings item if needed). */
  writeTierSettings(tenantId: string, settings: TierSettings, updatedAt: string): Promise<void>;
}

/** Which tenants exist: the house, and every partner. */
export interface TenantDirectory {
  find(partnerId: string): Promise<unknown>;
}

export interface TierSettingsDeps {
  store: TierSettingsStore;
  partners: TenantDirectory;
  serviceChoices: ServiceChoices;
  /** Told after a write, so this container's cached settings of the tenant are read again. */
  written?(tenantId: string): void;
}

/** What `GET`/`PUT /admin/tenants/{tenantId}/tiers` answer. */
export interface TierSettingsView {
  tenantId: string;
  thresholds: TierThresholds;
  perks: Record<Tier, TierPerks>;
  /** When the tenant last set them; null while it has the defaults. */
  updatedAt: string | null;
}

/** `GET /admin/tenants/{tenantId}/tiers`: the tenant's settings, or the defaults it runs on. */
export async function viewTierSettings(deps: Pick<TierSettingsDeps, 'store' | 'partners'>, tenantId: string): Promise<TierSettingsView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const stored = await deps.store.storedTierSettings(tenantId);
  return {
    tenantId,
    thresholds: stored?.thresholds === undefined ? DEFAULT_TIER_THRESHOLDS : thresholdsOrDefaults(stored.thresholds),
    perks: perksOrDefaults(stored?.perks),
    updatedAt: stored?.updatedAt ?? null,
  };
}

/**
 * `PUT /admin/tenants/{tenantId}/tiers`: replaces the thresholds and perks. Every included
 * service must be a choice some published catalog offers in that service group (422 naming
 * `perks.<tier>.includedServices.<i>` otherwise), so a typo cannot promise a perk nobody gets.
 * The new thresholds apply from the next tier job; the perks within the settings cache time.
 */
export async function putTierSettings(
  deps: TierSettingsDeps,
  tenantId: string,
  settings: TierSettings,
  now: Date,
): Promise<TierSettingsView> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const findings = await unknownServices(settings, deps.serviceChoices);
  if (findings.length) throw new InvalidInputError('some included services are not offered by any catalog', findings);
  const updatedAt = now.toISOString();
  await deps.store.writeTierSettings(tenantId, settings, updatedAt);
  deps.written?.(tenantId);
  return { tenantId, thresholds: settings.thresholds, perks: settings.perks, updatedAt };
}

async function unknownServices(settings: TierSettings, serviceChoices: ServiceChoices): Promise<Finding[]> {
  const wanted = (['A', 'B', 'C'] as const).flatMap((tier) => settings.perks[tier].includedServices.map((ref, i) => ({ tier, ref, i })));
  if (!wanted.length) return [];
  const offered = await serviceChoices();
  return wanted.flatMap(({ tier, ref, i }) => {
    const [group = '', choice = ''] = ref.split('.');
    if (offered.get(group)?.has(choice)) return [];
    return [
      {
        path: ['perks', tier, 'includedServices', i],
        code: 'unknown-choice',
        message: offered.has(group)
          ? `no catalog offers ${ref}; the ${group} group offers ${[...offered.get(group)!].map((c) => `${group}.${c}`).join(', ')}`
          : `no catalog has a service group "${group}"`,
      },
    ];
  });
}
