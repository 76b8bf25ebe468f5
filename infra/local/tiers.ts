/**
 * `npm run tiers`: runs the nightly tier job once, in the parts the AWS workflow runs (thresholds
 * first, then every shard applied; shared/customers/tier-parts.ts) with at most TIERS_CONCURRENCY
 * shard parts at once (default 8), against the database of a running
 * `npm start` (DynamoDB Local on DYNAMODB_PORT, default 8000; table `configurator`) and prints
 * the figures and the report: every win-back signal of the run (each also one JSON log line,
 * where AWS publishes an EventBridge event). Useful to see tiers change after placing demo
 * orders, without waiting a night; `GET /admin/reports/tier-changes?tenantId=` lists them too.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { runShardedTierJob } from '#customers/tier-parts';
import { LoggedTierSignals } from '#events/win-back-events';
import { createDocumentClient } from '#store/client';
import { TABLE } from '#store/table';
import { TierRepository } from '#store/tier-repository';

function fail(message: string): never {
  console.error(`\nnpm run tiers: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = Number(process.env.DYNAMODB_PORT ?? 8000);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) fail(`DYNAMODB_PORT must be a port number, got '${process.env.DYNAMODB_PORT}'`);
  const endpoint = `http://127.0.0.1:${port}`;
  // A whole tenant is read and written in one go: allow more than an API request's 1 s.
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 10_000, maxAttempts: 2 });
  try {
    let tables: string[];
    try {
      tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    } catch {
      fail(
        `DynamoDB Local is not answering on ${endpoint}. Start it first with \`npm start\` (in another terminal), or set DYNAMODB_PORT to the port it uses.`,
      );
    }
    if (!tables.includes(TABLE.tableName))
      fail(`DynamoDB Local on ${endpoint} has no table '${TABLE.tableName}'. Run \`npm start\` once: it creates the table.`);

    const started = Date.now();
    const signals = new LoggedTierSignals();
    const concurrency = Number(process.env.TIERS_CONCURRENCY ?? 8);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
      fail(`TIERS_CONCURRENCY must be 1 to 64, got '${process.env.TIERS_CONCURRENCY}'`);
    const result = await runShardedTierJob(new TierRepository(client, TABLE.tableName), new Date(), signals, concurrency);
    console.log(`Tiers computed in ${Date.now() - started} ms`);
    console.log(`  tenants:   ${result.tenants}`);
    console.log(`  customers: ${result.customers}`);
    console.log(`  changed:   ${result.changed}`);
    console.log(`  win-back:  ${result.winBack}`);
    console.log(`  A: ${result.byTier.A}   B: ${result.byTier.B}   C: ${result.byTier.C}`);
    if (signals.published.length) console.log('\nWin-back signals (customers who were A or B and are slipping away):');
    for (const s of signals.published)
      console.log(
        `  ${s.tenantId}/${s.customerId}: ${s.from} → ${s.to}, ${s.reasons.join(' and ')} (last 90 days ${s.value90}, the 90 before ${s.previous90})`,
      );
  } finally {
    client.destroy();
  }
}

await main();
