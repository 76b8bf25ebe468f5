/**
 * The admin use cases of partners: create one, change it, issue and revoke its keys, with the
 * table and API Gateway kept in step (docs/adr/0002-partner-usage-plans-in-api-gateway.md).
 *
 * The order of the two writes is chosen so that a failure of either leaves nothing the admin
 * cannot repair by repeating the request:
 *
 * - create, issue, plan change: **API Gateway first**, the table second. A gateway failure
 *   saves nothing (503, retry); a table failure after the gateway write removes the new API key
 *   again (best effort) and a retry finds the plan by name and updates it. The table never
 *   names a key that API Gateway would refuse.
 * - revoke: **the table first**. The authorizer refuses the key from that moment on, whatever
 *   API Gateway still holds; removing the gateway key is hygiene, reported when it fails and
 *   finished by repeating the DELETE.
 */
import { sha256Hex } from '#core/digest';
import { ulid } from '#core/ids';
import { ConflictError, NotFoundError } from '#core/errors';
import { DEFAULT_USAGE_PLAN, type UsagePlan } from '#core/usage-plan';
import { newApiKey, type ApiKeySummary, type Partner } from './partner.ts';
import type { GatewayKey, GatewayTarget, UsagePlanGateway } from './usage-plan-gateway.ts';

/** A freshly issued key: the secret is only in memory, shown once. */
export interface IssuedKey {
  keyId: string;
  apiKey: string;
  createdAt: string;
  validUntil?: string;
}

/** What the use cases need of the table (`PartnerRepository` in production). */
export interface PartnerStore {
  find(partnerId: string): Promise<Partner | undefined>;
  create(partner: Partner, key: IssuedKey): Promise<void>;
  update(partnerId: string, fields: PartnerChanges): Promise<Partner>;
  addApiKey(partnerId: string, key: IssuedKey): Promise<void>;
  revokeApiKey(partnerId: string, keyId: string, now: Date): Promise<void>;
  listApiKeys(partnerId: string): Promise<ApiKeySummary[]>;
  listStoredKeys(partnerId: string): Promise<(ApiKeySummary & { keyHash: string })[]>;
}

export interface PartnerChanges {
  name?: string;
  priceList?: Partner['priceList'] | null;
  usagePlan?: UsagePlan;
  shareOrderStatistics?: boolean;
}

export interface NewPartner {
  partnerId?: string;
  name: string;
  priceList?: Partner['priceList'];
  usagePlan?: UsagePlan;
  shareOrderStatistics?: boolean;
}

export interface PartnerAdminDependencies {
  store: PartnerStore;
  gateway: UsagePlanGateway;
  /** What could not be finished and how to finish it (a warning in the logs). */
  warn(message: string, details: Record<string, unknown>): void;
  now?: () => Date;
}

export function issueKey(now: Date, validForDays?: number): IssuedKey {
  return {
    keyId: `k_${ulid(now.getTime())}`,
    apiKey: newApiKey(),
    createdAt: now.toISOString(),
    ...(validForDays ? { validUntil: new Date(now.getTime() + validForDays * 86_400_000).toISOString() } : {}),
  };
}

/** What API Gateway gets of a key: its id and hash, never the key. */
export function gatewayKey(key: IssuedKey): GatewayKey {
  return { keyId: key.keyId, keyHash: sha256Hex(key.apiKey) };
}

export class PartnerAdmin {
  private readonly now: () => Date;

