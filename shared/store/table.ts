/**
 * The one description of the single DynamoDB table. The CDK stack (`infra/`) and the local
 * bootstrap (`infra/local/`) both derive their table from this object, so the two cannot drift.
 */

/** An attribute used in a key. All our keys are strings. */
export interface KeyAttribute {
  name: string;
  type: 'S';
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Default name: locally, and the prefix of the CDK-generated physical name. */
  tableName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalIndexes: GlobalIndexDefinition[];
  /** Epoch-seconds attribute after which DynamoDB deletes the item (idempotency records). */
  timeToLiveAttribute: string;
  /**
   * The change stream: new images of written items. The order-learning function reads the
   * orders placed from it (in AWS through a Lambda event source, locally by a poller).
   */
  stream: 'NEW_IMAGE';
}

export const TABLE: TableDefinition = {
  tableName: 'configurator',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalIndexes: [
    // Listings that cross partitions: the published products, a tenant's partners.
    { indexName: 'GSI1', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'GSI1SK', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_IMAGE',
};

/**
 * The `CreateTable` input for DynamoDB Local (on-demand billing, like the deployed table).
 * Pure, so it is unit-tested without a database.
 */
export function createTableInput(definition: TableDefinition, tableName = definition.tableName) {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    attributes.set(key.name, key);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
