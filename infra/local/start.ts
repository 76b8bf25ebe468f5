/**
 * `npm start`: DynamoDB Local (data kept under .data/), the table, demo data, the web page and
 * the API on http://localhost:3000, then prints the URL and the credentials. Ctrl-C stops
 * everything; the JVM is killed by its PID, also when start-up fails half way.
 *
 * Settings (environment): PORT (3000), DYNAMODB_PORT (8000), DATA_DIR (.data),
 * ADMIN_TOKEN and DEMO_PARTNER_KEY (otherwise generated once and kept in DATA_DIR).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { buildWeb } from '../../web/build.ts';
import { createDevSigningKey, type DevSigningKey } from './dev-auth.ts';
import { isPortTaken, startDynamoDbLocal, stopOnExit, type DynamoDbLocal } from './dynamodb-local.ts';
import { startLocalStack, type LocalStack } from './stack.ts';

const SettingsSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65_535).default(8000),
  DATA_DIR: z.string().min(1).default('.data'),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .max(256)
    .regex(/^[^.\s]+$/, 'no dots or spaces (a dotted token would be read as a JWT)')
    .optional(),
  DEMO_PARTNER_KEY: z.string().min(16, 'at least 16 characters').max(256).optional(),
});

/** Local secrets, generated once and kept with the data so a restart keeps them. */
interface DevSecrets {
  adminToken: string;
  demoPartnerKey: string;
  signingKey: DevSigningKey;
}

async function loadOrCreateSecrets(dataDir: string): Promise<DevSecrets> {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    adminToken: `admin-${randomBytes(18).toString('base64url')}`,
    demoPartnerKey: `pk_demo_${randomBytes(18).toString('base64url')}`,
    signingKey: await createDevSigningKey(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function fail(message: string): never {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // Locally we run Node 20 knowingly (the Lambdas run the newest runtime); the SDK's
  // reminder about Node 22 would only bury the banner.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const parsed = SettingsSchema.safeParse(process.env);
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  const settings = parsed.data;

  if (await isPortTaken(settings.PORT)) {
    fail(
      `port ${settings.PORT} is already in use — is another \`npm start\` running? Stop it, or choose another port: PORT=${settings.PORT + 1} npm start`,
    );
  }
  if (await isPortTaken(settings.DYNAMODB_PORT)) {
    fail(
      `port ${settings.DYNAMODB_PORT} (DynamoDB Local) is already in use — is another \`npm start\` running? Stop it, or set DYNAMODB_PORT=${settings.DYNAMODB_PORT + 1}`,
    );
  }

  const dataDir = resolve(settings.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secrets = await loadOrCreateSecrets(dataDir);
  const adminToken = settings.ADMIN_TOKEN ?? secrets.adminToken;
  const demoPartnerKey = settings.DEMO_PARTNER_KEY ?? secrets.demoPartnerKey;

  console.log('Building the web page…');
  const webRoot = await buildWeb();

  console.log('Starting DynamoDB Local…');
  let database: DynamoDbLocal;
  try {
    database = await startDynamoDbLocal({ port: settings.DYNAMODB_PORT, dataDir: join(dataDir, 'dynamodb') });
  } catch (error) {
    fail((error as Error).message);
  }
  let stack: LocalStack | undefined;
  stopOnExit(database, async () => {
    console.log('\nStopping…');
    await stack?.close();
  });

  try {
    stack = await startLocalStack({
      port: settings.PORT,
      dynamoEndpoint: database.endpoint,
      tableName: 'configurator',
      artifactDir: join(dataDir, 'artifacts'),
      adminToken,
      demoPartnerKey,
      signingKey: secrets.signingKey,
      webRoot,
      log: (line) => console.log(`  ${new Date().toISOString()} ${line}`),
    });
  } catch (error) {
    console.error(`\nnpm start: could not start: ${(error as Error).message}`);
    await database.stop();
    process.exit(1);
  }

  console.log(`
Order configurator running at ${stack.url}

  Web page           ${stack.url}/
  API                ${stack.url}/products   (see README, "Tour")
  Admin token        ${adminToken}
                     curl -H "Authorization: Bearer ${adminToken}" ${stack.url}/products
  Demo partner key   ${demoPartnerKey}
                     curl -H "x-api-key: ${demoPartnerKey}" ${stack.url}/products
  Customer sign-in   curl -X POST ${stack.url}/dev/login -H 'content-type: application/json' -d '{"email":"you@example.com"}'
  DynamoDB Local     ${database.endpoint} (pid ${database.pid}, data in ${join(settings.DATA_DIR, 'dynamodb')})

Press Ctrl-C to stop.`);
}

await main();
