import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_BUCKET_NAME_PREFIX, StatefulStack } from '../../infra/stacks/stateful-stack.ts';
import { TABLE } from '../../shared/store/table.ts';
import { cdkJsonContext, resourcesOfType } from './synthesize.ts';

describe('StatefulStack: the single table', () => {
  let table: { Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

  beforeAll(() => {
    // The stateful stack alone: no functions, so no bundling.
    const app = new App({ context: cdkJsonContext() });
    const template = Template.fromStack(new StatefulStack(app, 'Stateful'));
    const tables = Object.values(resourcesOfType(template, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    table = tables[0]!;
  });

  it('is on-demand, recoverable, protected, encrypted and retained', () => {
    // Prepare: the synthesized table (beforeAll).
    // Act
    const { Properties: properties, DeletionPolicy, UpdateReplacePolicy } = table;
    // Assess
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.PointInTimeRecoverySpecification).toEqual(expect.objectContaining({ PointInTimeRecoveryEnabled: true }));
    expect(properties.DeletionProtectionEnabled).toBe(true);
    expect(properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(DeletionPolicy).toBe('Retain');
    expect(UpdateReplacePolicy).toBe('Retain');
  });

  it('expires items on the TTL attribute of the table definition', () => {
    // Prepare
    const expected = { AttributeName: TABLE.timeToLiveAttribute, Enabled: true };
    // Act
    const ttl = table.Properties.TimeToLiveSpecification;
    // Assess
    expect(ttl).toEqual(expected);
  });

  it('streams new images, which the order-learning function reads, as the table definition says', () => {
    // Act
    const stream = table.Properties.StreamSpecification;
    // Assess
    expect(stream).toEqual({ StreamViewType: TABLE.stream });
    expect(TABLE.stream).toBe('NEW_IMAGE');
  });

  it('has exactly the keys and global indexes of the table definition', () => {
    // Prepare: expectations derived from TABLE, the object the stack is built from.
    const keySchema = (partition: string, sort: string) => [
      { AttributeName: partition, KeyType: 'HASH' },
      { AttributeName: sort, KeyType: 'RANGE' },
    ];
    const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    const expectedAttributes = [...new Map(keyAttributes.map((a) => [a.name, { AttributeName: a.name, AttributeType: a.type }])).values()];
    // Act
    const { KeySchema, GlobalSecondaryIndexes, AttributeDefinitions } = table.Properties;
    // Assess
    expect(KeySchema).toEqual(keySchema(TABLE.partitionKey.name, TABLE.sortKey.name));
    expect(GlobalSecondaryIndexes).toEqual(
      TABLE.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey.name, index.sortKey.name),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(AttributeDefinitions).toEqual(expect.arrayContaining(expectedAttributes));
    expect(AttributeDefinitions).toHaveLength(expectedAttributes.length);
  });
});

describe('StatefulStack: the compiled-catalog bucket', () => {
  let buckets: Record<string, { Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
  let policies: { Properties: Record<string, any> }[];
  let artifactBucketId: string;

  beforeAll(() => {
    const app = new App({ context: cdkJsonContext() });
    const stack = new StatefulStack(app, 'Stateful');
    const template = Template.fromStack(stack);
    buckets = resourcesOfType(template, 'AWS::S3::Bucket');
    policies = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy'));
    artifactBucketId = stack.getLogicalId(stack.artifactBucket.node.defaultChild as never);
  });

  it('is private, encrypted, versioned, logged and retained, named after the account and region', () => {
    // Act
    const { Properties: properties, DeletionPolicy, UpdateReplacePolicy } = buckets[artifactBucketId]!;
    // Assess
    expect(properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(properties.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(JSON.stringify(properties.BucketName)).toContain(`${ARTIFACT_BUCKET_NAME_PREFIX}-`);
    expect([DeletionPolicy, UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('refuses every request without TLS', () => {
    // Act
    const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: artifactBucketId }));
    // Assess
    expect(policy!.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});
