/**
 * The local stand-in for the Lambda event source on the table's stream: reads DynamoDB Local's
 * stream (the same Streams API as AWS) and hands each batch, as a Lambda `DynamoDBStreamEvent`
 * filtered to new order items like the deployed event source, to the same handler
 * (functions/order-learning.ts). Like Lambda it retries a batch from its first reported
 * failure, a few times, then parks it (here: one log line) and goes on.
 *
 * It starts at the end of the stream (orders placed while the server was stopped are not
 * learned) and follows new shards from their start.
 */
import { DescribeTableCommand, UpdateTableCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface OrderStreamOptions {
  endpoint: string;
  tableName: string;
  /** The table client (for enabling the stream on tables created before it existed). */
  tableClient: DynamoDBDocumentClient;
  handler: () => Promise<StreamHandler>;
  /** Milliseconds between polls of an idle stream. @default 200 */
  intervalMs?: number;
  /** Deliveries of one batch before it is parked. @default 5 */
  maxAttempts?: number;
  /** The event source's filter: which records reach the handler. @default {@link isNewOrder} */
  filter?: (record: Pick<StreamRecord, 'eventName' | 'dynamodb'>) => boolean;
  /** Names the consumer in log lines. @default 'order learning' */
  name?: string;
  log?: (line: string) => void;
}

export interface OrderStream {
  /** Resolves once every record written before the call has been handed to the handler. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** The Lambda event source's filter: only new order items reach the handler (pure). */
export function isNewOrder(record: Pick<StreamRecord, 'eventName' | 'dynamodb'>): boolean {
  const sk = record.dynamodb?.Keys?.SK;
  return record.eventName === 'INSERT' && sk !== undefined && 'S' in sk && typeof sk.S === 'string' && sk.S.startsWith('ORDER#');
}

/** The webhook dispatcher's filter: new and changed order items (pure). */
export function isOrderChange(record: Pick<StreamRecord, 'eventName' | 'dynamodb'>): boolean {
  const sk = record.dynamodb?.Keys?.SK;
  return (
    (record.eventName === 'INSERT' || record.eventName === 'MODIFY') &&
    sk !== undefined &&
    'S' in sk &&
    typeof sk.S === 'string' &&
    sk.S.startsWith('ORDER#')
  );
}

/** A Streams API record as Lambda delivers it (epoch seconds instead of a Date). Pure. */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion!,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion!,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      Keys: d.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(d.NewImage
        ? { NewImage: d.NewImage as Record<string, AttributeValue> as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] }
        : {}),
      SequenceNumber: d.SequenceNumber!,
      SizeBytes: d.SizeBytes!,
      StreamViewType: d.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
  };
}

interface ShardCursor {
  iterator: string | undefined;
  /** The last sequence number handed over (or parked). */
  after: string | undefined;
  /** How to restart when the iterator is lost and nothing was handed over yet. */
  start: ShardIteratorType;
  attempts: number;
}

/** Turns the stream on for a table that was created without it (a `.data/` from before). */
async function streamArnOf(client: DynamoDBDocumentClient, tableName: string): Promise<string> {
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  if (table?.StreamSpecification?.StreamEnabled && table.LatestStreamArn) return table.LatestStreamArn;
  const updated = await client.send(
    new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
  );
  const arn = updated.TableDescription?.LatestStreamArn;
  if (!arn) throw new Error(`table ${tableName} has no stream`);
  return arn;
}

