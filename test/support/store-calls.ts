/**
 * Counts the DynamoDB commands a client sends, by command name, so tests can assert call
 * budgets ("a warm configure reads nothing"). It observes the real client; nothing is mocked.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreCallCounter {
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
}

export function countStoreCalls(client: DynamoDBDocumentClient): StoreCallCounter {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: `countStoreCalls${Math.random()}` },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      counts = {};
    },
  };
}
