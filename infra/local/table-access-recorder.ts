/**
 * Which partition keys each function touches, observed on a real DynamoDB client (nothing is
 * mocked), to prove the `dynamodb:LeadingKeys` families of infra/stacks/table-access.ts are
 * what the functions really need: the local server runs every handler as its table user
 * ({@link runAsTableUser}), and a middleware on the client records the partition key of every
 * item a request names, on the table or on an index.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '#store/table';
import { TABLE_GRANTS, leadingKeyPatterns, matchesStringLike, type TableUser } from '../stacks/table-access.ts';

const currentUser = new AsyncLocalStorage<TableUser>();

/** Runs `work` as `user`: the table calls it makes are attributed to that function. */
export function runAsTableUser<T>(user: TableUser, work: () => T): T {
  return currentUser.run(user, work);
}

/** One partition key one function named in one request. */
export interface TableAccessRecord {
  user: TableUser | undefined;
  command: string;
  /** `undefined`: the table; else the index queried. */
  indexName: string | undefined;
  /** The partition key value, or `undefined` when the request names none (a Scan). */
  partitionKey: string | undefined;
}

type Attributes = Record<string, unknown> | undefined;

/** A string attribute, marshalled (`{S}`) or not. */
function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

const PK = TABLE.partitionKey.name;

/** The parts of a DynamoDB request's input that name partition keys (marshalled or not). */
interface RequestInput {
  Key?: Attributes;
  Item?: Attributes;
  IndexName?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  KeyConditionExpression?: string;
  RequestItems?: Record<string, { Keys?: Attributes[] } | { PutRequest?: { Item: Attributes }; DeleteRequest?: { Key: Attributes } }[]>;
  TransactItems?: Record<string, { Item?: Attributes; Key?: Attributes } | undefined>[];
}

/** The partition key values (with index) a DynamoDB request names: pure, per command. */
export function partitionKeysOf(
  command: string,
  input: RequestInput,
): { indexName: string | undefined; partitionKey: string | undefined }[] {
  const table = (item: Attributes) => ({ indexName: undefined, partitionKey: stringValue(item?.[PK]) });
  switch (command) {
    case 'GetCommand':
    case 'GetItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
    case 'UpdateCommand':
    case 'UpdateItemCommand':
      return [table(input.Key)];
    case 'PutCommand':
    case 'PutItemCommand':
      return [table(input.Item)];
    case 'QueryCommand': {
      const index = TABLE.globalIndexes.find((i) => i.indexName === input.IndexName);
      const keyName = index ? index.partitionKey.name : PK;
      const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
      let value: string | undefined;
      for (const [, left, right] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
        if ((names[left!] ?? left) === keyName) value = stringValue(input.ExpressionAttributeValues?.[right!]);
      }
      return [{ indexName: index?.indexName, partitionKey: value }];
    }
    case 'ScanCommand':
      return [{ indexName: input.IndexName, partitionKey: undefined }];
    case 'BatchGetCommand':
    case 'BatchGetItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Attributes[] }>).flatMap((request) =>
        (request.Keys ?? []).map(table),
      );
    case 'BatchWriteCommand':
    case 'BatchWriteItemCommand':
      return Object.values(
        (input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Attributes }; DeleteRequest?: { Key: Attributes } }[]>,
      ).flatMap((requests) => requests.map((r) => table(r.PutRequest?.Item ?? r.DeleteRequest?.Key)));
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      return (input.TransactItems ?? []).map((item) =>
        table(item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key),
      );
    case 'TransactGetCommand':
    case 'TransactGetItemsCommand':
      return (input.TransactItems ?? []).map((item) => table(item.Get?.Key));
    default:
      // DescribeTable, CreateTable, …: no item.
      return [];
  }
}

/** Records every partition key the client's requests name, with the function running them. */
export function recordTableAccess(client: DynamoDBDocumentClient): { records(): TableAccessRecord[]; reset(): void } {
  let records: TableAccessRecord[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      for (const key of partitionKeysOf(command, args.input as RequestInput))
        records.push({ user: currentUser.getStore(), command, ...key });
      return next(args);
    },
    { step: 'initialize', name: `recordTableAccess${Math.random()}` },
  );
  return {
    records: () => [...records],
    reset: () => {
      records = [];
    },
  };
}

/** The records a function's `dynamodb:LeadingKeys` conditions would refuse in AWS. */
export function outsideFamilies(records: readonly TableAccessRecord[]): TableAccessRecord[] {
  return records.filter((record) => {
    if (!record.user) return true;
    const patterns = leadingKeyPatterns(TABLE_GRANTS[record.user]);
    const allowed = record.indexName === undefined ? patterns.table : (patterns.indexes.get(record.indexName) ?? []);
    return record.partitionKey === undefined || !allowed.some((pattern) => matchesStringLike(pattern, record.partitionKey!));
  });
}
