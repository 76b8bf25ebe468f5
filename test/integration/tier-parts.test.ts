/**
 * A small version of `npm run bench:tiers` in the suite: 300 synthetic customers seeded as
 * `npm run seed:customers` writes them, tiered on DynamoDB Local by the job in parts (thresholds
 * first, then each of the 64 shards applied, 4 parts at once): every stored tier is the one the
 * one-piece ranking gives, and running the same parts again changes nothing.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSE_TENANT } from '#core/tenant';
import { runShardedTierJob } from '#customers/tier-parts';
import { assignTiers } from '#customers/tiers';
import { LoggedTierSignals } from '#events/win-back-events';
import { keys } from '#store/keys';
import { TierRepository } from '#store/tier-repository';
import { seedCustomers, seededRandom, syntheticCustomer } from '../../infra/local/seed-customers.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const NOW = new Date('2026-12-05T02:00:00.000Z');
const COUNT = 300;

let stack: TestStack;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  client = stack.documentClient({ requestTimeoutMs: 10_000, connectionTimeoutMs: 5_000 });
  await seedCustomers(client, stack.tableName, { count: COUNT, seed: 7, now: NOW, concurrency: 2 });
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

describe('the tier job in parts on DynamoDB Local', () => {
  it('stores the tiers of the one-piece ranking, and a second run changes nothing', async () => {
    // Prepare: the same synthetic customers, ranked in one piece
    const next = seededRandom(7);
    const customers = Array.from({ length: COUNT }, (_, i) => syntheticCustomer(i, HOUSE_TENANT, NOW, next));
    const expected = assignTiers(
      customers.map((c) => ({ customerId: String(c.customerId), recentOrders: c.recentOrders as { at: string; amount: number }[] })),
      NOW,
    );
    const store = new TierRepository(client, stack.tableName);

    // Act
    const first = await runShardedTierJob(store, NOW, new LoggedTierSignals(() => undefined), 4);
    const again = await runShardedTierJob(store, NOW, new LoggedTierSignals(() => undefined), 4);

    // Assess
    expect(first.customers).toBe(COUNT);
    expect(first.changed).toBeGreaterThan(0);
    expect(again.changed).toBe(0);
    expect(again.byTier).toEqual(first.byTier);
    for (const c of customers) {
      const stored = await client.send(
        new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, String(c.customerId)) }),
      );
      expect(stored.Item?.tier).toBe(expected.get(String(c.customerId)));
    }
  });
});
