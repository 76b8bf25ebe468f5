/** The table's liveness probe for `GET /health`: one small read of a fixed item. */
import { GetCommand, type DynamoDBDocumentClient, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { callStore } from './store-errors.ts';

/** The read of the fixed health item (pure). */
export function buildHealthRead(tableName: string): GetCommandInput {
  return { TableName: tableName, Key: keys.health() };
}

/** Resolves when the table answers (with the store's timeouts); throws otherwise. */
export async function checkTable(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await callStore('health', () => client.send(new GetCommand(buildHealthRead(tableName))));
}
