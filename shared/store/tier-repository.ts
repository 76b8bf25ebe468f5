/**
 * What the nightly tier job reads and writes: the tenants, each tenant's customers (through the
 * GSI1 customer listing), a tenant's tier thresholds, one customer's tier with its line of the
 * tier-changes report, and that report read back (newest first). Implements the job's
 * `TierStore`, so no AWS type reaches `shared/customers`.
 */
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from '#customers/profile';
import type { TierCustomer, TierWrite } from '#customers/tier-job';
import type { ShardedTierStore } from '#customers/tier-parts';
import type { TierChange } from '#customers/win-back';
import { HOUSE_TENANT } from '#core/tenant';
import { keys, LISTING_SHARDS } from './keys.ts';
import { CustomerRepository } from './customer-repository.ts';
import { callStore, failedConditions, namedTransaction, type NamedItem, type NamedTransaction } from './store-errors.ts';
import { TABLE } from './table.ts';

/** How long a line of the tier-changes report is kept (then DynamoDB's TTL deletes it). */
export const TIER_CHANGE_RETENTION_DAYS = 400;

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

/** One page of one shard of a tenant's customer listing, with only what the tier needs (pure). */
export function buildListCustomersQuery(
  tableName: string,
  tenantId: string,
  shard: number,
  exclusiveStartKey?: StartKey,
  pageSize?: number,
): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: LISTING_INDEX,
    KeyConditionExpression: 'GSI1PK = :listing',
    ExpressionAttributeValues: { ':listing': keys.customerListing(tenantId, '', shard).GSI1PK },
    ProjectionExpression: '#customerId, #recentOrders, #tier, #mergedInto, #valueHalvedSince',
    ExpressionAttributeNames: {
      '#customerId': 'customerId',
      '#recentOrders': 'recentOrders',
      '#tier': 'tier',
      '#mergedInto': 'mergedInto',
      '#valueHalvedSince': 'valueHalvedSince',
    },
    ...(pageSize ? { Limit: pageSize } : {}),
    ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
  };
}

/** Reads a tenant's settings item (pure). */
export function buildGetTenantSettings(tableName: string, tenantId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.tenantSettings(tenantId) };
}

/** The actions of the tier-saving transaction, by name. */
export type SaveTierAction = 'profile' | 'report';

/**
 * Saves what the job decided for one customer (pure): the tier (and when it was computed, if it
 * changed) and the value-halved mark on the profile, conditional on the profile existing (an
 * update would otherwise create a bare item for a customer erased meanwhile), and with it, all or
 * nothing, the customer's line of the tier-changes report.
 */
