/**
 * Partners (resellers): who they are, their price list and their usage plan. Admins manage
 * them; partners never set any of it themselves.
 */
import { randomBytes } from 'node:crypto';
import { HOUSE_TENANT } from '#core/tenant';
import type { UsagePlan } from '#core/usage-plan';
import type { PartnerPriceList } from './schemas.ts';

export type { UsagePlan };

export interface Partner {
  partnerId: string;
  name: string;
  createdAt: string;
  priceList?: PartnerPriceList;
  usagePlan: UsagePlan;
  /**
   * The partner's orders teach the statistics pooled across tenants, and its customers are
   * recommended from that pool while the partner's own orders are few. Aggregates only.
   */
  shareOrderStatistics?: boolean;
}

/**
 * Whether a tenant pools its order statistics with the other tenants that do: the house (our own
 * web customers) always, a partner when an admin set its `shareOrderStatistics`. The one rule for
 * both sides: the order-learning function (who teaches the pool) and configure (who reads it).
 */
export async function tenantSharesOrderStatistics(
  tenantId: string,
  findPartner: (partnerId: string) => Promise<Pick<Partner, 'shareOrderStatistics'> | undefined>,
): Promise<boolean> {
  return tenantId === HOUSE_TENANT || (await findPartner(tenantId))?.shareOrderStatistics === true;
}

/** What an admin sees of a key: never the key itself. */
export interface ApiKeySummary {
  keyId: string;
  status: 'active' | 'revoked';
  createdAt: string;
  validUntil?: string;
  /** The key's last four characters, to tell keys apart. */
  hint: string;
}

/** A new secret API key: 32 random bytes, prefixed so leaked keys are easy to scan for. */
export function newApiKey(): string {
  return `pk_live_${randomBytes(32).toString('base64url')}`;
}

/** A partner API key as the store knows it (by its hash). */
export interface StoredApiKey {
  partnerId: string;
  status: 'active' | 'revoked';
  /** ISO instant after which the key no longer works, if any. */
  validUntil?: string;
}
