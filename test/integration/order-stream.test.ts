/**
 * The local stand-in for the stream event source, on DynamoDB Local's real stream: it turns the
 * stream on for a table created before it existed, hands only new order items to the handler,
 * redelivers from the first reported failure, and parks a batch after its last attempt.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '#store/client';
import { createTableInput, TABLE } from '#store/table';
import { startOrderStream, type OrderStream, type StreamHandler } from '../../infra/local/order-stream.ts';

const endpoint = inject('dynamoEndpoint');
const client = createDocumentClient({ endpoint });
const streams: OrderStream[] = [];

async function oldTable(): Promise<string> {
  // A table as `npm start` created it before the stream existed.
  const tableName = `s-${randomUUID().slice(0, 8)}`;
  const { StreamSpecification: _stream, ...withoutStream } = createTableInput(TABLE, tableName);
  await client.send(new CreateTableCommand(withoutStream));
  return tableName;
}

async function follow(tableName: string, handler: StreamHandler, maxAttempts = 5): Promise<OrderStream> {
  const stream = await startOrderStream({
    endpoint,
    tableName,
    tableClient: client,
    handler: async () => handler,
    maxAttempts,
    intervalMs: 50,
  });
  streams.push(stream);
  return stream;
}

const put = (tableName: string, SK: string) =>
  client.send(new PutCommand({ TableName: tableName, Item: { PK: 'TENANT#t#CUSTOMER#c', SK, orderId: SK } }));

afterAll(async () => {
  for (const stream of streams) await stream.stop();
  client.destroy();
});

describe('the local order stream', () => {
  it('turns the stream on for an older table and hands over new order items only', async () => {
    // Prepare
    const tableName = await oldTable();
    const events: DynamoDBStreamEvent[] = [];
    const stream = await follow(tableName, async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    // Act
    await put(tableName, 'ORDER#1');
    await put(tableName, 'PROFILE');
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: 'TENANT#t#CUSTOMER#c', SK: 'ORDER#1' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'shipped' },
      }),
    );
    await client.send(new DeleteCommand({ TableName: tableName, Key: { PK: 'TENANT#t#CUSTOMER#c', SK: 'PROFILE' } }));
    await put(tableName, 'ORDER#2');
    await stream.settled();
    // Assess
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => [r.eventName, r.dynamodb?.Keys?.SK?.S])).toEqual([
      ['INSERT', 'ORDER#1'],
      ['INSERT', 'ORDER#2'],
    ]);
    expect(records[0]!.dynamodb?.NewImage?.orderId).toEqual({ S: 'ORDER#1' });
    expect(typeof records[0]!.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('delivers again from the first failure, then parks the batch after its last attempt', async () => {
    // Prepare: the handler fails the second order of every delivery
    const tableName = await oldTable();
    const deliveries: string[][] = [];
    const stream = await follow(
      tableName,
      async (event) => {
        const keys = event.Records.map((r) => r.dynamodb!.Keys!.SK!.S!);
        deliveries.push(keys);
        const failed = event.Records.find((r) => r.dynamodb!.Keys!.SK!.S === 'ORDER#b');
        return { batchItemFailures: failed ? [{ itemIdentifier: failed.dynamodb!.SequenceNumber! }] : [] };
      },
      3,
    );
    // Act
    await put(tableName, 'ORDER#a');
    await put(tableName, 'ORDER#b');
    await stream.settled();
    await put(tableName, 'ORDER#c');
    await stream.settled();
    // Assess: a then b once, b twice more (3 attempts), then c
    expect(deliveries.flat().filter((k) => k === 'ORDER#a')).toHaveLength(1);
    expect(deliveries.flat().filter((k) => k === 'ORDER#b')).toHaveLength(3);
    expect(deliveries.flat().at(-1)).toBe('ORDER#c');
  });
});
