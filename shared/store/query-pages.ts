/**
 * Every item of a DynamoDB Query, page after page: a partition or key prefix read whole (a
 * catalog version's parts, a partner's keys, a customer's items). Each page is one store call.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { callStore } from './store-errors.ts';

/** The Query of one page: `input`, continued after `startKey` when there is one (pure). */
export function buildQueryPage(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, startKey?: Record<string, unknown>): QueryCommandInput {
  return { ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) };
}

/** All items `input` matches, in key order; `operation` names the read in errors. */
export async function queryAllPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  operation: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await callStore(operation, () => client.send(new QueryCommand(buildQueryPage(input, startKey))));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
