/**
 * The whole product on one machine: the table on a DynamoDB Local endpoint, the environment
 * every function reads at cold start, demo data, and the local API server. `npm start` and
 * the integration tests both start it through `startLocalStack`.
 */
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ArtifactFiles } from '#store/artifact-files';
import { createDocumentClient } from '#store/client';
import { CustomerRepository } from '#store/customer-repository';
import { PartnerRepository } from '#store/partner-repository';
import { DEFAULT_USAGE_PLAN, type UsagePlan } from '#core/usage-plan';
import { createTableInput, TABLE } from '#store/table';
import { sha256Hex } from '#core/digest';
import { DEV_JWT_AUDIENCE, devLoginRoute, type DevSigningKey } from './dev-auth.ts';
import { seedDemoData } from './seed.ts';
import { createLocalApi } from './server.ts';
import { isOrderChange, startOrderStream, type OrderStream } from './order-stream.ts';
import { createLocalWebhookQueue, type LocalWebhookQueue } from './webhook-queue.ts';
import { runAsTableUser } from './table-access-recorder.ts';

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dynamoEndpoint: string;
  tableName: string;
  adminToken: string;
  demoPartnerKey: string;
  signingKey: DevSigningKey;
  webRoot?: string;
  /** Seed the demo catalog and partner (default true). */
  seed?: boolean;
  /** Learn placed orders from the table's stream, like the deployed stream consumer (default true). */
  learnFromOrders?: boolean;
  /** Deliver partners' webhooks from the table's stream, like the deployed dispatcher and delivery function (default true). */
  deliverWebhooks?: boolean;
  /** Multiplies the webhook retry schedule's waits (tests: 0.001). @default 1 */
  webhookRetryScale?: number;
  /**
   * Where compiled-catalog artifacts are kept (`npm start`: DATA_DIR/artifacts). Default: one
   * folder under the system's temporary folder; sharing it is safe, as an artifact's key names
   * its product, version, document digest and format version.
   */
  artifactDir?: string;
  /** Enforce partners' usage plans like API Gateway (default true; load runs may turn it off). */
  enforceUsagePlans?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  port: number;
  server: Server;
  catalogVersion?: number;
  /** The order stream poller (absent with `learnFromOrders: false`); `settled()` waits until it caught up. */
  orderStream?: OrderStream;
  /** The stream poller of the webhook dispatcher and the local webhook queue (absent with `deliverWebhooks: false`). */
  webhooks?: { stream: OrderStream; queue: LocalWebhookQueue };
  close(): Promise<void>;
}

/** Creates the table from the shared definition if it is missing (idempotent), with its TTL. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 10_000 });
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(TABLE, tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Sets the variables the functions validate at cold start. Handlers are imported after this
 * (lazily, by the server), exactly as Lambda starts them with their environment.
 */
export function setFunctionEnvironment(
  options: Pick<LocalStackOptions, 'dynamoEndpoint' | 'tableName' | 'adminToken' | 'signingKey' | 'artifactDir'>,
  issuer: string,
): void {
  process.env.TABLE_NAME = options.tableName;
  process.env.ARTIFACT_DIR = localArtifactDir(options);
  process.env.DYNAMODB_ENDPOINT = options.dynamoEndpoint;
  process.env.AWS_REGION ??= 'eu-west-1';
  // The local server prints its own request lines; the functions' JSON logs and EMF metrics
  // only speak up for warnings and errors (POWERTOOLS_LOG_LEVEL=INFO shows them all).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.ADMIN_TOKEN_SHA256 = sha256Hex(options.adminToken);
  process.env.JWT_ISSUER = issuer;
  process.env.JWT_AUDIENCE = DEV_JWT_AUDIENCE;
  process.env.JWT_JWKS = JSON.stringify({ keys: [options.signingKey.publicJwk] });
  // In AWS the stack generates this per deployment; locally a fixed value is enough (cursors
  // are tamper-evident, not secret) and keeps cursors valid across restarts.
  process.env.CURSOR_SECRET ??= LOCAL_CURSOR_SECRET;
  // Webhook receivers on this machine (http://127.0.0.1) are allowed locally, never in AWS.
  process.env.WEBHOOK_URLS = 'local-http';
}

/** The folder of the local stack's compiled-catalog artifacts (the file stand-in for the S3 bucket). */
export function localArtifactDir(options: Pick<LocalStackOptions, 'artifactDir'>): string {
  return options.artifactDir ?? join(tmpdir(), 'configurator-artifacts');
}

