import { join } from 'node:path';
import { Aws, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { EventBus, Rule, Schedule, type CronOptions } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROUTES, functionIds, type FunctionId } from '../../shared/http/routes.ts';
import { MAX_ATTEMPTS as WEBHOOK_MAX_ATTEMPTS } from '../../shared/webhooks/delivery.ts';
import { ConfiguratorApi } from '../constructs/configurator-api.ts';
import { ConfiguratorFunction } from '../constructs/configurator-function.ts';
import { CustomerIdentity } from '../constructs/customer-identity.ts';
import { TierWorkflow } from '../constructs/tier-workflow.ts';
import { WebHosting } from '../constructs/web-hosting.ts';
import { acknowledgeLambdaBaseline } from './nag-acknowledgements.ts';
import { artifactBucketName } from './stateful-stack.ts';
import { TABLE_GRANTS, type TableAccess } from './table-access.ts';

export { TABLE_GRANTS };

/** `POWERTOOLS_SERVICE_NAME` of every function: one service, one name in logs and traces. */
export const SERVICE_NAME = 'order-configurator';

/** The table access of each route function (the access levels of {@link TABLE_GRANTS}). */
export const TABLE_ACCESS: Readonly<Record<FunctionId, TableAccess>> = Object.fromEntries(
  functionIds().map((id) => [id, TABLE_GRANTS[id].access]),
) as Record<FunctionId, TableAccess>;

/**
 * Functions that compile catalogs get more memory (and so more CPU) and API Gateway's full
 * 29 s: the first configure of a large catalog compiles it (Renault "big": seconds), and a
 * publish lints the whole solution space. The others keep the construct's defaults.
 */
export const FUNCTION_SIZING: Readonly<Partial<Record<FunctionId, { memorySize: number; timeoutSeconds: number }>>> = {
  admin: { memorySize: 3008, timeoutSeconds: 29 },
  catalog: { memorySize: 2048, timeoutSeconds: 29 },
  orders: { memorySize: 2048, timeoutSeconds: 29 },
  customers: { memorySize: 2048, timeoutSeconds: 29 },
  companies: { memorySize: 2048, timeoutSeconds: 29 },
  quotes: { memorySize: 2048, timeoutSeconds: 29 },
};

/**
 * Access to compiled-catalog artifacts: every function that configures reads them (a cold
 * container loads the artifact instead of compiling); the admin function publishes, so it
 * writes them too. The others have none.
 */
export const ARTIFACT_ACCESS: Readonly<Partial<Record<FunctionId, TableAccess>>> = {
  admin: 'readWrite',
  catalog: 'read',
  orders: 'read',
  customers: 'read',
};

/** The authorizer only looks up partner API keys (by hash). */
export const AUTHORIZER_TABLE_ACCESS: TableAccess = TABLE_GRANTS.authorizer.access;

/** The tier job reads every tenant's customers and writes their tiers. */
export const TIERS_TABLE_ACCESS: TableAccess = TABLE_GRANTS.tiers.access;

/**
 * The stream event source of the order-learning function: new order items only (the filter runs
 * before Lambda is invoked, so other writes cost nothing), up to 100 per batch or 1 s. Learning is
 * idempotent, so a failing batch is split and retried from the first order it reports, up to 10
 * times, then parked in the dead-letter queue. The local stream poller (infra/local/order-stream.ts)
 * applies the same filter and retries.
 */
export const ORDER_LEARNING_EVENTS = (failures: Queue) => orderStreamEvents(failures, FilterRule.isEqual('INSERT'));

/** A stream event source over order items of the given event names, retried and then parked in `failures`. */
function orderStreamEvents(failures: Queue, eventName: string[]) {
  return {
    startingPosition: StartingPosition.LATEST,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(1),
    bisectBatchOnError: true,
    retryAttempts: 10,
    reportBatchItemFailures: true,
    onFailure: new SqsDlq(failures),
    filters: [FilterCriteria.filter({ eventName, dynamodb: { Keys: { SK: { S: FilterRule.beginsWith('ORDER#') } } } })],
  };
}

/**
 * The stream event source of the webhook dispatcher: new and changed order items (a placed order,
 * a moved status). Queuing is idempotent in effect (an event keeps its webhook-id), so a failing
 * batch is retried like the learning's and then parked in the webhook dead-letter queue.
 */
export const WEBHOOK_DISPATCH_EVENTS = (failures: Queue) => orderStreamEvents(failures, FilterRule.or('INSERT', 'MODIFY'));

