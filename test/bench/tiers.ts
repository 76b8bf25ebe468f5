/**
 * `npm run bench:tiers -- --count 10000 [--concurrency 8]`: the tier job in parts on a DynamoDB
 * Local of its own (in memory, killed by PID at the end): seeds `count` synthetic customers of
 * the house (infra/local/seed-customers.ts), runs the job (thresholds, then every shard applied,
 * at most `concurrency` shard parts at once), then runs it again with the same time (idempotent:
 * it must change nothing). Prints each phase's time, customers a second, and the load average.
 */
import { loadavg } from 'node:os';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { runShardedTierJob } from '#customers/tier-parts';
import { LoggedTierSignals } from '#events/win-back-events';
import { createDocumentClient } from '#store/client';
import { createTableInput, TABLE } from '#store/table';
import { TierRepository } from '#store/tier-repository';
import { seedCustomers } from '../../infra/local/seed-customers.ts';
import { startOwnedDynamoDb } from './owned-dynamodb.ts';
import { runAsScript } from './script-entry.ts';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const count = argument('count', 10_000);
  const concurrency = argument('concurrency', 8);
  const dynamo = await startOwnedDynamoDb();
  const client = createDocumentClient({ endpoint: dynamo.endpoint, requestTimeoutMs: 60_000, maxAttempts: 5 });
  try {
    await client.send(new CreateTableCommand(createTableInput(TABLE)));
    const now = new Date();
    console.log(`bench:tiers, ${count} customers, ${concurrency} shard parts at once; load average ${load()}`);
    let started = Date.now();
    await seedCustomers(client, TABLE.tableName, { count, now, concurrency: 4 });
    console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${load()}`);
    const store = new TierRepository(client, TABLE.tableName);
    for (const run of ['first run', 'same run again']) {
      started = Date.now();
      const result = await runShardedTierJob(store, now, new LoggedTierSignals(() => undefined), concurrency);
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `  ${run}: ${seconds.toFixed(1)} s (${Math.round(result.customers / seconds)} customers/s), changed ${result.changed}, ` +
          `A ${result.byTier.A} B ${result.byTier.B} C ${result.byTier.C}; load average ${load()}`,
      );
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

runAsScript(import.meta.url, main);
