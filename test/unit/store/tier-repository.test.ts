/** The tier job's requests (pure): the partner and customer listings, the settings read, the conditional tier write with its report line, the report read. */
import { describe, expect, it } from 'vitest';
import {
  buildGetTenantSettings,
  buildListCustomersQuery,
  buildListPartnersQuery,
  buildSaveTierTransaction,
  buildTierChangesQuery,
  TIER_CHANGE_RETENTION_DAYS,
} from '#store/tier-repository';

describe('tier job requests', () => {
  it('lists the partners through GSI1, reading only their ids, one page after another', () => {
    // Prepare
    const startKey = { PK: 'PARTNER#p1', SK: 'PROFILE', GSI1PK: 'PARTNERS', GSI1SK: 'p1' };

    // Act
    const first = buildListPartnersQuery('t');
    const next = buildListPartnersQuery('t', startKey, 25);

    // Assess
    expect(first).toEqual({
      TableName: 't',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :listing',
      ExpressionAttributeValues: { ':listing': 'PARTNERS' },
      ProjectionExpression: 'GSI1SK',
    });
    expect(next).toMatchObject({ Limit: 25, ExclusiveStartKey: startKey });
  });

  it("lists one shard of a tenant's customers, reading only what the tier needs and whether the record was merged", () => {
    // Act
    const query = buildListCustomersQuery('t', 'acme', 7);

    // Assess
    expect(query).toEqual({
      TableName: 't',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :listing',
      ExpressionAttributeValues: { ':listing': 'TENANT#acme#CUSTOMERS#07' },
      ProjectionExpression: '#customerId, #recentOrders, #tier, #mergedInto, #valueHalvedSince',
      ExpressionAttributeNames: {
        '#customerId': 'customerId',
        '#recentOrders': 'recentOrders',
        '#tier': 'tier',
        '#mergedInto': 'mergedInto',
        '#valueHalvedSince': 'valueHalvedSince',
      },
    });
  });

  it("reads a tenant's settings item", () => {
    // Act
    const get = buildGetTenantSettings('t', 'acme');

    // Assess
    expect(get).toEqual({ TableName: 't', Key: { PK: 'SETTINGS#acme', SK: 'TENANT' } });
  });

  it('writes a tier only onto an existing profile, so an erased customer is not brought back as a bare item', () => {
    // Act
    const transaction = buildSaveTierTransaction(
      't',
      'acme',
      { customerId: 'c1', tier: 'A', tierChanged: true, valueHalvedSince: null },
      new Date('2026-11-20T02:00:00.000Z'),
    );

    // Assess
    expect(transaction.names).toEqual(['profile']);
    expect(transaction.input.TransactItems).toEqual([
      {
        Update: {
          TableName: 't',
          Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
          UpdateExpression: 'SET #tier = :tier, #tierComputedAt = :computedAt REMOVE #valueHalvedSince',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#tier': 'tier', '#tierComputedAt': 'tierComputedAt', '#valueHalvedSince': 'valueHalvedSince' },
          ExpressionAttributeValues: { ':tier': 'A', ':computedAt': '2026-11-20T02:00:00.000Z' },
        },
      },
    ]);
  });

  it('keeps the halving mark and writes the report line in the same transaction, kept for a while', () => {
    // Prepare
    const at = '2026-11-20T02:00:00.000Z';
    const change = {
      tenantId: 'acme',
      customerId: 'c1',
      at,
      from: 'A' as const,
      to: 'A' as const,
      winBack: true,
      reasons: ['value-halved' as const],
    };

    // Act
    const transaction = buildSaveTierTransaction(
      't',
      'acme',
      { customerId: 'c1', tier: 'A', tierChanged: false, valueHalvedSince: at, change: { ...change, value90: 10, previous90: 30 } },
      new Date(at),
    );

    // Assess
    expect(transaction.names).toEqual(['profile', 'report']);
    expect(transaction.input.TransactItems![0]!.Update).toMatchObject({
      UpdateExpression: 'SET #tier = :tier, #valueHalvedSince = :valueHalvedSince',
      ExpressionAttributeValues: { ':tier': 'A', ':valueHalvedSince': at },
    });
    expect(transaction.input.TransactItems![1]).toEqual({
      Put: {
        TableName: 't',
        Item: {
          PK: 'TIERCHANGES#acme',
          SK: `${at}#c1`,
          ...change,
          value90: 10,
          previous90: 30,
          expiresAt: Date.parse(at) / 1000 + TIER_CHANGE_RETENTION_DAYS * 86_400,
        },
      },
    });
  });

  it("reads a tenant's report newest first, from where the previous page stopped", () => {
    // Act
    const first = buildTierChangesQuery('t', 'acme', 50);
    const next = buildTierChangesQuery('t', 'acme', 50, { PK: 'TIERCHANGES#acme', SK: '2026-11-20T02:00:00.000Z#c1' });

    // Assess
    expect(first).toEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :report',
      ExpressionAttributeValues: { ':report': 'TIERCHANGES#acme' },
      ScanIndexForward: false,
      Limit: 50,
    });
    expect(next.ExclusiveStartKey).toEqual({ PK: 'TIERCHANGES#acme', SK: '2026-11-20T02:00:00.000Z#c1' });
  });
});
