/** The tier job's requests (pure): the partner and customer listings, the settings read, the conditional tier write. */
import { describe, expect, it } from 'vitest';
import { buildGetTenantSettings, buildListCustomersQuery, buildListPartnersQuery, buildSetTierUpdate } from '#store/tier-repository';

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

  it("lists one tenant's customers, reading only what the tier needs and whether the record was merged", () => {
    // Act
    const query = buildListCustomersQuery('t', 'acme');

    // Assess
    expect(query).toEqual({
      TableName: 't',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :listing',
      ExpressionAttributeValues: { ':listing': 'TENANT#acme#CUSTOMERS' },
      ProjectionExpression: '#customerId, #recentOrders, #tier, #mergedInto',
      ExpressionAttributeNames: {
        '#customerId': 'customerId',
        '#recentOrders': 'recentOrders',
        '#tier': 'tier',
        '#mergedInto': 'mergedInto',
      },
    });
  });

  it("reads a tenant's settings item", () => {
    // Act
    const get = buildGetTenantSettings('t', 'acme');

    // Assess
    expect(get).toEqual({ TableName: 't', Key: { PK: 'TENANT#acme', SK: 'SETTINGS' } });
  });

  it('writes a tier only onto an existing profile, so an erased customer is not brought back as a bare item', () => {
    // Act
    const update = buildSetTierUpdate('t', 'acme', 'c1', 'A', new Date('2026-11-20T02:00:00.000Z'));

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
      UpdateExpression: 'SET #tier = :tier, #tierComputedAt = :computedAt',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#tier': 'tier', '#tierComputedAt': 'tierComputedAt' },
      ExpressionAttributeValues: { ':tier': 'A', ':computedAt': '2026-11-20T02:00:00.000Z' },
      ReturnValues: 'ALL_NEW',
    });
  });
});
