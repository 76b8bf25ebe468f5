/**
 * A tenant's settings item (`TENANT#<t>` / `SETTINGS`): the tier thresholds (read by the tier
 * job, tier-repository.ts) and perks, and the k-customer floor of recommendations. Each admin
 * route sets its own attributes with one `UpdateItem`, so setting the tiers never undoes the
 * floor and the other way round. Implements the ports of `#customers/tier-settings`,
 * `#recommend/customer-floor` and `#partners/tenant-settings`.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TierSettings } from '#customers/schemas';
import type { StoredTierSettings, TierSettingsStore } from '#customers/tier-settings';
import type { StoredTenantSettings, TenantSettingsSource } from '#customers/tenant-settings';
import type { RecommendationSettingsStore, StoredRecommendationSettings } from '#recommend/customer-floor';
import type { RecommendationSettings } from '#recommend/schemas';
import { keys } from './keys.ts';
import { callStore } from './store-errors.ts';
import { buildGetTenantSettings, TIER_THRESHOLDS_ATTRIBUTE } from './tier-repository.ts';
import { setFields } from './update-expression.ts';

/** The attributes of the settings item, by what they hold. */
export const SETTINGS_ATTRIBUTES = {
  tierThresholds: TIER_THRESHOLDS_ATTRIBUTE,
  tierPerks: 'tierPerks',
  tiersUpdatedAt: 'tiersUpdatedAt',
  recommendationMinCustomers: 'recommendationMinCustomers',
  recommendationsUpdatedAt: 'recommendationsUpdatedAt',
} as const;

/** Sets a tenant's thresholds and perks, creating the settings item if needed (pure). */
export function buildPutTierSettings(tableName: string, tenantId: string, settings: TierSettings, updatedAt: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.tenantSettings(tenantId),
    ...setFields({
      [SETTINGS_ATTRIBUTES.tierThresholds]: settings.thresholds,
      [SETTINGS_ATTRIBUTES.tierPerks]: settings.perks,
      [SETTINGS_ATTRIBUTES.tiersUpdatedAt]: updatedAt,
    }),
  };
}

/** Sets a tenant's k-customer floor of recommendations, creating the settings item if needed (pure). */
export function buildPutRecommendationSettings(
  tableName: string,
  tenantId: string,
  settings: RecommendationSettings,
  updatedAt: string,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.tenantSettings(tenantId),
    ...setFields({
      [SETTINGS_ATTRIBUTES.recommendationMinCustomers]: settings.minCustomers,
      [SETTINGS_ATTRIBUTES.recommendationsUpdatedAt]: updatedAt,
    }),
  };
}

/** The settings item as the domain reads it: each part as stored, unchecked (pure). */
export function tenantSettingsFromItem(item: Record<string, unknown> | undefined): StoredTenantSettings | undefined {
  if (!item) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const tiersUpdatedAt = text(item[SETTINGS_ATTRIBUTES.tiersUpdatedAt]);
  const recommendationsUpdatedAt = text(item[SETTINGS_ATTRIBUTES.recommendationsUpdatedAt]);
  const tiers: StoredTierSettings = {
    thresholds: item[SETTINGS_ATTRIBUTES.tierThresholds],
    perks: item[SETTINGS_ATTRIBUTES.tierPerks],
    ...(tiersUpdatedAt ? { updatedAt: tiersUpdatedAt } : {}),
  };
  const recommendations: StoredRecommendationSettings = {
    minCustomers: item[SETTINGS_ATTRIBUTES.recommendationMinCustomers],
    ...(recommendationsUpdatedAt ? { updatedAt: recommendationsUpdatedAt } : {}),
  };
  return { tiers, recommendations };
}

export class TenantSettingsRepository implements TenantSettingsSource, TierSettingsStore, RecommendationSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readSettings(tenantId: string): Promise<StoredTenantSettings | undefined> {
    const result = await callStore('read tenant settings', () =>
      this.client.send(new GetCommand(buildGetTenantSettings(this.tableName, tenantId))),
    );
    return tenantSettingsFromItem(result.Item);
  }

  async storedTierSettings(tenantId: string): Promise<StoredTierSettings | undefined> {
    return (await this.readSettings(tenantId))?.tiers;
  }

  async storedRecommendationSettings(tenantId: string): Promise<StoredRecommendationSettings | undefined> {
    return (await this.readSettings(tenantId))?.recommendations;
  }

  async writeTierSettings(tenantId: string, settings: TierSettings, updatedAt: string): Promise<void> {
    await callStore('write tier settings', () =>
      this.client.send(new UpdateCommand(buildPutTierSettings(this.tableName, tenantId, settings, updatedAt))),
    );
  }

  async writeRecommendationSettings(tenantId: string, settings: RecommendationSettings, updatedAt: string): Promise<void> {
    await callStore('write recommendation settings', () =>
      this.client.send(new UpdateCommand(buildPutRecommendationSettings(this.tableName, tenantId, settings, updatedAt))),
    );
  }
}
