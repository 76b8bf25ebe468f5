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
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { parseStats } from '#recommend/stats';
import {
  mergePersonalStatistics,
  RECENT_ORDER_IDS,
  type StatisticsScope,
  type StatisticsStore,
  type StatisticsWrite,
  type StoredStatistics,
} from '#recommend/learning';
import { keys } from './keys.ts';
import { callStore } from './store-errors.ts';

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
export function statisticsFromItem(item: Record<string, unknown> | undefined): StoredStatistics | undefined {
  if (!item) return undefined;
  const blob = item.stats;
  if (!(blob instanceof Uint8Array)) throw new RangeError('statistics item without its compressed statistics');
  return {
    stats: parseStats(JSON.parse(gunzipSync(blob).toString('utf8'))),
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
      recentOrderIds: next.recentOrderIds.slice(-RECENT_ORDER_IDS),
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

/** A customer's own statistics item of one product as read for a merge; `stored` is missing when the item is damaged. */
export interface PersonalStatisticsItem {
  productId: string;
  revision: number;
  stored?: StoredStatistics;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The writes of a customer merge that concern personal statistics (pure), each conditional on
 * the revision read, so an order learned meanwhile cancels the merge rather than being lost:
 * - the merged record may be profiled: per product, the duplicate's statistics merged into the
 *   kept record's item (replacing a damaged one) and the duplicate's item deleted;
 * - it may not: every personal statistics item of both records deleted, damaged ones too.
 */
export function buildMergePersonalStatistics(
  tableName: string,
  tenantId: string,
  records: { keptId: string; duplicateId: string },
  items: { kept: readonly PersonalStatisticsItem[]; duplicate: readonly PersonalStatisticsItem[] },
  doNotProfile: boolean,
  updatedAt: string,
): TransactItem[] {
  const scopeOf = (customerId: string) => ({ kind: 'customer' as const, customerId });
  const remove = (customerId: string, item: PersonalStatisticsItem): TransactItem => ({
    Delete: buildDeleteStatistics(tableName, tenantId, item.productId, scopeOf(customerId), item.revision),
  });
  if (doNotProfile)
    return [...items.kept.map((i) => remove(records.keptId, i)), ...items.duplicate.map((i) => remove(records.duplicateId, i))];
  return items.duplicate.flatMap((item) => {
    if (!item.stored) return [remove(records.duplicateId, item)];
    const kept = items.kept.find((k) => k.productId === item.productId);
    // A damaged kept item is replaced: the merged statistics start from the duplicate's alone.
    const next = { ...mergePersonalStatistics(kept?.stored, item.stored), ...(kept ? { revision: kept.revision + 1 } : {}) };
    return [
      { Put: buildPutStatistics(tableName, tenantId, item.productId, scopeOf(records.keptId), next, updatedAt) },
      remove(records.duplicateId, item),
    ];
  });
}

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
): TransactWriteCommandInput {
  return {
    TransactItems: [
      { Put: put as NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Put']> },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, customerId),
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(doNotProfile) OR doNotProfile = :false)',
          ExpressionAttributeValues: { ':false': false },
        },
      },
    ],
  };
}

/** Reads and writes statistics items. */
export class StatisticsRepository implements StatisticsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, productId: string, scope: StatisticsScope): Promise<StoredStatistics | undefined> {
    const result = await callStore('read order statistics', () =>
      this.client.send(new GetCommand(buildGetStatistics(this.tableName, tenantId, productId, scope))),
    );
    return statisticsFromItem(result.Item);
  }

  async put(
    tenantId: string,
    productId: string,
    scope: StatisticsScope,
    next: StoredStatistics,
    updatedAt: string,
  ): Promise<StatisticsWrite> {
    const put = buildPutStatistics(this.tableName, tenantId, productId, scope, next, updatedAt);
    try {
      if (scope.kind === 'customer') {
        await callStore('write order statistics', () =>
          this.client.send(new TransactWriteCommand(buildPutCustomerStatistics(this.tableName, tenantId, scope.customerId, put))),
        );
      } else {
        await callStore('write order statistics', () => this.client.send(new PutCommand(put)));
      }
      return 'written';
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'stale';
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons[1]?.Code === 'ConditionalCheckFailed') return 'refused';
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'stale';
      }
      throw error;
    }
  }
}
