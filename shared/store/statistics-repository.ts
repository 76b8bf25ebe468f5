/**
 * Order statistics items: what the recommendations learn from (shared/recommend/stats.ts), one
 * item per product and scope (a tenant's everyone, a tier segment, one customer). The
 * statistics are stored gzip-compressed (Renault "big" learned from a year of sales: 539 KB of
 * JSON, 43 KB compressed), with a revision for optimistic concurrency and the ids of the last
 * orders learned, so a stream record delivered twice is learned once. Building the requests is
 * pure and unit-tested; sending them is tested on DynamoDB Local.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  PersonalStatisticsItem,
  PersonalStatisticsWrite,
  StatisticsScope,
  StatisticsStore,
  StatisticsWrite,
  StoredStatistics,
} from '#recommend/learning';
import type { RecommendStats } from '#recommend/stats';
import { keys } from './keys.ts';
import { queryAllPages } from './query-pages.ts';
import {
  callStore,
  failedConditions,
  isConditionFailed,
  type NamedTransaction,
  namedTransaction,
  type TransactItem,
} from './store-errors.ts';

/**
 * Checks and types the statistics JSON read back (the recommendation domain's `parseStats`,
 * passed in by the wiring: the store moves bytes, the domain says what they mean).
 */
export type StatisticsDecoder = (json: unknown) => RecommendStats;

/** The key of one statistics item. */
export function statisticsKey(tenantId: string, productId: string, scope: StatisticsScope): { PK: string; SK: string } {
  if (scope.kind === 'all-tenants') return keys.pooledStatistics(productId);
  if (scope.kind === 'customer') return keys.customerStatistics(tenantId, scope.customerId, productId);
  return keys.productStatistics(tenantId, productId, scope.kind === 'everyone' ? 'everyone' : `segment#${scope.segment}`);
}

/** DynamoDB items stop at 400 KB; statistics larger than this once compressed are not stored. */
export const MAX_COMPRESSED_BYTES = 350_000;

export class StatisticsTooLargeError extends Error {
  constructor(readonly compressedBytes: number) {
    super(`order statistics would take ${compressedBytes} bytes compressed (limit ${MAX_COMPRESSED_BYTES})`);
    this.name = 'StatisticsTooLargeError';
  }
}

/** `GetItem` of one statistics item (pure). */
export function buildGetStatistics(tableName: string, tenantId: string, productId: string, scope: StatisticsScope): GetCommandInput {
  return { TableName: tableName, Key: statisticsKey(tenantId, productId, scope) };
}

/** Decodes a stored item; `undefined` for no item. A damaged item throws (never recommended from). */
export function statisticsFromItem(item: Record<string, unknown> | undefined, decode: StatisticsDecoder): StoredStatistics | undefined {
  if (!item) return undefined;
  const blob = item.stats;
  if (!(blob instanceof Uint8Array)) throw new RangeError('statistics item without its compressed statistics');
  return {
    stats: decode(JSON.parse(gunzipSync(blob).toString('utf8'))),
    revision: Number(item.revision ?? 0),
    recentOrderIds: Array.isArray(item.recentOrderIds) ? item.recentOrderIds.map(String) : [],
  };
}

/**
 * The conditional `PutItem` that replaces an item read at `next.revision - 1` (or creates it when
 * that is 0): a concurrent writer makes it fail, and the caller reads again and retries.
 */
export function buildPutStatistics(
  tableName: string,
  tenantId: string,
  productId: string,
  scope: StatisticsScope,
  next: StoredStatistics,
  updatedAt: string,
): PutCommandInput {
  const compressed = gzipSync(JSON.stringify(next.stats));
  if (compressed.byteLength > MAX_COMPRESSED_BYTES) throw new StatisticsTooLargeError(compressed.byteLength);
  const expected = next.revision - 1;
  return {
    TableName: tableName,
    Item: {
      ...statisticsKey(tenantId, productId, scope),
      productId,
      scope: scope.kind,
      orders: next.stats.orders,
      revision: next.revision,
      // The domain bounds the list (RECENT_ORDER_IDS in recommend/learning.ts).
      recentOrderIds: next.recentOrderIds,
      stats: compressed,
      updatedAt,
    },
    ...(expected === 0
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'revision = :expected', ExpressionAttributeValues: { ':expected': expected } }),
  };
}

