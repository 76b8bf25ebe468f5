/**
 * An order whose database freezes after its key was claimed: the request's store deadline
 * (shared/store/client.ts) bounds the whole request, the release after the failure included:
 * the request times out once, answers 503 with Retry-After, and the key it had no time left to
 * give back stays locked: a retry gets 409 with Retry-After until the lock lapses, then places
 * the order, once. Runs on a DynamoDB Local of its own (it freezes it with SIGSTOP, by PID).
 * How fast that 503 comes (within 3 s, one deadline rather than two) is a timing goal, measured
 * by the chaos run (test/bench/deadline-probes.ts), not asserted here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledCatalogs, type CatalogSource } from '#catalog/compiled-catalogs';
import type { CustomerProfile } from '#customers/profile';
import { DEFAULT_TIER_PERKS } from '#customers/tier-settings';
import { problemResponse } from '#http/problem';
import { placeOrder, type PlaceOrderCommand, type PlaceOrderDeps } from '#orders/placement';
import { CatalogRepository } from '#store/catalog-repository';
import type { createDocumentClient } from '#store/client';
import { RequestDeadline, runWithDeadline } from '#core/deadline';
import { CustomerRepository } from '#store/customer-repository';
import { newOrderId } from '#core/ids';
import { IDEMPOTENCY_LOCK_MS, OrderRepository } from '#store/order-repository';
import { ConflictError, InvalidInputError, StoreUnavailableError } from '#core/errors';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { DEMO_PARTNER_ID } from '../../infra/local/seed.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let database: DynamoDbLocal;
let stack: TestStack;
let client: ReturnType<typeof createDocumentClient>;
let orders: OrderRepository;
let customers: CustomerRepository;
let catalogRepository: CatalogRepository;
let customer: CustomerProfile;

const thaw = () => {
  try {
    process.kill(database.pid, 'SIGCONT');
  } catch {
    // not running
  }
};

beforeAll(async () => {
  database = await startDynamoDbLocal({ port: 0 });
  stack = await startTestStack({ dynamoEndpoint: database.endpoint });
  client = stack.documentClient();
  orders = new OrderRepository(client, stack.tableName);
  customers = new CustomerRepository(client, stack.tableName);
  catalogRepository = new CatalogRepository(client, stack.tableName);
  const created = await stack.call('/customers', { method: 'POST', body: { name: 'Frieda Frost' }, as: 'partner' });
  expect(created.status).toBe(201);
  customer = (await customers.get(DEMO_PARTNER_ID, created.json.customerId as string))!;
});
afterAll(async () => {
  thaw();
  client?.destroy();
  await stack?.close();
  await database?.stop();
});

/** The order use case as functions/orders.ts wires it, with a catalog cache of its own (cold). */
function deps(now: Date, source: CatalogSource = catalogRepository): PlaceOrderDeps {
  return {
    orders,
    repeatOrders: customers,
    catalogs: new CompiledCatalogs(source),
    now: () => now,
    newOrderId,
    priceLists: async () => [],
    // Like the partner's price list, the tenant's settings are cached per container (30 s).
    tierPerks: async (_tenantId, tier) => DEFAULT_TIER_PERKS[tier],
  };
}

/** One request, with the store deadline the handler wrapper gives every request. */
function asRequest<T>(run: () => Promise<T>, deadline = RequestDeadline.after(Date.now())): Promise<T> {
  return runWithDeadline(deadline, run);
}

describe('an order whose database freezes after the claim', () => {
  it('gets a 503 once its deadline is spent, the key stays locked (409 + Retry-After), and a retry after the lock lapses places one order', async () => {
    // Prepare: the claim succeeds, then the database freezes before the catalog is read.
    const command: PlaceOrderCommand = {
      customer,
      channel: 'partner',
      idempotencyKey: `budget-${randomUUID()}`,
      productId: 'laptop-x1',
      picks: [...FULL_LAPTOP_PICKS],
      remember: true,
    };
    const claimedAt = new Date();
    const freezingSource: CatalogSource = {
      findCurrent: (productId) => catalogRepository.findCurrent(productId),
      get: (productId, version) => {
        process.kill(database.pid, 'SIGSTOP');
        return catalogRepository.get(productId, version);
      },
    };

    // Act
    const deadline = RequestDeadline.after(Date.now());
    let failure: unknown;
    try {
      failure = await asRequest(() => placeOrder(deps(claimedAt, freezingSource), command), deadline).catch((error: unknown) => error);
    } finally {
      thaw();
    }

    // Assess: the request's deadline ran out, and the answer is a 503 problem+json.
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(deadline.hasTimedOut).toBe(true);
    const answer = problemResponse(failure);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': '1' });

    // Act: the client retries the same request while the key is still locked.
    const early = await asRequest(() => placeOrder(deps(new Date(claimedAt.getTime() + 1_000)), command)).catch((error: unknown) => error);

    // Assess: 409 with Retry-After, nothing placed.
    expect(early).toBeInstanceOf(ConflictError);
    expect((early as ConflictError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((early as ConflictError).retryAfterSeconds).toBeLessThanOrEqual(5);
    expect(problemResponse(early)).toMatchObject({
      statusCode: 409,
      headers: { 'Retry-After': String((early as ConflictError).retryAfterSeconds) },
    });
    expect((await orders.listForCustomer(DEMO_PARTNER_ID, customer.customerId, 10)).orders).toEqual([]);

    // Act: once the lock lapsed, the retry places the order; later retries replay it.
    const afterLapse = new Date(claimedAt.getTime() + IDEMPOTENCY_LOCK_MS + 1_000);
    const placed = await asRequest(() => placeOrder(deps(afterLapse), command));
    const replay = await asRequest(() => placeOrder(deps(new Date(afterLapse.getTime() + 1_000)), command));
    const otherBody = await asRequest(() =>
      placeOrder(deps(new Date(afterLapse.getTime() + 2_000)), { ...command, remember: false }),
    ).catch((error: unknown) => error);

    // Assess: one order for the key, replayed byte for byte, another body refused.
    expect(placed.replayed).toBe(false);
    expect(replay).toEqual({ order: placed.order, replayed: true });
    expect(JSON.stringify(replay.order)).toBe(JSON.stringify(placed.order));
    expect(otherBody).toBeInstanceOf(InvalidInputError);
    expect(problemResponse(otherBody).statusCode).toBe(422);
    const inTable = (await orders.listForCustomer(DEMO_PARTNER_ID, customer.customerId, 10)).orders;
    expect(inTable.map((o) => o.orderId)).toEqual([placed.order.orderId]);
  }, 60_000);
});
