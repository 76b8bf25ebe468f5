/**
 * `npm run migrate:listings`: moves the tenant listing entries written before the listings were
 * sharded into their shards (shared/store/listing-migration.ts), for the house and every partner:
 * against the database of a running `npm start` (DynamoDB Local on DYNAMODB_PORT, default 8000),
 * or, with `--aws`, against the table TABLE_NAME in the AWS account of the environment's
 * credentials. Idempotent: a second run moves nothing. Run it once right after deploying the
 * sharded listings (docs/adr/0011-write-sharded-listings.md).
 */
import { createDocumentClient } from '#store/client';
import { migrateListing } from '#store/listing-migration';
import { TABLE } from '#store/table';
import { TierRepository } from '#store/tier-repository';

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const aws = process.argv.includes('--aws');
  const tableName = process.env.TABLE_NAME ?? TABLE.tableName;
  const client = createDocumentClient({
    ...(aws ? {} : { endpoint: `http://127.0.0.1:${Number(process.env.DYNAMODB_PORT ?? 8000)}` }),
    requestTimeoutMs: 10_000,
    maxAttempts: 5,
  });
  try {
    for (const tenantId of await new TierRepository(client, tableName).listTenants()) {
      const orders = await migrateListing(client, tableName, 'orders', tenantId);
      const customers = await migrateListing(client, tableName, 'customers', tenantId);
      console.log(`${tenantId}: ${orders} order and ${customers} customer listing entries moved into their shards`);
    }
  } finally {
    client.destroy();
  }
}

await main();