/** The conditional `DeleteItem` of an item read at `revision` (pure). */
export function buildDeleteStatistics(
  tableName: string,
  tenantId: string,
  productId: string,
  scope: StatisticsScope,
  revision: number,
): DeleteCommandInput {
  return {
    TableName: tableName,
    Key: statisticsKey(tenantId, productId, scope),
    ConditionExpression: 'revision = :revision',
    ExpressionAttributeValues: { ':revision': revision },
  };
}

/** The transaction items of a customer merge's statistics writes (pure; the domain planned them). */
export function buildPersonalStatisticsWrites(
  tableName: string,
  tenantId: string,
  writes: readonly PersonalStatisticsWrite[],
  updatedAt: string,
): TransactItem[] {
  return writes.map((write): TransactItem => {
    const scope = { kind: 'customer' as const, customerId: write.customerId };
    if (write.kind === 'delete') return { Delete: buildDeleteStatistics(tableName, tenantId, write.productId, scope, write.revision) };
    return { Put: buildPutStatistics(tableName, tenantId, write.productId, scope, write.next, updatedAt) };
  });
}

/** The Query of a customer's own statistics items, every product, latest revisions (pure). */
export function buildPersonalStatisticsQuery(tableName: string, tenantId: string, customerId: string): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :stats)',
    ExpressionAttributeValues: {
      ':pk': keys.customerPartition(tenantId, customerId),
      ':stats': keys.customerStatistics(tenantId, customerId, '').SK,
    },
    // A merge's conditions check these revisions: read the latest.
    ConsistentRead: true,
  };
}

/** The actions of a customer statistics write, by name. */
export type CustomerStatisticsAction = 'statistics' | 'profile';

/**
 * A customer's own statistics: the conditional put, and in the same transaction a check that the
 * profile still exists and allows profiling, so an erasure or an opt-out that lands between
 * reading the customer and writing never leaves personal statistics behind (pure).
 */
export function buildPutCustomerStatistics(
  tableName: string,
  tenantId: string,
  customerId: string,
  put: PutCommandInput,
): NamedTransaction<CustomerStatisticsAction> {
  return namedTransaction<CustomerStatisticsAction>([
    { name: 'statistics', item: { Put: put as NonNullable<TransactItem['Put']> } },
    {
      name: 'profile',
      item: {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, customerId),
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(doNotProfile) OR doNotProfile = :false)',
          ExpressionAttributeValues: { ':false': false },
        },
      },
    },
  ]);
}

/** Reads and writes statistics items. */
export class StatisticsRepository implements StatisticsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly decode: StatisticsDecoder,
  ) {}

  /** A customer's own statistics items, one per product; a damaged item comes with its revision only. */
  async personalItems(tenantId: string, customerId: string): Promise<PersonalStatisticsItem[]> {
    const prefix = keys.customerStatistics(tenantId, customerId, '').SK;
    const items = await queryAllPages(
      this.client,
      buildPersonalStatisticsQuery(this.tableName, tenantId, customerId),
      'read personal statistics',
    );
    return items.map((item) => {
      let stored: StoredStatistics | undefined;
      try {
        stored = statisticsFromItem(item, this.decode);
      } catch {
        stored = undefined; // damaged: replaced or deleted by the merge, never merged from
      }
      return { productId: String(item.SK).slice(prefix.length), revision: Number(item.revision ?? 0), ...(stored ? { stored } : {}) };
    });
  }

  async get(tenantId: string, productId: string, scope: StatisticsScope): Promise<StoredStatistics | undefined> {
    const result = await callStore('read order statistics', () =>
      this.client.send(new GetCommand(buildGetStatistics(this.tableName, tenantId, productId, scope))),
    );
    return statisticsFromItem(result.Item, this.decode);
  }

  async put(
    tenantId: string,
    productId: string,
    scope: StatisticsScope,
    next: StoredStatistics,
    updatedAt: string,
  ): Promise<StatisticsWrite> {
    const put = buildPutStatistics(this.tableName, tenantId, productId, scope, next, updatedAt);
    if (scope.kind !== 'customer') {
      try {
        await callStore('write order statistics', () => this.client.send(new PutCommand(put)));
        return 'written';
      } catch (error) {
        if (isConditionFailed(error)) return 'stale';
        throw error;
      }
    }
    const transaction = buildPutCustomerStatistics(this.tableName, tenantId, scope.customerId, put);
    try {
      await callStore('write order statistics', () => this.client.send(new TransactWriteCommand(transaction.input)));
      return 'written';
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      // A profile gone or opted out outweighs a stale revision: retrying would not help.
      if (failed?.has('profile')) return 'refused';
      if (failed?.has('statistics')) return 'stale';
      throw error;
    }
  }
}
