/**
 * The capacity model of docs/scale.md (`npm run capacity` prints it): write and read units per
 * DynamoDB partition for a given order rate and configure rate, with today's (unsharded) listing
 * keys and with the write-sharded ones, against the per-partition limits; the Lambda concurrency
 * those rates need; the on-demand cost of a million configure calls and a million orders.
 *
 * The writes of an order are not restated here: they are the items of the real request builders
 * (`buildClaimIdempotencyKey`, `buildPlaceOrderTransaction`) applied to sample orders, sized by
 * DynamoDB's item-size rules, and attributed to the partition (table PK or GSI1PK) each lands in.
 * So a new item in the transaction, a bigger order or a changed key shape changes the model.
 * What the code cannot tell (latencies in AWS, the size of a product's statistics, prices) is a
 * named input below, with where it comes from.
 */
import type { CustomerProfile } from '#customers/profile';
import type { Order } from '#orders/order';
import type { PlaceOrderWrite, StoredRepeatOrder } from '#orders/ports';
import { keys, LISTING_SHARDS } from '#store/keys';
import { buildClaimIdempotencyKey, buildPlaceOrderTransaction } from '#store/order-repository';

/** DynamoDB's throughput limit of one partition (table or index), per second. */
export const PARTITION_LIMITS = { writeUnits: 1_000, readUnits: 3_000 } as const;

/**
 * On-demand list prices, us-east-1, as published by AWS since the on-demand reduction of
 * 2024-11-01 (DynamoDB), Lambda on Arm64, API Gateway REST APIs (first 333 M requests a month).
 * Not re-checked online on the day of the model (2026-12-05): check before quoting.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: '2024-11-01',
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  apiGatewayRestRequest: 3.5 / 1e6,
  /** Step Functions standard workflows, per state transition. */
  stepFunctionsTransition: 0.025 / 1e3,
} as const;

/**
 * Durations of one invocation in AWS (ms). The engine figures are measured (issue 17,
 * `npm run bench:engine`, 2-core machine, 2026-12-04: Renault big p50 29.6 ms, medium 2.2 ms);
 * a DynamoDB call is taken as 5 ms and a TransactWriteItems as 15 ms (typical in-region figures,
 * assumed, not measured here); 3 ms of handler work (routing, zod, JSON) per call.
 */
export const DURATIONS_MS = {
  engineBig: 29.6,
  engineMedium: 2.2,
  dynamoCall: 5,
  transaction: 15,
  handler: 3,
} as const;

/** Memory of the functions (infra/stacks/stateless-stack.ts FUNCTION_SIZING). */
export const FUNCTION_MEMORY_MB = { catalog: 2048, orders: 2048, orderLearning: 1024 } as const;

/** How long a container trusts what it cached (functions/runtime.ts, compiled-catalogs.ts, tenant terms). */
export const CACHE_SECONDS = { currentVersion: 5, statistics: 10, tenantSettings: 30 } as const;

/**
 * Compressed statistics of one product: Renault big learned from a year of sales is 43 KB
 * (statistics-repository.ts), the most the store accepts 350 KB (MAX_COMPRESSED_BYTES).
 */
export const STATISTICS_BYTES = { renaultBig: 43_000, limit: 350_000 } as const;

/** Learning reads the stream in batches of up to 100 records or 1 s (ORDER_LEARNING_EVENTS). */
export const LEARNING_BATCH = { records: 100, windowSeconds: 1 } as const;

