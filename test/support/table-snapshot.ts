/** Every item of a test table, for asserting that a rejected request wrote nothing. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function tableSnapshot(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) items.push(`${String(item.PK)}|${String(item.SK)}|${String(item.version ?? '')}`);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}
