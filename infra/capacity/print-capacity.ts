/**
 * `npm run capacity`: prints the capacity model (capacity-model.ts) as the tables of
 * docs/scale.md: the hottest partition's units a second per scenario, with today's listing keys
 * and the sharded ones, against the per-partition limits; Lambda concurrency; the cost of a
 * million configure calls and a million orders.
 */
import {
  configureCostPerMillion,
  configureDurationMs,
  configureReadLoad,
  DURATIONS_MS,
  hottest,
  itemBytes,
  LISTING_SHARDS,
  ORDER_SHAPES,
  orderCostPerMillion,
  orderDurationMs,
  orderWriteLoad,
  PARTITION_LIMITS,
  PRICES,
  sampleOrder,
  shardsNeeded,
  STATISTICS_BYTES,
  statisticsSecondsNeeded,
  statisticsWriteLoad,
  foldedStatisticsLoad,
} from './capacity-model.ts';

const ORDER_RATES = [1_000, 5_000, 20_000];
const CONFIGURE_RATE = 100_000;
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (units: number, limit: number) => `${n((units / limit) * 100)} %`;
const name = (partition: string) =>
  partition
    .replace(/_01KBX0+\d+/, '_…')
    .replace(/^table:/, '')
    .replace(/^GSI1:/, 'GSI1 ');

const lines: string[] = [];
const print = (line = '') => lines.push(line);

print(
  `Listing shards: ${LISTING_SHARDS}. Limits per partition: ${n(PARTITION_LIMITS.writeUnits)} WCU/s, ${n(PARTITION_LIMITS.readUnits)} RCU/s.`,
);
print('');
print('Orders of one tenant and one product (the worst case): hottest partition, write units per second');
print('');
print('| order shape | orders/s | today: hottest partition | WCU/s | of limit | sharded: hottest partition | WCU/s | of limit |');
print('| --- | --: | --- | --: | --: | --- | --: | --: |');
for (const shape of ORDER_SHAPES)
  for (const rate of ORDER_RATES) {
    const today = hottest(orderWriteLoad(rate, shape, 'today'));
    const sharded = hottest(orderWriteLoad(rate, shape, 'sharded'));
    print(
      `| ${shape.name} | ${n(rate)} | ${name(today.partition)} | ${n(today.units)} | ${pct(today.units, PARTITION_LIMITS.writeUnits)} | ${name(sharded.partition)} | ${n(sharded.units)} | ${pct(sharded.units, PARTITION_LIMITS.writeUnits)} |`,
    );
  }
print('');
for (const shape of ORDER_SHAPES) {
  const { write, profile } = sampleOrder(0, shape);
  print(
    `${shape.name}: order item ${n(itemBytes(write.order as unknown as Record<string, unknown>))} B, profile ${n(itemBytes(profile))} B; shards needed for 20,000 orders/s at ≤ 50 % of a partition: ${shardsNeeded(20_000, shape)}`,
  );
}
print('');
print('Statistics rewrites of one product (learning batches), write units per second');
print('');
print(
  '| orders/s | statistics size | stream shards | batches/s | TENANT#t#PRODUCT#p | of limit | PRODUCT#p (pool) | of limit | K shards to stay ≤ 50 % |',
);
print('| --: | --: | --: | --: | --: | --: | --: | --: | --: |');
for (const rate of ORDER_RATES)
  for (const bytes of [STATISTICS_BYTES.renaultBig, STATISTICS_BYTES.limit]) {
    const load = statisticsWriteLoad(rate, ORDER_SHAPES[1]!, bytes);
    const k = Math.ceil(load.tenantPartition / (PARTITION_LIMITS.writeUnits * 0.5));
    print(
      `| ${n(rate)} | ${n(bytes / 1000)} KB | ${n(load.streamShards)} | ${n(load.batches)} | ${n(load.tenantPartition)} | ${pct(load.tenantPartition, PARTITION_LIMITS.writeUnits)} | ${n(load.pooledPartition)} | ${pct(load.pooledPartition, PARTITION_LIMITS.writeUnits)} | ${k} |`,
    );
  }