/** DynamoDB's item size: attribute names and values, by its documented rules (bytes). */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    bytes += Buffer.byteLength(name) + valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    return Math.ceil(Math.max(digits, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.keys(value).length + itemBytes(value as Record<string, unknown>);
  return 0;
}

/** Write units of one write of an item of `bytes` (1 KB each, twice in a transaction). */
export const writeUnits = (bytes: number, transactional = false) => Math.ceil(bytes / 1024) * (transactional ? 2 : 1);
/** Read units of one read of an item of `bytes` (4 KB each, half when eventually consistent). */
export const readUnits = (bytes: number, consistent = false) => Math.ceil(bytes / 4096) * (consistent ? 1 : 0.5);

/** The shape of the sample orders: how many picks (laptop demo: 11; a large car: 100). */
export interface OrderShape {
  name: string;
  picks: number;
  /** Orders of the last 12 months on the customer's profile (rewritten with every order). */
  recentOrders: number;
}

export const ORDER_SHAPES: readonly OrderShape[] = [
  { name: 'laptop (11 picks)', picks: 11, recentOrders: 3 },
  { name: 'large (100 picks)', picks: 100, recentOrders: 12 },
];

const AT = '2026-12-05T08:00:00.000Z';

/** A sample order `i` of one tenant and product (deterministic ids, ULID-shaped). */
export function sampleOrder(
  i: number,
  shape: OrderShape,
  tenantId = 'house',
): { write: PlaceOrderWrite; profile: Record<string, unknown> } {
  const id = (prefix: string) => `${prefix}_01KBX${String(i).padStart(21, '0')}`;
  const picks = Array.from({ length: shape.picks }, (_, p) => `group${p}.choice${(p * 7) % 13}`);
  const orderId = id('o');
  const customerId = id('c');
  const order: Order = {
    orderId,
    tenantId,
    customerId,
    productId: 'product-1',
    catalogVersion: 12,
    picks,
    status: 'placed',
    statusHistory: [{ status: 'placed', at: AT }],
    price: {
      currency: 'EUR',
      total: 1_299_00,
      lines: [
        { ref: 'base', label: 'Base', listAmount: 99_900, amount: 99_900 },
        ...picks.map((ref) => ({ ref, label: `Label of ${ref}`, listAmount: 1_000, amount: 900 })),
      ],
    },
    dates: { leadDays: 5, transitDays: 2, shipBy: '2026-12-12', deliverBy: '2026-12-16' },
    buildSheet: picks.map((ref) => ({ sku: `SKU-${ref.toUpperCase()}`, qty: 1 })),
    lines: [{ lineId: 'l1', productId: 'product-1', catalogVersion: 12, picks, quantity: 1, unitPrice: 1_299_00, lineTotal: 1_299_00 }],
    totals: { net: 1_299_00, tax: 0, gross: 1_299_00 },
    placedAt: AT,
    channel: 'web',
    remember: true,
    fromRepeatOrder: false,
  };
  const preferences = { packaging: 'packaging.standard', invoice: 'invoice.pdf', delivery: 'delivery.standard' };
  const repeatOrder: StoredRepeatOrder = {
    productId: order.productId,
    catalogVersion: order.catalogVersion,
    picks,
    explicitPicks: picks.slice(0, Math.ceil(picks.length / 2)),
    preferences,
    total: order.price.total,
    currency: 'EUR',
    assembledAt: AT,
    sourceOrderId: orderId,
    customer: { tier: 'B', preferences },
  };
  const stored: CustomerProfile = {
    customerId,
    tenantId,
    name: 'Jane Example',
    email: 'jane@example.com',
    createdAt: AT,
    preferences: preferences as CustomerProfile['preferences'],
    answers: { usage: 'office', budget: 'mid' },
    lastAskedQuestions: ['usage'],
    doNotProfile: false,
    tier: 'B',
    orderCount: shape.recentOrders,
    lifetimeValue: 1_299_00 * shape.recentOrders,
    lastOrderAt: AT,
    recentOrders: Array.from({ length: shape.recentOrders + 1 }, () => ({ at: AT, amount: 1_299_00 })),
    lastTouchpoint: { productId: order.productId, channel: 'web', at: AT, action: 'placed-order' },
    mergedFrom: [],
  };
  const profile = { ...keys.customerProfile(tenantId, customerId), ...keys.customerListing(tenantId, customerId), ...stored };
  const responseBody = JSON.stringify({ orderId, price: order.price, dates: order.dates, status: 'placed' });
  return {
    write: {
      order,
      idempotencyKey: `key-${orderId}`,
      requestHash: 'a'.repeat(64),
      responseBody,
      touchpoint: { productId: order.productId, channel: 'web', at: AT, action: 'placed-order' },
      memory: { repeatOrder, configurationPicks: order.picks },
    },
    profile,
  };
}

/** One write of an order, as it lands: partition, units. */
export interface PartitionWrite {
  /** `table:<PK>` or `GSI1:<GSI1PK>`. */
  partition: string;
  units: number;
  bytes: number;
  what: string;
}

/**
 * Every write one order makes, from the real builders: the idempotency claim, then each action of
 * the placing transaction (twice the units), and the GSI1 entry of every item that carries one
 * (projection ALL: the whole item). An update is sized as the item it leaves behind: the stored
 * profile for the customer, the key and the set values for the others.
 */
export function orderWrites(i: number, shape: OrderShape, tenantId = 'house'): PartitionWrite[] {
  const { write, profile } = sampleOrder(i, shape, tenantId);
  const writes: PartitionWrite[] = [];
  const claim = buildClaimIdempotencyKey('t', tenantId, write.idempotencyKey, write.requestHash, new Date(AT));
  const claimBytes = itemBytes(claim.Item as Record<string, unknown>);
  writes.push({ partition: `table:${claim.Item!.PK}`, units: writeUnits(claimBytes), bytes: claimBytes, what: 'idempotency claim' });
  const transaction = buildPlaceOrderTransaction('t', write);
  transaction.names.forEach((name, index) => {
    const action = transaction.input.TransactItems![index]!;
    let item: Record<string, unknown>;
    if (action.Put) item = action.Put.Item as Record<string, unknown>;
    else if (name === 'customer') item = profile;
    else {
      const values = Object.fromEntries(
        Object.entries(action.Update!.ExpressionAttributeValues ?? {}).map(([placeholder, value]) => [placeholder.slice(1), value]),
      );
      item = { ...(action.Update!.Key as Record<string, unknown>), ...values };
    }
    const bytes = itemBytes(item);
    writes.push({ partition: `table:${item.PK}`, units: writeUnits(bytes, true), bytes, what: name });
    if (typeof item.GSI1PK === 'string')
      writes.push({ partition: `GSI1:${item.GSI1PK}`, units: writeUnits(bytes), bytes, what: `${name} (GSI1 entry)` });
  });
  return writes;
}

/** The listing partitions as they were before the sharding: the shard suffix taken off. */
export function unsharded(partition: string): string {
  return partition.replace(/^(GSI1:TENANT#.+#(?:ORDERS|CUSTOMERS))#\d+$/, '$1');
}

/** Write units a second per partition at `ordersPerSecond`, from `samples` sample orders of one tenant and product. */
export function orderWriteLoad(
  ordersPerSecond: number,
  shape: OrderShape,
  layout: 'today' | 'sharded',
  samples = 2_048,
): Map<string, number> {
  const perPartition = new Map<string, number>();
  for (let i = 0; i < samples; i++)
    for (const w of orderWrites(i, shape)) {
      const partition = layout === 'today' ? unsharded(w.partition) : w.partition;
      perPartition.set(partition, (perPartition.get(partition) ?? 0) + w.units);
    }
  for (const [partition, units] of perPartition) perPartition.set(partition, (units / samples) * ordersPerSecond);
  return perPartition;
}

/** The busiest partition of a load. */
export function hottest(load: ReadonlyMap<string, number>): { partition: string; units: number } {
  let best = { partition: '', units: 0 };
  for (const [partition, units] of load) if (units > best.units) best = { partition, units };
  return best;
}

/** Write units of the table (not the index) per order: what sizes the table's partitions and stream shards. */
export function tableWriteUnitsPerOrder(shape: OrderShape): number {
  return orderWrites(0, shape).reduce((sum, w) => sum + (w.partition.startsWith('table:') ? w.units : 0), 0);
}

/**
 * Statistics rewrites of one product a second. The stream has about one shard per table
 * partition (table write units / 1,000); each shard's learning batch (up to 100 orders, 1 s)
 * rewrites every statistics item its orders teach: the tenant's everyone and its three tier
 * segments (one partition, `TENANT#<t>#PRODUCT#<p>`) and the pool (`PRODUCT#<p>`). Revision
 * conflicts add retries on top: this is a lower bound. With `statisticsShards` K > 1 (the
 * bounded design of docs/scale.md) each batch writes one of K shard items, so each partition
 * takes 1/K of the batches.
 */
export function statisticsWriteLoad(ordersPerSecond: number, shape: OrderShape, statisticsBytes: number, statisticsShards = 1) {
  const streamShards = Math.max(1, Math.ceil((ordersPerSecond * tableWriteUnitsPerOrder(shape)) / PARTITION_LIMITS.writeUnits));
  const perShard = ordersPerSecond / streamShards;
  const batchesPerShard = Math.min(perShard, Math.max(1 / LEARNING_BATCH.windowSeconds, perShard / LEARNING_BATCH.records));
  const batches = streamShards * batchesPerShard;
  const tenantItems = 4;
  const tenantPartition = ((batches * tenantItems) / statisticsShards) * writeUnits(statisticsBytes);
  const pooledPartition = (batches / statisticsShards) * writeUnits(statisticsBytes);
  return { streamShards, batches, tenantPartition, pooledPartition };
}

/**
 * Reads a second of the partitions every configure call shares, at `callsPerSecond` of one
 * tenant and product with `durationMs` a call: each warm container re-reads the current version
 * pointer every 5 s, the tenant's four statistics items and the pool every 10 s, the settings
 * and the partner every 30 s (eventually consistent). A customer's own items are read on every
 * call but live in the customer's partition: spread.
 */
export function configureReadLoad(
  callsPerSecond: number,
  durationMs: number,
  statisticsBytes: number,
  statisticsSeconds: number = CACHE_SECONDS.statistics,
) {
  const containers = Math.ceil((callsPerSecond * durationMs) / 1000);
  const stats = readUnits(statisticsBytes);
  const productPartition = (containers / CACHE_SECONDS.currentVersion) * readUnits(100) + (containers / statisticsSeconds) * stats;
  // Everyone's and the three tier segments: a container serves callers of every tier.
  const tenantProductPartition = (containers / statisticsSeconds) * 4 * stats;
  const settingsPartition = (containers / CACHE_SECONDS.tenantSettings) * readUnits(2_000);
  return { containers, productPartition, tenantProductPartition, settingsPartition };
}

/** The shortest statistics cache (STATISTICS_TTL_SECONDS) that keeps the shared statistics reads under `share` of a partition. */
export function statisticsSecondsNeeded(callsPerSecond: number, durationMs: number, statisticsBytes: number, share = 0.5): number {
  const at1s = configureReadLoad(callsPerSecond, durationMs, statisticsBytes, 1);
  const units = Math.max(at1s.tenantProductPartition, at1s.productPartition);
  return Math.ceil(units / (PARTITION_LIMITS.readUnits * share));
}

/**
 * The bounded statistics design (docs/scale.md): learning batches append small delta items (the
 * picks of their orders, about `orderDeltaBytes` an order) to `deltaShards` delta partitions of
 * the product, and one fold per product every `foldSeconds` rewrites the statistics items from
 * them. The statistics partitions then take a fixed rate whatever the order rate; the deltas grow
 * with it, spread over their shards.
 */
export function foldedStatisticsLoad(
  ordersPerSecond: number,
  statisticsBytes: number,
  foldSeconds: number,
  deltaShards: number,
  orderDeltaBytes = 1_024,
) {
  const tenantPartition = (4 * writeUnits(statisticsBytes)) / foldSeconds;
  const pooledPartition = writeUnits(statisticsBytes) / foldSeconds;
  const deltaPartition = (ordersPerSecond * writeUnits(orderDeltaBytes)) / deltaShards;
  return { tenantPartition, pooledPartition, deltaPartition };
}

/** Lambda duration of a configure call (ms): the engine, the customer's profile and own statistics (in parallel), the handler. */
export function configureDurationMs(engineMs: number): number {
  return engineMs + DURATIONS_MS.dynamoCall + DURATIONS_MS.handler;
}

/** Lambda duration of placing an order (ms): profile read, claim, engine check, transaction, handler. */
export function orderDurationMs(engineMs: number): number {
  return DURATIONS_MS.dynamoCall * 2 + engineMs + DURATIONS_MS.transaction + DURATIONS_MS.handler;
}

/** The cost of a million configure calls (dollars, PRICES): API Gateway, Lambda, the two reads of the caller's items. */
export function configureCostPerMillion(durationMs: number, profileBytes: number) {
  const apiGateway = 1e6 * PRICES.apiGatewayRestRequest;
  const lambda = 1e6 * (PRICES.lambdaRequest + (durationMs / 1000) * (FUNCTION_MEMORY_MB.catalog / 1024) * PRICES.lambdaArmGbSecond);
  const dynamo = 1e6 * (readUnits(profileBytes) + readUnits(1_000)) * PRICES.dynamoReadRequestUnit;
  return { apiGateway, lambda, dynamo, total: apiGateway + lambda + dynamo };
}

/**
 * The cost of a million orders (dollars, PRICES): API Gateway, the orders function, every write
 * of the real builders (table and GSI1) and the profile read, and learning: the function (≈ 200 ms
 * a batch, assumed) and the statistics rewrites of its batches (sized `statisticsBytes`), plus each
 * order's personal statistics (1 KB, transactional).
 */
export function orderCostPerMillion(shape: OrderShape, durationMs: number, ordersPerSecond: number, statisticsBytes: number) {
  const { write, profile } = sampleOrder(0, shape);
  void write;
  const writes = orderWrites(0, shape).reduce((sum, w) => sum + w.units, 0);
  const apiGateway = 1e6 * PRICES.apiGatewayRestRequest;
  const lambda = 1e6 * (PRICES.lambdaRequest + (durationMs / 1000) * (FUNCTION_MEMORY_MB.orders / 1024) * PRICES.lambdaArmGbSecond);
  const dynamoOrder = 1e6 * (writes * PRICES.dynamoWriteRequestUnit + readUnits(itemBytes(profile)) * PRICES.dynamoReadRequestUnit);
  const load = statisticsWriteLoad(ordersPerSecond, shape, statisticsBytes);
  const batchesPerMillion = (1e6 / ordersPerSecond) * load.batches;
  const learningLambda =
    batchesPerMillion * (PRICES.lambdaRequest + 0.2 * (FUNCTION_MEMORY_MB.orderLearning / 1024) * PRICES.lambdaArmGbSecond);
  const learningWrites = (batchesPerMillion * 5 * writeUnits(statisticsBytes) + 1e6 * 2) * PRICES.dynamoWriteRequestUnit;
  return {
    writeUnitsPerOrder: writes,
    apiGateway,
    lambda,
    dynamoOrder,
    learning: learningLambda + learningWrites,
    total: apiGateway + lambda + dynamoOrder + learningLambda + learningWrites,
  };
}

/** The fewest listing shards that keep the hottest listing partition under `share` of the write limit at `ordersPerSecond`. */
export function shardsNeeded(ordersPerSecond: number, shape: OrderShape, share = 0.5): number {
  const today = orderWriteLoad(ordersPerSecond, shape, 'today', 16);
  const listing = Math.max(...[...today].filter(([p]) => p.startsWith('GSI1:')).map(([, units]) => units));
  return Math.ceil(listing / (PARTITION_LIMITS.writeUnits * share));
}

export { LISTING_SHARDS };