/**
 * The webhook queue: a delivery function answers within 30 s (ten POSTs of at most 5 s side by
 * side), the queue hides a message 6 times that long while it runs; failed attempts set their own
 * visibility (the retry schedule, up to 10 h); messages live 4 days, longer than the schedule's
 * 27.5 h; after {@link WEBHOOK_MAX_ATTEMPTS} receives SQS moves a message to the dead-letter queue.
 */
export const WEBHOOK_DELIVERY = {
  timeout: Duration.seconds(30),
  visibilityTimeout: Duration.minutes(3),
  retentionPeriod: Duration.days(4),
  maxReceiveCount: WEBHOOK_MAX_ATTEMPTS,
  batchSize: 10,
} as const;

/** The tier job runs nightly at 02:00 UTC, when hardly anyone orders. */
export const TIERS_SCHEDULE: Readonly<CronOptions> = { minute: '0', hour: '2' };

export interface StatelessStackProps extends StackProps {
  /** The table of the stateful stack. */
  readonly table: ITable;
  /** Hex SHA-256 of the admin bearer token (never the token itself). */
  readonly adminTokenSha256: string;
  /** The repository root: handler files live in `<projectRoot>/functions`. */
  readonly projectRoot: string;
  /** The built web page to upload (`web/dist`); none: the bucket is created, left empty. */
  readonly webDistDirectory?: string;
  /** See {@link ConfiguratorApiProps.apiKeyRequired}. @default true */
  readonly apiKeyRequired?: boolean;
}

/**
 * Everything that can be replaced at will: the functions, the REST API and its usage plan,
 * customer sign-in, and the web hosting. Receives the table from the stateful stack.
 */
