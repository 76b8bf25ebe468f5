import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { leadingKeyPatterns, type TableAccess, type TableGrant } from '../stacks/table-access.ts';
import { BUNDLE_ALIASES, ESBUILD_TARGET, ESM_REQUIRE_BANNER, LAMBDA_BUNDLE, NODE_RUNTIME } from './bundling.ts';

export { ESBUILD_TARGET, ESM_REQUIRE_BANNER, NODE_RUNTIME };

export type { TableAccess };

/**
 * The DynamoDB item actions of each access level. Transactions are authorized by the item
 * actions they contain (TransactGetItems by GetItem, TransactWriteItems by
 * Put/Update/Delete/ConditionCheckItem); there are no streams to read.
 *
 * No `Scan`: nothing scans, and a Scan names no partition key, so the `ForAllValues`
 * `dynamodb:LeadingKeys` condition of {@link ConfiguratorFunction.bindTable} would let it read
 * every family. `DescribeTable` names none either, but reads no items.
 */
export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

/** Where artifacts live in their bucket (`compiledArtifactKey`): every grant stops at this prefix. */
export const ARTIFACT_PREFIX = 'catalogs/';

/**
 * What a function may do with compiled-catalog artifacts: `read` (GetObject, and ListBucket
 * on the prefix, so a missing key is a 404 NoSuchKey rather than a 403), or `readWrite`
 * (publishing: PutObject too). No delete: artifacts are only ever written.
 */
export const ARTIFACT_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['s3:GetObject'],
  readWrite: ['s3:GetObject', 's3:PutObject'],
};

/** What a function may do on an index: query it (indexes are read-only). */
export const INDEX_ACTIONS: readonly string[] = ['dynamodb:Query'];

/** The IAM condition that limits requests to partition keys matching `patterns`. */
export function leadingKeysCondition(patterns: readonly string[]): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] } };
}

/** What a {@link ConfiguratorFunction} needs besides its defaults. */
export interface ConfiguratorFunctionProps {
  /** The handler file, exporting `handler` (e.g. `functions/catalog.ts`). */
  readonly entry: string;
  /** The repository root: its `package.json` "imports" aliases and `package-lock.json` apply. */
  readonly projectRoot: string;
  /** Shown in logs, traces and metrics (`POWERTOOLS_SERVICE_NAME`). */
  readonly serviceName: string;
  readonly description?: string;
  /** Extra environment variables; the defaults below are kept unless overridden here. */
  readonly environment?: Record<string, string>;
  /** @default 1024 MB: the engine compiles catalogs in memory, and CPU share grows with memory. */
  readonly memorySize?: number;
  /** @default 10 seconds: every route answers interactively; nothing runs long. */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * A Lambda function for one handler file, with the project's defaults:
 *
 * - runtime {@link NODE_RUNTIME} on ARM64 (cheaper per GB-second than x86 for the same work);
 * - 1024 MB, 10 s, X-Ray tracing active;
 * - its own log group with a retention period (no LogRetention custom resource);
 * - bundled locally by esbuild (never Docker): ESM, minified, with source maps
 *   (`NODE_OPTIONS=--enable-source-maps` makes stack traces point at the TypeScript);
 *   `mainFields: ['module', 'main']` so the AWS SDK is taken in its ESM form, which tree-shakes
 *   to a markedly smaller bundle;
 * - the SDK's default credential chain is replaced by the environment provider Lambda uses
 *   (bundling.ts, `BUNDLE_ALIASES`): about 100 KB less per bundle;
 * - the AWS SDK is bundled, not taken from the runtime (`externalModules: []`): the deployed
 *   code runs exactly the SDK version in `package-lock.json` that the tests ran, instead of
 *   whatever version the Lambda runtime ships that month. The price is a larger bundle, which
 *   tree-shaking keeps small;
 * - the `package.json` "imports" aliases (`#store/*`, `#http/*`, ...) resolve because esbuild
 *   reads them from the project's `package.json`.
 *
 * Access to the table is granted with {@link bindTable}, which also sets `TABLE_NAME`.
 */
export class ConfiguratorFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ConfiguratorFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const functionProps: NodejsFunctionProps = {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      description: props.description,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourcemap,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner.js,
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([name, path]) => [`--alias:${name}`, path])),
        externalModules: [],
        bundleAwsSDK: true,
      },
    };
    super(scope, id, functionProps);
  }

  /**
   * Grants exactly the grant's access ({@link TABLE_ACTIONS}) on the table, and `Query` on
   * each index the grant's families live in, each limited by a `dynamodb:LeadingKeys`
   * condition to the partition keys of those families (infra/stacks/table-access.ts); and
   * tells the handler where the table is, through `TABLE_NAME`.
   *
   * For a Query on an index the partition key in the request is the index's (`GSI1PK`), so
   * the index statement carries the index families' patterns and the table statement the
   * table's. `ForAllValues` is true of a request that names no partition key at all
   * (DescribeTable; a Scan, which is therefore not granted).
   *
   * Not `table.grantReadData()`: that grants on `<table>/index/*`, a wildcard that would also
   * cover indexes added later for other purposes, and has no key condition.
   */
  bindTable(table: ITable, grant: TableGrant): void {
    const patterns = leadingKeyPatterns(grant);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS[grant.access]],
        resources: [table.tableArn],
        conditions: leadingKeysCondition(patterns.table),
      }),
    );
    for (const [indexName, indexPatterns] of patterns.indexes) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: [...INDEX_ACTIONS],
          resources: [`${table.tableArn}/index/${indexName}`],
          conditions: leadingKeysCondition(indexPatterns),
        }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * Grants {@link ARTIFACT_ACTIONS} on the artifacts under {@link ARTIFACT_PREFIX} of `bucket`
   * (ListBucket limited to that prefix), and tells the handler where they are, through
   * `ARTIFACT_BUCKET`. Not `bucket.grantRead()`: that grants `s3:GetObject*`, `s3:List*` and
   * `s3:GetBucket*` on every key.
   */
  bindArtifacts(bucket: IBucket, access: TableAccess): void {
    this.addToRolePolicy(
      new PolicyStatement({ actions: [...ARTIFACT_ACTIONS[access]], resources: [bucket.arnForObjects(`${ARTIFACT_PREFIX}*`)] }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ARTIFACT_PREFIX}*`] } },
      }),
    );
    this.addEnvironment('ARTIFACT_BUCKET', bucket.bucketName);
    const objects = Stack.of(this).resolve(bucket.arnForObjects(`${ARTIFACT_PREFIX}*`)) as unknown;
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(objects)}]`,
      reason:
        'Artifact keys are made per product, version and document at publish time; the grant is limited to the artifacts prefix of the one bucket.',
    });
  }
}

/**
 * How cdk-nag writes a resource in a finding: an `Fn::Join` of strings and pseudo parameters
 * as one string with `<AWS::Name>` for each `Ref` (the form of the acknowledgement ids above).
 */
function nagResource(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`cannot name ${JSON.stringify(resolved)} as cdk-nag does`);
  return join[1].map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join(join[0]);
}
