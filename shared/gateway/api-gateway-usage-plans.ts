/**
 * The AWS adapter of `UsagePlanGateway`: sends the requests `usage-plan-requests.ts` builds to
 * API Gateway. Look-up before create, by deterministic name, so every call is idempotent and a
 * retry converges. Every failure becomes `UpstreamUnavailableError` (HTTP 503, Retry-After).
 *
 * IAM (infra/constructs/configurator-api.ts grants exactly this): GET and POST on
 * `/apikeys` and `/usageplans`, DELETE on `/apikeys/*`, POST and PATCH on `/usageplans/*`.
 */
import {
  APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  UpdateUsagePlanCommand,
  type UsagePlan as GatewayUsagePlan,
} from '@aws-sdk/client-api-gateway';
import { UpstreamUnavailableError } from '#core/errors';
import type { UsagePlan } from '#core/usage-plan';
import type { GatewayKey, GatewayTarget, UsagePlanGateway } from '#partners/usage-plan-gateway';
import {
  apiKeyName,
  createApiKeyInput,
  createUsagePlanInput,
  createUsagePlanKeyInput,
  findByName,
  usagePlanName,
  usagePlanPatch,
} from './usage-plan-requests.ts';

/** Seconds a caller should wait before retrying after API Gateway refused or did not answer. */
const RETRY_AFTER_SECONDS = 5;

export class ApiGatewayUsagePlans implements UsagePlanGateway {
  constructor(private readonly client: APIGatewayClient = new APIGatewayClient({ maxAttempts: 3 })) {}

  async syncPlan(target: GatewayTarget, partnerId: string, plan: UsagePlan): Promise<void> {
    await this.call('sync the usage plan', () => this.ensurePlan(target, partnerId, plan));
  }

  async addKeys(target: GatewayTarget, partnerId: string, plan: UsagePlan, keys: readonly GatewayKey[]): Promise<void> {
    await this.call('add the API key', async () => {
      const planId = await this.ensurePlan(target, partnerId, plan);
      for (const key of keys) {
        const apiKeyId = await this.ensureApiKey(target, partnerId, key);
        try {
          await this.client.send(new CreateUsagePlanKeyCommand(createUsagePlanKeyInput(planId, apiKeyId)));
        } catch (error) {
          // Already in the plan: a retry after a partial success.
          if (!(error instanceof ConflictException)) throw error;
        }
      }
    });
  }

  async removeKey(target: GatewayTarget, partnerId: string, keyId: string): Promise<void> {
    await this.call('remove the API key', async () => {
      for (const key of await this.apiKeysNamed(apiKeyName(target, partnerId, keyId), false)) {
        try {
          await this.client.send(new DeleteApiKeyCommand({ apiKey: key.id }));
        } catch (error) {
          if (!(error instanceof NotFoundException)) throw error;
        }
      }
    });
  }

  /** The plan's id, after creating it or bringing its limits and stage in line. */
  private async ensurePlan(target: GatewayTarget, partnerId: string, plan: UsagePlan): Promise<string> {
    const existing = await this.findPlan(usagePlanName(target, partnerId));
    if (!existing?.id) {
      const created = await this.client.send(new CreateUsagePlanCommand(createUsagePlanInput(target, partnerId, plan)));
      if (!created.id) throw new Error('CreateUsagePlan answered without an id');
      return created.id;
    }
    const patchOperations = usagePlanPatch(existing, target, plan);
    if (patchOperations.length) await this.client.send(new UpdateUsagePlanCommand({ usagePlanId: existing.id, patchOperations }));
    return existing.id;
  }

  /** Usage plans cannot be filtered by name: page through them (admin calls only, rare). */
  private async findPlan(name: string): Promise<GatewayUsagePlan | undefined> {
    let position: string | undefined;
    do {
      const page = await this.client.send(new GetUsagePlansCommand({ limit: 500, ...(position ? { position } : {}) }));
      const found = findByName(page.items, name);
      if (found) return found;
      position = page.position;
    } while (position);
    return undefined;
  }

  /** The API key's id, created if missing; an existing key with another value is a defect, not reused. */
  private async ensureApiKey(target: GatewayTarget, partnerId: string, key: GatewayKey): Promise<string> {
    const name = apiKeyName(target, partnerId, key.keyId);
    const found = findByName(await this.apiKeysNamed(name, true), name);
    if (found?.id) {
      if (found.value !== key.keyHash) throw new Error(`API key ${name} exists with another value`);
      return found.id;
    }
    try {
      const created = await this.client.send(new CreateApiKeyCommand(createApiKeyInput(target, partnerId, key)));
      if (!created.id) throw new Error('CreateApiKey answered without an id');
      return created.id;
    } catch (error) {
      // Created meanwhile by a concurrent retry: take that one.
      if (!(error instanceof ConflictException)) throw error;
      const raced = findByName(await this.apiKeysNamed(name, true), name);
      if (!raced?.id) throw error;
      return raced.id;
    }
  }

  private async apiKeysNamed(name: string, includeValues: boolean) {
    const items = [];
    let position: string | undefined;
    do {
      const page = await this.client.send(
        new GetApiKeysCommand({ nameQuery: name, includeValues, limit: 500, ...(position ? { position } : {}) }),
      );
      items.push(...(page.items ?? []).filter((item) => item.name === name && item.id));
      position = page.position;
    } while (position);
    return items as { id: string; name: string; value?: string; createdDate?: Date }[];
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new UpstreamUnavailableError(
        `API Gateway did not ${what}: ${error instanceof Error ? error.name : 'unknown error'}`,
        RETRY_AFTER_SECONDS,
        { cause: error },
      );
    }
  }
}