/** The MAC key of page cursors under `npm start` and the tests only; never deployed. */
export const LOCAL_CURSOR_SECRET = 'local-only-page-cursor-key-never-deployed';

/** Local tokens' issuer; Cognito's is its user pool URL. */
export const DEV_ISSUER = 'urn:configurator:local-dev';

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  await ensureTable(options.dynamoEndpoint, options.tableName);
  setFunctionEnvironment(options, DEV_ISSUER);
  const storeClient = createDocumentClient({ endpoint: options.dynamoEndpoint });
  const customers = new CustomerRepository(storeClient, options.tableName);
  const partners = new PartnerRepository(storeClient, options.tableName);
  // Plans change rarely; a few seconds of staleness spares a read per request, as API Gateway does.
  const plans = new Map<string, { until: number; plan: UsagePlan }>();
  const usagePlanOf = async (partnerId: string): Promise<UsagePlan> => {
    const cached = plans.get(partnerId);
    if (cached && cached.until > Date.now()) return cached.plan;
    const plan = (await partners.find(partnerId))?.usagePlan ?? DEFAULT_USAGE_PLAN;
    plans.set(partnerId, { until: Date.now() + 5_000, plan });
    return plan;
  };
  const server = createLocalApi({
    localRoutes: [devLoginRoute(options.signingKey, DEV_ISSUER, customers)],
    ...(options.enforceUsagePlans === false ? {} : { usagePlanOf }),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  let catalogVersion: number | undefined;
  let orderStream: OrderStream | undefined;
  let webhooks: LocalStack['webhooks'];
  try {
    if (options.seed !== false) {
      const client = createDocumentClient({ endpoint: options.dynamoEndpoint, requestTimeoutMs: 10_000 });
      try {
        const artifacts = new ArtifactFiles(localArtifactDir(options));
        ({ catalogVersion } = await seedDemoData(client, options.tableName, options.demoPartnerKey, new Date(), artifacts));
      } finally {
        client.destroy();
      }
    }
    if (options.learnFromOrders !== false) {
      orderStream = await startOrderStream({
        endpoint: options.dynamoEndpoint,
        tableName: options.tableName,
        tableClient: storeClient,
        handler: async () => {
          const { handler } = await import('#functions/order-learning');
          return (event) => runAsTableUser('orderLearning', () => handler(event));
        },
        ...(options.log ? { log: options.log } : {}),
      });
    }
    if (options.deliverWebhooks !== false) webhooks = await startWebhooks(options, storeClient);
  } catch (error) {
    await orderStream?.stop();
    storeClient.destroy();
    throw error;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await orderStream?.stop();
    await stopWebhooks(webhooks);
    storeClient.destroy();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    ...(catalogVersion ? { catalogVersion } : {}),
    ...(orderStream ? { orderStream } : {}),
    ...(webhooks ? { webhooks } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
        .then(() => orderStream?.stop())
        .then(() => stopWebhooks(webhooks))
        .then(() => storeClient.destroy()),
  };
}

/**
 * The webhook dispatcher on its own stream poller (new and changed orders), handing events to
 * the local queue, whose attempts run the delivery function's use case.
 */
async function startWebhooks(options: LocalStackOptions, storeClient: ReturnType<typeof createDocumentClient>) {
  const queue = createLocalWebhookQueue({
    deps: async () => (await import('#functions/webhook-delivery')).deliveryDeps,
    run: (work) => runAsTableUser('webhookDelivery', work),
    ...(options.webhookRetryScale !== undefined ? { delayScale: options.webhookRetryScale } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  try {
    const stream = await startOrderStream({
      endpoint: options.dynamoEndpoint,
      tableName: options.tableName,
      tableClient: storeClient,
      filter: isOrderChange,
      name: 'webhook dispatch',
      handler: async () => {
        const dispatch = (await import('#functions/webhook-dispatch')).createDispatchHandler(queue);
        return (event) => runAsTableUser('webhookDispatch', () => dispatch(event));
      },
      ...(options.log ? { log: options.log } : {}),
    });
    return { stream, queue };
  } catch (error) {
    queue.stop();
    throw error;
  }
}

async function stopWebhooks(webhooks: LocalStack['webhooks']): Promise<void> {
  webhooks?.queue.stop();
  await webhooks?.stream.stop();
}