print('');
print('Bounded: deltas in 64 shards, one fold per product every 10 s (write units per second)');
print('');
print('| orders/s | statistics size | TENANT#t#PRODUCT#p | PRODUCT#p (pool) | each delta shard | of limit |');
print('| --: | --: | --: | --: | --: | --: |');
for (const rate of ORDER_RATES)
  for (const bytes of [STATISTICS_BYTES.renaultBig, STATISTICS_BYTES.limit]) {
    const load = foldedStatisticsLoad(rate, bytes, 10, 64);
    print(
      `| ${n(rate)} | ${n(bytes / 1000)} KB | ${n(load.tenantPartition)} | ${n(load.pooledPartition)} | ${n(load.deltaPartition)} | ${pct(load.deltaPartition, PARTITION_LIMITS.writeUnits)} |`,
    );
  }
print('');
print(`Configure, ${n(CONFIGURE_RATE)} calls/s of one tenant and product: containers and shared reads (RCU/s, eventually consistent)`);
print('');
print(
  '| engine | Lambda ms | containers | statistics size | PRODUCT#p | of limit | TENANT#t#PRODUCT#p | of limit | SETTINGS#t | statistics cache for ≤ 50 % |',
);
print('| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
for (const [engine, engineMs] of [
  ['Renault medium', DURATIONS_MS.engineMedium],
  ['Renault big', DURATIONS_MS.engineBig],
] as const)
  for (const bytes of [STATISTICS_BYTES.renaultBig, STATISTICS_BYTES.limit]) {
    const ms = configureDurationMs(engineMs);
    const load = configureReadLoad(CONFIGURE_RATE, ms, bytes);
    print(
      `| ${engine} | ${n(ms, 1)} | ${n(load.containers)} | ${n(bytes / 1000)} KB | ${n(load.productPartition)} | ${pct(load.productPartition, PARTITION_LIMITS.readUnits)} | ${n(load.tenantProductPartition)} | ${pct(load.tenantProductPartition, PARTITION_LIMITS.readUnits)} | ${n(load.settingsPartition)} | ${statisticsSecondsNeeded(CONFIGURE_RATE, ms, bytes)} s |`,
    );
  }
print('');
print('Lambda concurrency (rate × duration)');
print('');
print('| load | duration | concurrent executions |');
print('| --- | --: | --: |');
print(
  `| ${n(CONFIGURE_RATE)} configure/s, big | ${n(configureDurationMs(DURATIONS_MS.engineBig), 1)} ms | ${n((CONFIGURE_RATE * configureDurationMs(DURATIONS_MS.engineBig)) / 1000)} |`,
);
print(
  `| ${n(CONFIGURE_RATE)} configure/s, medium | ${n(configureDurationMs(DURATIONS_MS.engineMedium), 1)} ms | ${n((CONFIGURE_RATE * configureDurationMs(DURATIONS_MS.engineMedium)) / 1000)} |`,
);
for (const rate of ORDER_RATES)
  print(
    `| ${n(rate)} orders/s, big | ${n(orderDurationMs(DURATIONS_MS.engineBig), 1)} ms | ${n((rate * orderDurationMs(DURATIONS_MS.engineBig)) / 1000)} |`,
  );
print('');
print(`Cost (on-demand, ${PRICES.region}, list prices as of ${PRICES.asOf})`);
print('');
print('| 1 M of | API Gateway | Lambda | DynamoDB | learning | total |');
print('| --- | --: | --: | --: | --: | --: |');
for (const [engine, engineMs] of [
  ['medium', DURATIONS_MS.engineMedium],
  ['big', DURATIONS_MS.engineBig],
] as const) {
  const cost = configureCostPerMillion(configureDurationMs(engineMs), itemBytes(sampleOrder(0, ORDER_SHAPES[0]!).profile));
  print(
    `| configure calls (${engine}) | $${n(cost.apiGateway, 2)} | $${n(cost.lambda, 2)} | $${n(cost.dynamo, 2)} | – | $${n(cost.total, 2)} |`,
  );
}
for (const shape of ORDER_SHAPES) {
  const cost = orderCostPerMillion(shape, orderDurationMs(DURATIONS_MS.engineBig), 1_000, STATISTICS_BYTES.renaultBig);
  print(
    `| orders, ${shape.name}, ${n(cost.writeUnitsPerOrder)} WRU each | $${n(cost.apiGateway, 2)} | $${n(cost.lambda, 2)} | $${n(cost.dynamoOrder, 2)} | $${n(cost.learning, 2)} | $${n(cost.total, 2)} |`,
  );
}
console.log(lines.join('\n'));