  constructor(private readonly deps: PartnerAdminDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A partner with its first key; the key is returned here and never again. */
  /** A partner as an admin sees it: its price list, usage plan and keys (never the keys themselves); NotFoundError if none. */
  async view(partnerId: string): Promise<Partner & { keys: ApiKeySummary[] }> {
    const partner = await this.deps.store.find(partnerId);
    if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
    return { ...partner, keys: await this.deps.store.listApiKeys(partnerId) };
  }

  async createPartner(target: GatewayTarget, input: NewPartner): Promise<{ partnerId: string; apiKey: string; keyId: string }> {
    const { store, gateway } = this.deps;
    const now = this.now();
    const partnerId = input.partnerId ?? `p_${ulid(now.getTime()).toLowerCase()}`;
    // Before touching API Gateway: a second create must not overwrite the first one's plan.
    if (await store.find(partnerId)) throw new ConflictError(`partner ${partnerId} exists already`);
    const usagePlan = input.usagePlan ?? DEFAULT_USAGE_PLAN;
    const key = issueKey(now);
    await this.gatewayFirst(target, partnerId, key, () => gateway.addKeys(target, partnerId, usagePlan, [gatewayKey(key)]));
    try {
      await store.create(
        {
          partnerId,
          name: input.name,
          createdAt: key.createdAt,
          usagePlan,
          ...(input.priceList ? { priceList: input.priceList } : {}),
          ...(input.shareOrderStatistics ? { shareOrderStatistics: true } : {}),
        },
        key,
      );
    } catch (error) {
      await this.undoKey(target, partnerId, key.keyId);
      // Created concurrently: put the gateway plan back to the stored partner's.
      if (error instanceof ConflictError) {
        const stored = await store.find(partnerId).catch(() => undefined);
        if (stored)
          await this.bestEffort('restore the usage plan', { partnerId }, () => gateway.syncPlan(target, partnerId, stored.usagePlan));
      }
      throw error;
    }
    return { partnerId, apiKey: key.apiKey, keyId: key.keyId };
  }

  /**
   * Changes name, price list or usage plan. A body with `usagePlan` (even an unchanged one)
   * also re-provisions the partner in API Gateway: its plan and every active key. That is how
   * partners created before API Gateway kept their keys, or left behind by an outage, converge.
   */
  async updatePartner(target: GatewayTarget, partnerId: string, changes: PartnerChanges): Promise<Partner> {
    const { store, gateway } = this.deps;
    if (!(await store.find(partnerId))) throw new NotFoundError(`partner ${partnerId} not found`);
    if (changes.usagePlan) {
      const stored = await store.listStoredKeys(partnerId);
      const now = this.now().getTime();
      const active = stored.filter((k) => k.status === 'active' && !(k.validUntil !== undefined && !(Date.parse(k.validUntil) > now)));
      await gateway.addKeys(
        target,
        partnerId,
        changes.usagePlan,
        active.map((k) => ({ keyId: k.keyId, keyHash: k.keyHash })),
      );
      for (const key of stored.filter((k) => !active.includes(k))) {
        await this.bestEffort('remove the API key of a revoked or expired key', { partnerId, keyId: key.keyId }, () =>
          gateway.removeKey(target, partnerId, key.keyId),
        );
      }
    }
    return store.update(partnerId, changes);
  }

  /** Another key (a rotation: the old one stays valid until revoked). */
  async issueKey(target: GatewayTarget, partnerId: string, validForDays?: number): Promise<IssuedKey> {
    const { store, gateway } = this.deps;
    const partner = await store.find(partnerId);
    if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
    const key = issueKey(this.now(), validForDays);
    await this.gatewayFirst(target, partnerId, key, () => gateway.addKeys(target, partnerId, partner.usagePlan, [gatewayKey(key)]));
    try {
      await store.addApiKey(partnerId, key);
    } catch (error) {
      await this.undoKey(target, partnerId, key.keyId);
      throw error;
    }
    return key;
  }

  /**
   * Revokes a key in the table (the authorizer refuses it from the next request on), then
   * removes its API Gateway key. Returns whether that removal worked; when it did not, the
   * revocation stands, the failure is reported, and repeating the DELETE finishes it.
   */
  async revokeKey(target: GatewayTarget, partnerId: string, keyId: string): Promise<{ gatewayKeyRemoved: boolean }> {
    await this.deps.store.revokeApiKey(partnerId, keyId, this.now());
    const removed = await this.bestEffort('remove the API key of a revoked key (repeat the DELETE to finish)', { partnerId, keyId }, () =>
      this.deps.gateway.removeKey(target, partnerId, keyId),
    );
    return { gatewayKeyRemoved: removed };
  }

  /** The gateway write; when it fails, whatever part of the key it made is removed again. */
  private async gatewayFirst(target: GatewayTarget, partnerId: string, key: IssuedKey, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      await this.undoKey(target, partnerId, key.keyId);
      throw error;
    }
  }

  /** The gateway key of a key the table never stored: nobody will ever present it. */
  private async undoKey(target: GatewayTarget, partnerId: string, keyId: string): Promise<void> {
    await this.bestEffort('remove the API key of a key that was not saved', { partnerId, keyId }, () =>
      this.deps.gateway.removeKey(target, partnerId, keyId),
    );
  }

  private async bestEffort(what: string, details: Record<string, unknown>, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      this.deps.warn(`API Gateway: could not ${what}`, {
        ...details,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return false;
    }
  }
}