export function buildSaveTierTransaction(
  tableName: string,
  tenantId: string,
  write: TierWrite,
  computedAt: Date,
): NamedTransaction<SaveTierAction> {
  const names: Record<string, string> = { '#tier': 'tier', '#valueHalvedSince': 'valueHalvedSince' };
  const values: Record<string, unknown> = { ':tier': write.tier };
  const sets = ['#tier = :tier'];
  if (write.tierChanged) {
    names['#tierComputedAt'] = 'tierComputedAt';
    values[':computedAt'] = computedAt.toISOString();
    sets.push('#tierComputedAt = :computedAt');
  }
  if (write.valueHalvedSince !== null) {
    values[':valueHalvedSince'] = write.valueHalvedSince;
    sets.push('#valueHalvedSince = :valueHalvedSince');
  }
  const items: NamedItem<SaveTierAction>[] = [
    {
      name: 'profile',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, write.customerId),
          UpdateExpression: `SET ${sets.join(', ')}${write.valueHalvedSince === null ? ' REMOVE #valueHalvedSince' : ''}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    },
  ];
  if (write.change)
    items.push({
      name: 'report',
      item: {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.tierChange(tenantId, write.change.at, write.customerId),
            ...write.change,
            [TABLE.timeToLiveAttribute]: Math.floor(computedAt.getTime() / 1000) + TIER_CHANGE_RETENTION_DAYS * 86_400,
          },
        },
      },
    });
  return namedTransaction(items);
}

/** One page of a tenant's tier-changes report, newest first (pure). */
export function buildTierChangesQuery(
  tableName: string,
  tenantId: string,
  limit: number,
  exclusiveStartKey?: Record<string, unknown>,
): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :report',
    ExpressionAttributeValues: { ':report': keys.tierChangesPartition(tenantId) },
    ScanIndexForward: false,
    Limit: limit,
    ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
  };
}

/** A stored report line as the domain reads it; `undefined` for an item that is not one. */
function tierChangeFromItem(item: Record<string, unknown>): TierChange | undefined {
  const tier = (value: unknown) => readTier(value);
  const from = tier(item.from);
  const to = tier(item.to);
  if (typeof item.customerId !== 'string' || typeof item.at !== 'string' || !from || !to) return undefined;
  return {
    tenantId: String(item.tenantId),
    customerId: item.customerId,
    at: item.at,
    from,
    to,
    winBack: item.winBack === true,
    reasons: Array.isArray(item.reasons)
      ? item.reasons.filter((r): r is TierChange['reasons'][number] => r === 'moved-down' || r === 'value-halved')
      : [],
    value90: Number(item.value90 ?? 0),
    previous90: Number(item.previous90 ?? 0),
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

export class TierRepository implements ShardedTierStore {
  /** The shards of a tenant's customer listing: the tier job's parts. */
  readonly listingShards = LISTING_SHARDS;

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

  /** Every customer of the tenant, shard after shard; records merged into another customer are left out. */
  async listCustomers(tenantId: string): Promise<TierCustomer[]> {
    const customers: TierCustomer[] = [];
    for (let shard = 0; shard < LISTING_SHARDS; shard++) customers.push(...(await this.listCustomersOfShard(tenantId, shard)));
    return customers;
  }

  /** Every customer of one shard of the tenant's listing, all pages; merged records are left out. */
  async listCustomersOfShard(tenantId: string, shard: number): Promise<TierCustomer[]> {
    const customers: TierCustomer[] = [];
    let startKey: StartKey;
    do {
      const page = await callStore('list customers', () =>
        this.client.send(new QueryCommand(buildListCustomersQuery(this.tableName, tenantId, shard, startKey, this.options.pageSize))),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.customerId !== 'string' || item.mergedInto !== undefined) continue;
        const tier = readTier(item.tier);
        customers.push({
          customerId: item.customerId,
          recentOrders: readOrders(item.recentOrders),
          ...(tier ? { tier } : {}),
          ...(typeof item.valueHalvedSince === 'string' ? { valueHalvedSince: item.valueHalvedSince } : {}),
        });
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

  /**
   * Saves the tier, the halving mark and the report line together; a customer erased since the
   * listing stays erased (the whole write is dropped). A changed tier is then carried into the
   * customer's repeat orders, so a returning customer sees their new prices in one read.
   */
  async saveTier(tenantId: string, write: TierWrite, computedAt: Date): Promise<void> {
    const transaction = buildSaveTierTransaction(this.tableName, tenantId, write, computedAt);
    try {
      await callStore('save tier', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)?.has('profile')) return;
      throw error;
    }
    if (!write.tierChanged) return;
    const customers = new CustomerRepository(this.client, this.tableName);
    const profile = await customers.get(tenantId, write.customerId);
    if (!profile) return;
    await customers.refreshRepeatOrders(tenantId, write.customerId, {
      tier: write.tier,
      preferences: {
        packaging: profile.preferences?.packaging ?? null,
        invoice: profile.preferences?.invoice ?? null,
        delivery: profile.preferences?.delivery ?? null,
      },
    });
  }

  /** One page of the tenant's tier-changes report, newest first; `next` (a position in the report) continues it. */
  async listTierChanges(tenantId: string, limit: number, after?: string): Promise<{ items: TierChange[]; next?: string }> {
    const startKey = after === undefined ? undefined : { PK: keys.tierChangesPartition(tenantId), SK: after };
    const page = await callStore('read tier changes', () =>
      this.client.send(new QueryCommand(buildTierChangesQuery(this.tableName, tenantId, limit, startKey))),
    );
    const items = (page.Items ?? []).flatMap((item) => tierChangeFromItem(item) ?? []);
    const last = page.LastEvaluatedKey?.SK;
    return { items, ...(typeof last === 'string' ? { next: last } : {}) };
  }
}
