/** The CreateTable input derived from the one table definition. */
import { describe, expect, it } from 'vitest';
import { createTableInput, TABLE, type TableDefinition } from '#store/table';

describe('createTableInput', () => {
  it('keys the table by PK (hash) and SK (range), billed on demand', () => {
    // Act
    const input = createTableInput(TABLE);

    // Assess
    expect(input.TableName).toBe('configurator');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
  });

  it('creates every global index of TABLE with its keys and projection ALL', () => {
    // Act
    const input = createTableInput(TABLE);

    // Assess
    expect(TABLE.globalIndexes.length).toBeGreaterThan(0);
    expect(input.GlobalSecondaryIndexes).toEqual(
      TABLE.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toContain('GSI1');
  });

  it('defines each key attribute exactly once, as a string', () => {
    // Act
    const input = createTableInput(TABLE);

    // Assess
    const names = input.AttributeDefinitions.map((a) => a.AttributeName);
    expect([...names].sort()).toEqual(['GSI1PK', 'GSI1SK', 'PK', 'SK']);
    expect(input.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
  });

  it('defines an attribute shared by the table and an index once', () => {
    // Prepare
    const definition: TableDefinition = {
      ...TABLE,
      globalIndexes: [
        { indexName: 'BySk', partitionKey: { name: 'SK', type: 'S' }, sortKey: { name: 'PK', type: 'S' } },
        { indexName: 'ByX', partitionKey: { name: 'X', type: 'S' }, sortKey: { name: 'SK', type: 'S' } },
      ],
    };

    // Act
    const input = createTableInput(definition);

    // Assess
    expect(input.AttributeDefinitions.map((a) => a.AttributeName)).toEqual(['PK', 'SK', 'X']);
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(['BySk', 'ByX']);
  });

  it('uses the given table name instead of the default', () => {
    // Act
    const input = createTableInput(TABLE, 'configurator-test-123');

    // Assess
    expect(input.TableName).toBe('configurator-test-123');
  });
});
