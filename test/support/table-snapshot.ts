/**
 * Every item of a test table, for asserting that a rejected request wrote nothing. Order
 * statistics (`STATS#` items) are left out: the stream consumer writes them asynchronously,
 * after earlier orders of the same test file; the recommendation tests check them directly.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function tableSnapshot(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? [])
      if (!String(item.SK).startsWith('STATS#')) items.push(`${String(item.PK)}|${String(item.SK)}|${String(item.version ?? '')}`);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}