export class StatelessStack extends Stack {
  readonly api: ConfiguratorApi;
  readonly functions: Readonly<Record<FunctionId, ConfiguratorFunction>>;
  readonly authorizerFunction: ConfiguratorFunction;
  /** The nightly tier job's parts (`functions/tiers.ts`), the workflow that runs them, and the schedule that starts it. */
  readonly tiersFunction: ConfiguratorFunction;
  readonly tierWorkflow: TierWorkflow;
  /** Learns placed orders into the recommendation statistics (`functions/order-learning.ts`), from the table's stream. */
  readonly orderLearningFunction: ConfiguratorFunction;
  /** Stream batches the order-learning function gave up on, for an operator to look at (14 days). */
  readonly orderLearningFailures: Queue;
  readonly tiersSchedule: Rule;
  /** Turns partners' order changes on the table's stream into webhook events (`functions/webhook-dispatch.ts`). */
  readonly webhookDispatchFunction: ConfiguratorFunction;
  /** Delivers webhook events from {@link webhookQueue} (`functions/webhook-delivery.ts`). */
  readonly webhookDeliveryFunction: ConfiguratorFunction;
  /** One message per partner event, waiting for (another) delivery attempt. */
  readonly webhookQueue: Queue;
  /** Events whose last attempt failed, and stream batches the dispatcher gave up on (14 days). */
  readonly webhookDeadLetters: Queue;
  /** Goes off when anything is in {@link webhookDeadLetters} (docs/operations.md). */
  readonly webhookDeadLettersAlarm: Alarm;
  readonly identity: CustomerIdentity;
  /** Cognito's pre-token-generation trigger (`functions/token-claims.ts`). */
  readonly tokenClaimsFunction: ConfiguratorFunction;
  readonly web: WebHosting;
  /** The MAC key of page cursors: generated once per deployment, never a constant of the template. */
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    this.web = new WebHosting(this, 'Web');
    this.identity = new CustomerIdentity(this, 'CustomerIdentity', { webOrigin: this.web.origin });
    // Web customers' ID tokens name their customer record (created at the first sign-in).
    this.tokenClaimsFunction = new ConfiguratorFunction(this, 'TokenClaimsFunction', {
      entry: join(props.projectRoot, 'functions', 'token-claims.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: "Cognito pre-token-generation trigger: the customer id in web customers' ID tokens",
    });
    this.tokenClaimsFunction.bindTable(props.table, TABLE_GRANTS.tokenClaims);
    acknowledgeLambdaBaseline(this.tokenClaimsFunction);
    this.identity.setTokenClaims(this.tokenClaimsFunction);
    const functionsDirectory = join(props.projectRoot, 'functions');

    // Cursors are tamper-evident, not secret: the key only has to be the same in every container
    // of one deployment and unknown to callers. CloudFormation resolves the dynamic reference at
    // deploy time, so the template never holds the value.
    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'MAC key of the API page cursors (CURSOR_SECRET of the route functions)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A MAC key for page cursors, handed to the functions at deploy time: rotating it means redeploying, and only invalidates the cursors callers hold (they start the listing again).',
    });
    // Named, not passed: see artifactBucketName (stateful-stack.ts).
    const artifactBucket = Bucket.fromBucketName(this, 'ArtifactBucket', artifactBucketName());
    const routeFunctions = {} as Record<FunctionId, ConfiguratorFunction>;
    for (const functionId of functionIds(deployedRoutes())) {
      const fn = new ConfiguratorFunction(this, `${pascalCase(functionId)}Function`, {
        entry: join(functionsDirectory, `${functionId}.ts`),
        projectRoot: props.projectRoot,
        serviceName: SERVICE_NAME,
        description: routesDescription(deployedRoutes().filter((r) => r.function === functionId)),
        environment: {
          // Lambda proxy responses carry their own CORS headers; the handler echoes this.
          CORS_ALLOWED_ORIGIN: this.web.origin,
          CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap(),
        },
        ...(FUNCTION_SIZING[functionId]
          ? { memorySize: FUNCTION_SIZING[functionId].memorySize, timeout: Duration.seconds(FUNCTION_SIZING[functionId].timeoutSeconds) }
          : {}),
      });
      fn.bindTable(props.table, TABLE_GRANTS[functionId]);
      const artifactAccess = ARTIFACT_ACCESS[functionId];
      if (artifactAccess) fn.bindArtifacts(artifactBucket, artifactAccess);
      routeFunctions[functionId] = fn;
    }
    this.functions = routeFunctions;

    const jwt = this.identity.jwtSettings;
    this.authorizerFunction = new ConfiguratorFunction(this, 'AuthorizerFunction', {
      entry: join(functionsDirectory, 'authorizer.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: 'REQUEST authorizer: resolves admin token, partner API key or customer JWT',
      environment: {
        ADMIN_TOKEN_SHA256: props.adminTokenSha256,
        JWT_ISSUER: jwt.issuer,
        JWT_JWKS_URL: jwt.jwksUrl,
        JWT_AUDIENCE: jwt.audience,
      },
    });
    this.authorizerFunction.bindTable(props.table, TABLE_GRANTS.authorizer);

    this.tiersFunction = new ConfiguratorFunction(this, 'TiersFunction', {
      entry: join(functionsDirectory, 'tiers.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: 'Nightly job: customer tiers A/B/C from the value of the last 12 months; win-back signals',
      // One part walks a shard of a tenant's customers (or, invoked by hand, the whole job): minutes.
      timeout: Duration.minutes(10),
      environment: { TIER_SIGNALS: 'eventbridge' },
    });
    this.tiersFunction.bindTable(props.table, TABLE_GRANTS.tiers);
    // Win-back signals go to the account's default bus (events:PutEvents on it alone), for whoever subscribes.
    EventBus.fromEventBusName(this, 'DefaultBus', 'default').grantPutEventsTo(this.tiersFunction);
    // The job scales out over the customer shards: a Step Functions workflow runs its parts.
    this.tierWorkflow = new TierWorkflow(this, 'TierWorkflow', { fn: this.tiersFunction });
    this.tiersSchedule = new Rule(this, 'TiersSchedule', {
      description: 'Starts the tier job nightly at 02:00 UTC',
      schedule: Schedule.cron(TIERS_SCHEDULE),
      targets: [new SfnStateMachine(this.tierWorkflow.stateMachine, { retryAttempts: 2 })],
    });

    this.orderLearningFunction = new ConfiguratorFunction(this, 'OrderLearningFunction', {
      entry: join(functionsDirectory, 'order-learning.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: 'Learns placed orders into the recommendation statistics (table stream)',
      timeout: Duration.minutes(1),
    });
    this.orderLearningFunction.bindTable(props.table, TABLE_GRANTS.orderLearning);
    this.orderLearningFailures = new Queue(this, 'OrderLearningFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.orderLearningFunction.addEventSource(new DynamoEventSource(props.table, ORDER_LEARNING_EVENTS(this.orderLearningFailures)));
    Validations.of(this.orderLearningFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the order-learning stream source; a dead-letter queue behind it would only hold the same parked batches again.',
    });

    this.webhookDeadLetters = new Queue(this, 'WebhookDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.webhookDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the webhook queue and of the dispatcher stream source.',
    });
    this.webhookQueue = new Queue(this, 'WebhookQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: WEBHOOK_DELIVERY.visibilityTimeout,
      retentionPeriod: WEBHOOK_DELIVERY.retentionPeriod,
      deadLetterQueue: { queue: this.webhookDeadLetters, maxReceiveCount: WEBHOOK_DELIVERY.maxReceiveCount },
    });
    this.webhookDispatchFunction = new ConfiguratorFunction(this, 'WebhookDispatchFunction', {
      entry: join(functionsDirectory, 'webhook-dispatch.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: "Queues partners' webhook events from order changes (table stream)",
      timeout: Duration.minutes(1),
      environment: { WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl },
    });
    this.webhookDispatchFunction.bindTable(props.table, TABLE_GRANTS.webhookDispatch);
    this.webhookQueue.grantSendMessages(this.webhookDispatchFunction);
    this.webhookDispatchFunction.addEventSource(new DynamoEventSource(props.table, WEBHOOK_DISPATCH_EVENTS(this.webhookDeadLetters)));
    this.webhookDeliveryFunction = new ConfiguratorFunction(this, 'WebhookDeliveryFunction', {
      entry: join(functionsDirectory, 'webhook-delivery.ts'),
      projectRoot: props.projectRoot,
      serviceName: SERVICE_NAME,
      description: 'Delivers signed webhook events to partners, retrying over 27 h (SQS)',
      timeout: WEBHOOK_DELIVERY.timeout,
      environment: { WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl, WEBHOOK_URLS: 'public-https' },
    });
    this.webhookDeliveryFunction.bindTable(props.table, TABLE_GRANTS.webhookDelivery);
    // Consuming grants ChangeMessageVisibility too: how a failed attempt waits for the next.
    this.webhookDeliveryFunction.addEventSource(
      new SqsEventSource(this.webhookQueue, { batchSize: WEBHOOK_DELIVERY.batchSize, reportBatchItemFailures: true }),
    );
    this.webhookDeadLettersAlarm = new Alarm(this, 'WebhookDeadLettersAlarm', {
      alarmDescription:
        'Webhook events were given up after 27 h of retries, or the dispatcher parked a stream batch: see docs/operations.md',
      metric: this.webhookDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // The webhook routes check URLs under the same rule as deliveries.
    this.functions.webhooks.addEnvironment('WEBHOOK_URLS', 'public-https');

    this.api = new ConfiguratorApi(this, 'Api', {
      routes: deployedRoutes(),
      functions: this.functions,
      authorizerFunction: this.authorizerFunction,
      allowedOrigin: this.web.origin,
      apiKeyRequired: props.apiKeyRequired ?? true,
    });
    // The authorizer names the shared key of callers that are not partners; partners' own
    // plans and keys are made by the partners function (docs/adr/0002).
    this.authorizerFunction.addEnvironment('WEB_CALLERS_USAGE_KEY', this.api.sharedUsageKeys.webCallers);
    this.authorizerFunction.addEnvironment('UNAUTHENTICATED_USAGE_KEY', this.api.sharedUsageKeys.unauthenticated);
    this.api.grantUsagePlanAdministration(this.functions.partners);

    if (props.webDistDirectory) {
      this.web.deploy(props.webDistDirectory, {
        apiUrl: this.api.url,
        userPoolId: this.identity.userPool.userPoolId,
        signInUrl: this.identity.hostedSignInUrl,
        userPoolClientId: this.identity.webClient.userPoolClientId,
        region: Aws.REGION,
      });
    }

    for (const fn of [
      ...Object.values(this.functions),
      this.authorizerFunction,
      this.tiersFunction,
      this.orderLearningFunction,
      this.webhookDispatchFunction,
      this.webhookDeliveryFunction,
    ])
      acknowledgeLambdaBaseline(fn);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'REST API base URL (stage included)' });
    new CfnOutput(this, 'WebUrl', { value: this.web.origin, description: 'The customer-facing web page' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId, description: 'Cognito user pool of web customers' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.webClient.userPoolClientId,
      description: 'Cognito app client of the web page',
    });
  }
}

/** The routes API Gateway serves: the route table without local-only routes. */
export function deployedRoutes() {
  return ROUTES.filter((route) => !route.localOnly);
}

/** Lambda's limit on a function's description. */
const MAX_DESCRIPTION_LENGTH = 256;

/**
 * "Routes: GET /a, PUT /b, …", within Lambda's 256 characters: routes that do not fit are
 * counted ("and 3 more"); the API's own document lists them all.
 */
export function routesDescription(routes: readonly { method: string; path: string }[]): string {
  const names = routes.map((r) => `${r.method} ${r.path}`);
  for (let shown = names.length; shown >= 0; shown--) {
    const rest = names.length - shown;
    const text = `Routes: ${names.slice(0, shown).join(', ')}${rest ? ` and ${rest} more` : ''}`;
    if (text.length <= MAX_DESCRIPTION_LENGTH) return text;
  }
  return `Routes: ${names.length}`;
}

function pascalCase(id: string): string {
  return id.replace(/(^|[-_])([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}
