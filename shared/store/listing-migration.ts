/**
 * Moves the listing entries written before the listings were sharded (GSI1PK
 * `TENANT#<t>#ORDERS` and `TENANT#<t>#CUSTOMERS`, keys.ts `legacyListingPartition`) into their
 * shards: each entry's item gets the GSI1PK its id hashes to, on condition that it still has the
 * legacy one. Idempotent and restartable: a moved entry leaves the legacy partition, so a re-run
 * (or a run after a crash) only finds what is left, and an item rewritten meanwhile by the new
 * code already has its shard and fails the condition harmlessly. Readers only read the shards
 * (docs/adr/0011-write-sharded-listings.md), so run it once right after deploying.
 */
import {
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, legacyListingPartition } from './keys.ts';
import { callStore, isConditionFailed } from './store-errors.ts';

/** Which tenant-wide listing. */
export type ListingKind = keyof typeof legacyListingPartition;

/** One page of a legacy listing partition, keys only (pure). */
export function buildLegacyListingQuery(
  tableName: string,
  kind: ListingKind,
  tenantId: string,
  startKey?: Record<string, unknown>,
): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :legacy',
    ExpressionAttributeValues: { ':legacy': legacyListingPartition[kind](tenantId) },
    ProjectionExpression: 'PK, SK, GSI1SK',
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** Moves one entry into its shard, only while it is still in the legacy partition (pure). */
export function buildMoveListingEntry(
  tableName: string,
  kind: ListingKind,
  tenantId: string,
  entry: { PK: string; SK: string; id: string },
): UpdateCommandInput {
  const sharded = kind === 'orders' ? keys.orderListing(tenantId, entry.id) : keys.customerListing(tenantId, entry.id);
  return {
    TableName: tableName,
    Key: { PK: entry.PK, SK: entry.SK },
    UpdateExpression: 'SET GSI1PK = :sharded',
    ConditionExpression: 'GSI1PK = :legacy',
    ExpressionAttributeValues: { ':sharded': sharded.GSI1PK, ':legacy': legacyListingPartition[kind](tenantId) },
  };
}

/** Moves every legacy entry of one tenant's listing into its shard; answers how many it moved. */
export async function migrateListing(
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: ListingKind,
  tenantId: string,
): Promise<number> {
  let moved = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await callStore('read legacy listing', () =>
      client.send(new QueryCommand(buildLegacyListingQuery(tableName, kind, tenantId, startKey))),
    );
    for (const item of page.Items ?? []) {
      const entry = { PK: String(item.PK), SK: String(item.SK), id: String(item.GSI1SK) };
      try {
        await callStore('move listing entry', () =>
          client.send(new UpdateCommand(buildMoveListingEntry(tableName, kind, tenantId, entry))),
        );
        moved++;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return moved;
}