export async function startOrderStream(options: OrderStreamOptions): Promise<OrderStream> {
  const log = options.log ?? (() => {});
  const intervalMs = options.intervalMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  const filter = options.filter ?? isNewOrder;
  const name = options.name ?? 'order learning';
  const streamArn = await streamArnOf(options.tableClient, options.tableName);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { connectionTimeout: 500, requestTimeout: 2_000, throwOnRequestTimeout: true },
    maxAttempts: 1,
  });
  const shards = new Map<string, ShardCursor>();
  let firstDiscovery = true;
  let lastDiscovery = 0;
  let stopped = false;
  let passes = 0;
  let quietPasses = 0;
  let lastError = '';
  const waiters: { fromPass: number; resolve: () => void }[] = [];

  const discover = async () => {
    let start: string | undefined;
    do {
      const page = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        // At start: only the open shards, from now on. Later: every new shard from its start.
        if (firstDiscovery && closed) continue;
        shards.set(shard.ShardId, {
          iterator: undefined,
          after: undefined,
          start: firstDiscovery ? 'LATEST' : 'TRIM_HORIZON',
          attempts: 0,
        });
      }
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    firstDiscovery = false;
    lastDiscovery = Date.now();
  };

  const iteratorOf = async (shardId: string, cursor: ShardCursor): Promise<string | undefined> => {
    if (cursor.iterator) return cursor.iterator;
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(cursor.after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: cursor.after }
          : { ShardIteratorType: cursor.start }),
      }),
    );
    cursor.iterator = result.ShardIterator;
    return cursor.iterator;
  };

  /** One read of every shard; the number of records it found. */
  const pass = async (): Promise<number> => {
    if (firstDiscovery || Date.now() - lastDiscovery > 2_000) await discover();
    let found = 0;
    for (const [shardId, cursor] of shards) {
      const iterator = await iteratorOf(shardId, cursor);
      if (!iterator) {
        shards.delete(shardId);
        continue;
      }
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = page.Records ?? [];
      found += records.length;
      const orders = records.filter(filter).map((r) => toLambdaRecord(r, streamArn));
      let failedAt: string | undefined;
      if (orders.length > 0) {
        try {
          const response = await (await options.handler())({ Records: orders });
          // Sequence numbers are decimal strings of any length: compare them as numbers.
          failedAt = response?.batchItemFailures
            ?.map((f) => f.itemIdentifier)
            .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))[0];
        } catch (error) {
          failedAt = orders[0]!.dynamodb!.SequenceNumber;
          log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failedAt !== undefined && ++cursor.attempts < maxAttempts) {
        // Deliver again from the first failure, like Lambda's event source.
        cursor.iterator = (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ShardIteratorType: 'AT_SEQUENCE_NUMBER',
              SequenceNumber: failedAt,
            }),
          )
        ).ShardIterator;
        continue;
      }
      if (failedAt !== undefined) log(`${name}: parked a batch of ${orders.length} order(s) after ${maxAttempts} attempts`);
      cursor.attempts = 0;
      const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) cursor.after = last;
      cursor.iterator = page.NextShardIterator;
      if (!page.NextShardIterator) shards.delete(shardId); // a closed shard, read to its end
    }
    return found;
  };

  // Take the starting positions before returning: an order written right after the start is read.
  try {
    await discover();
    for (const [shardId, cursor] of shards) await iteratorOf(shardId, cursor);
  } catch (error) {
    streams.destroy();
    throw error;
  }

  let failures = 0;
  // The pause between passes, cut short by stop(): an unref'd timer alone would leave `await loop`
  // hanging on nothing, and a process awaiting close() would end with exit code 13.
  let sleeping: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let found = 0;
      let failed = false;
      try {
        found = await pass();
        lastError = '';
        failures = 0;
      } catch (error) {
        // DynamoDB Local stopped or frozen: keep the cursors, lose the iterators, try again later.
        for (const cursor of shards.values()) cursor.iterator = undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) log(`order stream unavailable (${message}); retrying`);
        lastError = message;
        failed = true;
        failures += 1;
      }
      passes += 1;
      // A failed pass is not a quiet one: settled() waits for a pass that read everything.
      quietPasses = found === 0 && !failed ? quietPasses + 1 : 0;
      for (const w of [...waiters]) {
        if (quietPasses >= 1 && passes > w.fromPass) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      // Idle: poll again after the interval; failing: back off up to 2 s instead of spinning.
      const pause = failed ? Math.min(2_000, intervalMs * 2 ** Math.min(failures, 4)) : found === 0 ? intervalMs : 0;
      if (pause > 0 && !stopped)
        await new Promise<void>((resolve) => {
          wake = resolve;
          sleeping = setTimeout(resolve, pause).unref();
        });
    }
  })();

  return {
    settled: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        // Look for new shards on the next pass too: a record may sit in a shard not seen yet.
        lastDiscovery = 0;
        waiters.push({ fromPass: passes + 1, resolve });
      }),
    async stop() {
      stopped = true;
      clearTimeout(sleeping);
      wake?.();
      await loop;
      for (const w of waiters.splice(0)) w.resolve();
      streams.destroy();
    },
  };
}
