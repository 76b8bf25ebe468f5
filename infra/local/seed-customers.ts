/**
 * `npm run seed:customers -- --count N [--tenant house] [--seed 1]`: writes N synthetic customers
 * of one tenant into the database of a running `npm start` (DynamoDB Local on DYNAMODB_PORT,
 * default 8000; table TABLE_NAME, default `configurator`), as the customer repository writes
 * them: the profile with its sharded listing entry, and 0 to 6 orders of the last 15 months in
 * `recentOrders`, so `npm run tiers` has work. Deterministic for a seed; re-running overwrites
 * the same customers. `npm run bench:tiers` seeds its own database with it.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HOUSE_TENANT } from '#core/tenant';
import { createDocumentClient } from '#store/client';
import { keys } from '#store/keys';
import { TABLE } from '#store/table';

const DAY_MS = 86_400_000;

/** A small deterministic generator (mulberry32): the numbers the seeding draws, for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The profile item of synthetic customer `i` (pure). */
export function syntheticCustomer(i: number, tenantId: string, now: Date, next: () => number): Record<string, unknown> {
  const customerId = `c_seed${String(i).padStart(9, '0')}`;
  const orders = Math.floor(next() * 7);
  const recentOrders = Array.from({ length: orders }, () => ({
    at: new Date(now.getTime() - Math.floor(next() * 450) * DAY_MS).toISOString(),
    // Long-tailed values: most customers spend little, a few a lot.
    amount: Math.round(10_000 * Math.exp(next() * 5)),
  }));
  return {
    ...keys.customerProfile(tenantId, customerId),
    ...keys.customerListing(tenantId, customerId),
    customerId,
    tenantId,
    createdAt: new Date(now.getTime() - 500 * DAY_MS).toISOString(),
    preferences: {},
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: false,
    tier: 'B',
    orderCount: orders,
    lifetimeValue: recentOrders.reduce((sum, o) => sum + o.amount, 0),
    recentOrders,
    mergedFrom: [],
  };
}

/** Writes `count` synthetic customers, 25 an item batch, `concurrency` batches at once; retries what DynamoDB leaves unprocessed. */
export async function seedCustomers(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { count: number; tenantId?: string; seed?: number; now?: Date; concurrency?: number },
): Promise<void> {
  const next = seededRandom(options.seed ?? 1);
  const now = options.now ?? new Date();
  const tenantId = options.tenantId ?? HOUSE_TENANT;
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < options.count; i += 25)
    batches.push(Array.from({ length: Math.min(25, options.count - i) }, (_, j) => syntheticCustomer(i + j, tenantId, now, next)));
  let index = 0;
  const worker = async () => {
    while (index < batches.length) {
      let requests = batches[index++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
}

/** `--name value` of the command line. */
function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const count = Number(argument('count'));
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new Error('--count must be 1 to 10,000,000');
  const endpoint = `http://127.0.0.1:${Number(process.env.DYNAMODB_PORT ?? 8000)}`;
  const tableName = process.env.TABLE_NAME ?? TABLE.tableName;
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 30_000, maxAttempts: 5 });
  try {
    const tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    if (!tables.includes(tableName)) throw new Error(`DynamoDB Local on ${endpoint} has no table '${tableName}': run \`npm start\` first`);
    const started = Date.now();
    await seedCustomers(client, tableName, { count, tenantId: argument('tenant') ?? HOUSE_TENANT, seed: Number(argument('seed') ?? 1) });
    console.log(`Seeded ${count} customers in ${Date.now() - started} ms`);
  } finally {
    client.destroy();
  }
}

if (process.argv[1]?.endsWith('seed-customers.ts')) await main();
