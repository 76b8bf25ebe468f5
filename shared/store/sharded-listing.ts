/**
 * Pages of a write-sharded listing (a tenant's orders or customers, spread over
 * `LISTING_SHARDS` GSI1 partitions by a hash of the id, keys.ts): one page reads the next items
 * of every shard that is not finished and merges the N sorted streams by sort key. The position
 * holds, for each shard, the last sort key handed out from it (or that it is finished), so the
 * next page continues every shard exactly where the merge stopped: every item once, in order.
 *
 * The position is a plain string; the HTTP layer signs it into a cursor like every other
 * (`PageCursors`, shared/http/cursor.ts). Sort keys within one shard are unique (ids), so each
 * shard continues with `GSI1SK > :after` (`<` backwards), not with a LastEvaluatedKey.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError } from '#core/errors';
import { callStore } from './store-errors.ts';

/** What one shard read answers: items in the listing's order, and whether the shard has more. */
export interface ShardRead<T> {
  items: T[];
  more: boolean;
}

/** Reads up to `limit` items of `shard` after `after` (from the start when undefined), in order. */
export type ShardReader<T> = (shard: number, after: string | undefined, limit: number) => Promise<ShardRead<T>>;

/** One page of a sharded listing; `next` continues it (absent: the listing is finished). */
export interface ShardedPage<T> {
  items: T[];
  next?: string;
}

/** Shard reads in flight at once for one page: a Lambda's sockets and the table stay calm. */
export const SHARD_READ_CONCURRENCY = 8;

/** Per shard: `null` not read yet, a sort key to continue after, `true` finished. */
type ShardState = string | null | true;

/** The position of a listing that has not started. */
function startState(shards: number): ShardState[] {
  return Array.from({ length: shards }, () => null);
}

/** Encodes a position (pure). */
export function encodeShardPosition(states: readonly ShardState[]): string {
  return JSON.stringify({ n: states.length, a: states });
}

/** Decodes a position made by {@link encodeShardPosition} for `shards` shards; throws MalformedRequestError otherwise (pure). */
export function decodeShardPosition(position: string, shards: number): ShardState[] {
  const invalid = () =>
    new MalformedRequestError('the cursor is not valid for this listing', [
      { path: ['query', 'cursor'], code: 'invalid_cursor', message: 'use the nextCursor of the previous page, unchanged' },
    ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(position);
  } catch {
    throw invalid();
  }
  const { n, a } = (decoded ?? {}) as { n?: unknown; a?: unknown };
  if (n !== shards || !Array.isArray(a) || a.length !== shards) throw invalid();
  if (!a.every((s) => s === null || s === true || (typeof s === 'string' && s.length > 0))) throw invalid();
  return a as ShardState[];
}

/**
 * One page of up to `limit` items merged from `shards` sorted shards (ascending sort keys when
 * `forward`, else descending), continuing `position` (from the start when undefined).
 *
 * Each unfinished shard is read for up to `limit` items after its position (at most
 * {@link SHARD_READ_CONCURRENCY} reads at once); the merge takes the smallest head until the
 * page is full, or until a shard whose buffer ran out still has more (its next item is unknown,
 * so nothing may pass it): such a page is shorter than `limit` and still has `next`.
 */
export async function readShardedPage<T>(options: {
  shards: number;
  limit: number;
  forward: boolean;
  position?: string;
  read: ShardReader<T>;
  sortKey: (item: T) => string;
}): Promise<ShardedPage<T>> {
  const { shards, limit, forward, read, sortKey } = options;
  const states = options.position === undefined ? startState(shards) : decodeShardPosition(options.position, shards);
  const buffers: { items: T[]; more: boolean; next: number }[] = Array.from({ length: shards }, () => ({
    items: [],
    more: false,
    next: 0,
  }));
  const open = states.flatMap((state, shard) => (state === true ? [] : [shard]));
  for (let start = 0; start < open.length; start += SHARD_READ_CONCURRENCY) {
    await Promise.all(
      open.slice(start, start + SHARD_READ_CONCURRENCY).map(async (shard) => {
        const state = states[shard];
        const page = await read(shard, typeof state === 'string' ? state : undefined, limit);
        buffers[shard] = { items: page.items, more: page.more, next: 0 };
      }),
    );
  }
  const before = (x: string, y: string) => (forward ? x < y : x > y);
  const items: T[] = [];
  while (items.length < limit) {
    let best = -1;
    let blocked = false;
    for (const shard of open) {
      const buffer = buffers[shard]!;
      if (buffer.next >= buffer.items.length) {
        if (buffer.more) blocked = true;
        continue;
      }
      if (best < 0 || before(sortKey(buffer.items[buffer.next]!), sortKey(buffers[best]!.items[buffers[best]!.next]!))) best = shard;
    }
    if (blocked || best < 0) break;
    const item = buffers[best]!.items[buffers[best]!.next++]!;
    states[best] = sortKey(item);
    items.push(item);
  }
  for (const shard of open) {
    const buffer = buffers[shard]!;
    if (buffer.next >= buffer.items.length && !buffer.more) states[shard] = true;
  }
  return { items, ...(states.every((s) => s === true) ? {} : { next: encodeShardPosition(states) }) };
}

/**
 * The Query of one shard of a GSI1 listing (pure): up to `limit` entries of `partition` after
 * `after` (by GSI1SK, ascending when `forward`), with an optional projection.
 */
export function buildShardQuery(
  tableName: string,
  partition: string,
  after: string | undefined,
  limit: number,
  forward: boolean,
  projection?: { expression: string; names: Record<string, string> },
): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: after === undefined ? 'GSI1PK = :listing' : `GSI1PK = :listing AND GSI1SK ${forward ? '>' : '<'} :after`,
    ExpressionAttributeValues: { ':listing': partition, ...(after === undefined ? {} : { ':after': after }) },
    ScanIndexForward: forward,
    Limit: limit,
    ...(projection ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names } : {}),
  };
}

/** A {@link ShardReader} over DynamoDB: one Query per call; `partition(shard)` names the shard's GSI1PK. */
export function dynamoShardReader(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: (shard: number) => string,
  forward: boolean,
  operation: string,
  projection?: { expression: string; names: Record<string, string> },
): ShardReader<Record<string, unknown>> {
  return async (shard, after, limit) => {
    const page = await callStore(operation, () =>
      client.send(new QueryCommand(buildShardQuery(tableName, partition(shard), after, limit, forward, projection))),
    );
    return { items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined };
  };
}
