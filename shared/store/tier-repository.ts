/**
 * What the nightly tier job reads and writes: the tenants, each tenant's customers (through the
 * GSI1 customer listing), a tenant's tier thresholds, and one customer's tier. Implements the
 * job's `TierStore`, so no AWS type reaches `shared/customers`.
 */
import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from '#customers/profile';
import type { TierCustomer, TierStore } from '#customers/tier-job';
import { HOUSE_TENANT } from '#core/tenant';
import { keys } from './keys.ts';
import { CustomerRepository } from './customer-repository.ts';
import { callStore, isConditionFailed } from './store-errors.ts';

/** The GSI1 index of the single table (`shared/store/table.ts`). */
const LISTING_INDEX = 'GSI1';

/** The attribute of the tenant settings item that holds the tier thresholds. */
export const TIER_THRESHOLDS_ATTRIBUTE = 'tierThresholds';

type StartKey = Record<string, unknown> | undefined;

/** Options of a {@link TierRepository}. */
export interface TierRepositoryOptions {
  /** Items per listing page; by default DynamoDB's (up to 1 MB). Small pages exercise paging in tests. */
  pageSize?: number;
}

/** One page of the partner listing (pure). */
export function buildListPartnersQuery(tableName: string, exclusiveStartKey?: StartKey, pageSize?: number): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: LISTING_INDEX,
    KeyConditionExpression: 'GSI1PK = :listing',
    ExpressionAttributeValues: { ':listing': keys.partnerListing('').GSI1PK },
    ProjectionExpression: 'GSI1SK',
    ...(pageSize ? { Limit: pageSize } : {}),
    ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
  };
}

/** One page of a tenant's customer listing, with only what the tier needs (pure). */
export function buildListCustomersQuery(
  tableName: string,
  tenantId: string,
  exclusiveStartKey?: StartKey,
  pageSize?: number,
): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: LISTING_INDEX,
    KeyConditionExpression: 'GSI1PK = :listing',
    ExpressionAttributeValues: { ':listing': keys.customerListing(tenantId, '').GSI1PK },
    ProjectionExpression: '#customerId, #recentOrders, #tier, #mergedInto',
    ExpressionAttributeNames: {
      '#customerId': 'customerId',
      '#recentOrders': 'recentOrders',
      '#tier': 'tier',
      '#mergedInto': 'mergedInto',
    },
    ...(pageSize ? { Limit: pageSize } : {}),
    ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
  };
}

/** Reads a tenant's settings item (pure). */
export function buildGetTenantSettings(tableName: string, tenantId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.tenantSettings(tenantId) };
}

/**
 * Sets one customer's tier and when it was computed, answering the profile as it is now (its
 * preferences go into the repeat orders) (pure). Conditional on the profile existing: an update
 * would otherwise create a bare item for a customer erased meanwhile.
 */
export function buildSetTierUpdate(
  tableName: string,
  tenantId: string,
  customerId: string,
  tier: Tier,
  computedAt: Date,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.customerProfile(tenantId, customerId),
    UpdateExpression: 'SET #tier = :tier, #tierComputedAt = :computedAt',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: { '#tier': 'tier', '#tierComputedAt': 'tierComputedAt' },
    ExpressionAttributeValues: { ':tier': tier, ':computedAt': computedAt.toISOString() },
    ReturnValues: 'ALL_NEW',
  };
}

/** The readable orders of a stored `recentOrders` list; anything malformed is left out. */
function readOrders(value: unknown): OrderValue[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (order): order is OrderValue =>
      typeof order === 'object' && order !== null && typeof order.at === 'string' && typeof order.amount === 'number',
  );
}

function readTier(value: unknown): Tier | undefined {
  return value === 'A' || value === 'B' || value === 'C' ? value : undefined;
}

export class TierRepository implements TierStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: TierRepositoryOptions = {},
  ) {}

  /** The house tenant first, then every partner in id order. */
  async listTenants(): Promise<string[]> {
    const tenants = [HOUSE_TENANT];
    let startKey: StartKey;
    do {
      const page = await callStore('list partners', () =>
        this.client.send(new QueryCommand(buildListPartnersQuery(this.tableName, startKey, this.options.pageSize))),
      );
      for (const item of page.Items ?? []) {
        const partnerId = item.GSI1SK;
        if (typeof partnerId === 'string' && partnerId !== HOUSE_TENANT) tenants.push(partnerId);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return tenants;
  }

  /** Every customer of the tenant, all pages; records merged into another customer are left out. */
  async listCustomers(tenantId: string): Promise<TierCustomer[]> {
    const customers: TierCustomer[] = [];
    let startKey: StartKey;
    do {
      const page = await callStore('list customers', () =>
        this.client.send(new QueryCommand(buildListCustomersQuery(this.tableName, tenantId, startKey, this.options.pageSize))),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.customerId !== 'string' || item.mergedInto !== undefined) continue;
        const tier = readTier(item.tier);
        customers.push({ customerId: item.customerId, recentOrders: readOrders(item.recentOrders), ...(tier ? { tier } : {}) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return customers;
  }

  /** The tenant's stored tier thresholds as they are (the job checks them), or undefined. */
  async storedThresholds(tenantId: string): Promise<unknown> {
    const result = await callStore('read tenant settings', () =>
      this.client.send(new GetCommand(buildGetTenantSettings(this.tableName, tenantId))),
    );
    return result.Item?.[TIER_THRESHOLDS_ATTRIBUTE];
  }

  /** Writes the tier; a customer erased since the listing stays erased (the write is dropped). */
  async setTier(tenantId: string, customerId: string, tier: Tier, computedAt: Date): Promise<void> {
    let preferences: Record<string, unknown> | undefined;
    try {
      const result = await callStore('set tier', () =>
        this.client.send(new UpdateCommand(buildSetTierUpdate(this.tableName, tenantId, customerId, tier, computedAt))),
      );
      preferences = (result.Attributes?.preferences ?? {}) as Record<string, unknown>;
    } catch (error) {
      if (isConditionFailed(error)) return;
      throw error;
    }
    // Repeat orders carry the tier, so a returning customer sees their new prices in one read.
    await new CustomerRepository(this.client, this.tableName).refreshRepeatOrders(tenantId, customerId, {
      tier,
      preferences: {
        packaging: (preferences.packaging as string | undefined) ?? null,
        invoice: (preferences.invoice as string | undefined) ?? null,
        delivery: (preferences.delivery as string | undefined) ?? null,
      },
    });
  }
}
