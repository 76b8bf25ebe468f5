/**
 * The customer repository's requests (pure): creation all or nothing, the reads, the conditional
 * profile update, the configuration save with its version check, the repeat orders, the merge
 * transaction with its named actions and conditions, and the erasure's deletes.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerProfile, Touchpoint } from '#customers/profile';
import type { RememberedConfiguration } from '#customers/ports';
import type { StoredRepeatOrder } from '#orders/ports';
import { InvalidInputError } from '#core/errors';
import {
  buildCreateCustomerTransaction,
  buildCustomerPartitionQuery,
  buildDeletePersonalStatistics,
  buildEraseDeletes,
  buildEraseGifts,
  buildGetConfiguration,
  buildGetCustomer,
  buildGetCustomerEmail,
  buildGetCustomerTenant,
  buildGetRepeatOrder,
  buildMergeTransaction,
  buildRefreshRepeatOrder,
  buildRememberedItemsQuery,
  buildReplaceRepeatOrder,
  buildSaveConfigurationTransaction,
  buildUpdateCustomer,
  rememberedProductIds,
} from '#store/customer-repository';

const profile: CustomerProfile = {
  customerId: 'c1',
  tenantId: 'acme',
  name: 'Ada',
  createdAt: '2026-01-01T00:00:00.000Z',
  preferences: {} as CustomerProfile['preferences'],
  answers: {},
  lastAskedQuestions: [],
  doNotProfile: false,
  tier: 'B',
  orderCount: 0,
  lifetimeValue: 0,
  recentOrders: [],
  mergedFrom: [],
};

const configuration: RememberedConfiguration = {
  productId: 'laptop',
  catalogVersion: 3,
  picks: ['cpu.i7'],
  version: 4,
  savedAt: '2026-02-01T00:00:00.000Z',
  channel: 'web',
};

const touchpoint: Touchpoint = { productId: 'laptop', channel: 'web', at: '2026-02-01T00:00:00.000Z', action: 'saved-configuration' };

const repeatOrder = { productId: 'laptop', picks: ['cpu.i7'], assembledAt: '2026-02-02T00:00:00.000Z' } as StoredRepeatOrder;

describe('creating a customer', () => {
  it('creates the profile listed among its tenant’s customers and the tenant pointer, each only if it does not exist', () => {
    // Act
    const { input, names } = buildCreateCustomerTransaction('t', profile);

    // Assess
    expect(names).toEqual(['profile', 'tenant-pointer']);
    expect(input.TransactItems).toEqual([
      {
        Put: {
          TableName: 't',
          Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE', GSI1PK: 'TENANT#acme#CUSTOMERS#25', GSI1SK: 'c1', ...profile },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: 't',
          Item: { PK: 'CUSTOMER#c1', SK: 'TENANT', tenantId: 'acme' },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  });

  it('claims the sign-in e-mail in the same transaction, so one address of a tenant signs in one customer', () => {
    // Act
    const { input, names } = buildCreateCustomerTransaction('t', profile, 'e-hash');

    // Assess
    expect(names).toEqual(['profile', 'tenant-pointer', 'email']);
    expect(input.TransactItems![2]).toEqual({
      Put: {
        TableName: 't',
        Item: { PK: 'TENANT#acme#EMAIL#e-hash', SK: 'EMAIL', customerId: 'c1' },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
  });
});

describe('customer reads', () => {
  it('reads the profile, the tenant pointer, the e-mail, a configuration and a repeat order by their keys', () => {
    // Act
    const reads = [
      buildGetCustomer('t', 'acme', 'c1'),
      buildGetCustomerTenant('t', 'c1'),
      buildGetCustomerEmail('t', 'acme', 'e-hash'),
      buildGetConfiguration('t', 'acme', 'c1', 'laptop'),
      buildGetRepeatOrder('t', 'acme', 'c1', 'laptop'),
    ];

    // Assess
    expect(reads).toEqual([
      { TableName: 't', Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' } },
      { TableName: 't', Key: { PK: 'CUSTOMER#c1', SK: 'TENANT' } },
      { TableName: 't', Key: { PK: 'TENANT#acme#EMAIL#e-hash', SK: 'EMAIL' } },
      { TableName: 't', Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'CONFIG#laptop#last' } },
      { TableName: 't', Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop' } },
    ]);
  });
});

describe('buildUpdateCustomer', () => {
  it('updates only an existing profile (an erased customer is not brought back) and answers it as it is now', () => {
    // Act
    const update = buildUpdateCustomer('t', 'acme', 'c1', { name: 'Ada L.', phone: undefined });

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
      UpdateExpression: 'SET #f0 = :v0',
      ExpressionAttributeNames: { '#f0': 'name' },
      ExpressionAttributeValues: { ':v0': 'Ada L.' },
      ConditionExpression: 'attribute_exists(PK)',
      ReturnValues: 'ALL_NEW',
    });
  });
});

describe('buildSaveConfigurationTransaction', () => {
  it('saves a first configuration only if none is stored, and moves the touchpoint only on an existing profile', () => {
    // Act
    const { input, names } = buildSaveConfigurationTransaction('t', 'acme', 'c1', configuration, 0, touchpoint);

    // Assess
    expect(names).toEqual(['configuration', 'profile']);
    expect(input.TransactItems).toEqual([
      {
        Put: {
          TableName: 't',
          Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'CONFIG#laptop#last', ...configuration },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: 't',
          Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
          UpdateExpression: 'SET lastTouchpoint = :touchpoint',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':touchpoint': touchpoint },
        },
      },
    ]);
  });

  it('leaves the touchpoint alone on a back-office save, still only on an existing profile', () => {
    // Act
    const { input, names } = buildSaveConfigurationTransaction('t', 'acme', 'c1', configuration, 0, undefined);

    // Assess
    expect(names).toEqual(['configuration', 'profile']);
    expect(input.TransactItems![1]).toEqual({
      ConditionCheck: {
        TableName: 't',
        Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
        ConditionExpression: 'attribute_exists(PK)',
      },
    });
  });

  it('replaces a stored configuration only at the version the client read (If-Match)', () => {
    // Act
    const { input } = buildSaveConfigurationTransaction('t', 'acme', 'c1', configuration, 3, touchpoint);

    // Assess
    expect(input.TransactItems![0]!.Put).toMatchObject({
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
  });
});

describe('repeat orders', () => {
  it('replaces a repeat order only if it is still the one assembled at the time read', () => {
    // Act
    const put = buildReplaceRepeatOrder('t', 'acme', 'c1', repeatOrder, '2026-01-15T00:00:00.000Z');

    // Assess
    expect(put).toEqual({
      TableName: 't',
      Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop', ...repeatOrder },
      ConditionExpression: 'assembledAt = :previous',
      ExpressionAttributeValues: { ':previous': '2026-01-15T00:00:00.000Z' },
    });
  });

  it("reads the sort keys of a customer's configurations or of their repeat orders", () => {
    // Act
    const configurations = buildRememberedItemsQuery('t', 'acme', 'c1', 'configuration');
    const repeatOrders = buildRememberedItemsQuery('t', 'acme', 'c1', 'repeatOrder');

    // Assess
    const query = (prefix: string) => ({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#CUSTOMER#c1', ':prefix': prefix },
      ProjectionExpression: 'SK',
    });
    expect(configurations).toEqual(query('CONFIG#'));
    expect(repeatOrders).toEqual(query('REORDER#'));
  });

  it('counts a product remembered by a configuration alone, and each product once, in id order', () => {
    // Prepare: the phone was saved and never ordered; the laptop was ordered.
    const items = ['CONFIG#phone#last', 'CONFIG#laptop#last', 'REORDER#laptop', 'REORDER#camera'].map((SK) => ({ SK }));

    // Act
    const products = rememberedProductIds(items);

    // Assess
    expect(products).toEqual(['camera', 'laptop', 'phone']);
  });

  it('refreshes the customer part of a repeat order only while it exists, never creating a bare item', () => {
    // Prepare
    const customer = {
      tier: 'A' as const,
      preferences: { packaging: 'box', invoice: null, delivery: null },
    } as StoredRepeatOrder['customer'];

    // Act
    const update = buildRefreshRepeatOrder('t', 'acme', 'c1', 'laptop', customer);

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop' },
      UpdateExpression: 'SET customer = :customer',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':customer': customer },
    });
  });
});

describe('buildMergeTransaction', () => {
  const plan = { kept: { orderCount: 5 }, readOptOut: { kept: false, duplicate: true } };

  it('updates the kept record and marks the duplicate merged, both only while unmerged and with the opt-outs read', () => {
    // Act
    const { input, names } = buildMergeTransaction('t', 'acme', 'c1', 'c2', plan, [], [], 'now');

    // Assess
    expect(names).toEqual(['kept', 'duplicate']);
    expect(input.TransactItems![0]!.Update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' },
      UpdateExpression: 'SET #f0 = :v0',
      ExpressionAttributeNames: { '#f0': 'orderCount' },
      ConditionExpression:
        'attribute_exists(PK) AND attribute_not_exists(mergedInto) AND (attribute_not_exists(doNotProfile) OR doNotProfile = :readOptOut)',
      ExpressionAttributeValues: { ':v0': 5, ':readOptOut': false },
    });
    expect(input.TransactItems![1]!.Update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c2', SK: 'PROFILE' },
      UpdateExpression: 'SET mergedInto = :kept',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(mergedInto) AND doNotProfile = :readOptOut',
      ExpressionAttributeValues: { ':kept': 'c1', ':readOptOut': true },
    });
  });

  it("copies the duplicate's memory into the kept record only where it has none, then writes the statistics", () => {
    // Prepare
    const adopted = [
      { productId: 'laptop', configuration, repeatOrder },
      { productId: 'phone', configuration: { ...configuration, productId: 'phone' } },
    ];
    const statistics = [{ kind: 'delete' as const, customerId: 'c2', productId: 'laptop', revision: 2 }];

    // Act
    const { input, names } = buildMergeTransaction('t', 'acme', 'c1', 'c2', plan, adopted, statistics, 'now');

    // Assess
    expect(names).toEqual(['kept', 'duplicate', 'configuration-copy', 'repeat-order-copy', 'configuration-copy', 'statistics']);
    const [, , laptopConfiguration, laptopRepeat, phoneConfiguration, statisticsDelete] = input.TransactItems!;
    expect(laptopConfiguration!.Put).toEqual({
      TableName: 't',
      Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'CONFIG#laptop#last', ...configuration },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(laptopRepeat!.Put).toEqual({
      TableName: 't',
      Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop', ...repeatOrder },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(phoneConfiguration!.Put!.Item).toMatchObject({ SK: 'CONFIG#phone#last' });
    expect(statisticsDelete!.Delete).toMatchObject({ Key: { PK: 'TENANT#acme#CUSTOMER#c2', SK: 'STATS#laptop' } });
  });

  it('refuses a merge that one transaction cannot hold (100 actions) with InvalidInputError', () => {
    // Prepare: 2 profile updates + 98 copies fit; 2 + 99 do not.
    const fits = Array.from({ length: 49 }, (_, i) => ({ productId: `p${i}`, configuration, repeatOrder }));
    const tooMany = [...fits, { productId: 'one-more', configuration }];

    // Act
    const fitting = buildMergeTransaction('t', 'acme', 'c1', 'c2', plan, fits, [], 'now');
    let thrown: unknown;
    try {
      buildMergeTransaction('t', 'acme', 'c1', 'c2', plan, tooMany, [], 'now');
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(fitting.input.TransactItems).toHaveLength(100);
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).message).toBe('these records cannot be merged in one step');
  });
});

describe('forgetting and erasing', () => {
  it("deletes one of a customer's own statistics items", () => {
    // Act
    const remove = buildDeletePersonalStatistics('t', 'acme', 'c1', 'laptop');

    // Assess
    expect(remove).toEqual({ TableName: 't', Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'STATS#laptop' } });
  });

  it("reads the keys of the customer's whole partition", () => {
    // Act
    const query = buildCustomerPartitionQuery('t', 'acme', 'c1');

    // Assess
    expect(query).toEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#CUSTOMER#c1' },
      ProjectionExpression: 'PK, SK, #gift',
      ExpressionAttributeNames: { '#gift': 'gift' },
    });
  });

  it('takes the recipient off each gift order, and touches no other item', () => {
    // Prepare
    const pk = 'TENANT#acme#CUSTOMER#c1';
    const gift = { recipient: { name: 'Bob', addressLines: ['1 Main St'], city: 'Berlin', country: 'DE' } };
    const partition = [
      { PK: pk, SK: 'ORDER#o1', gift },
      { PK: pk, SK: 'ORDER#o2' },
      { PK: pk, SK: 'PROFILE' },
    ];

    // Act
    const updates = buildEraseGifts('t', partition);

    // Assess
    expect(updates).toEqual([
      {
        TableName: 't',
        Key: { PK: pk, SK: 'ORDER#o1' },
        UpdateExpression: 'REMOVE #gift',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#gift': 'gift' },
      },
    ]);
  });

  it('deletes every personal item but the orders, with the tenant pointer and the e-mail, the profile last', () => {
    // Prepare
    const pk = 'TENANT#acme#CUSTOMER#c1';
    const partition = ['CONFIG#laptop#last', 'ORDER#o1', 'PROFILE', 'REORDER#laptop', 'STATS#laptop'].map((SK) => ({ PK: pk, SK }));

    // Act
    const deletes = buildEraseDeletes('t', 'acme', 'c1', partition, 'e-hash');

    // Assess
    expect(deletes.every((remove) => remove.TableName === 't')).toBe(true);
    expect(deletes.map((remove) => remove.Key)).toEqual([
      { PK: pk, SK: 'CONFIG#laptop#last' },
      { PK: pk, SK: 'REORDER#laptop' },
      { PK: pk, SK: 'STATS#laptop' },
      { PK: 'CUSTOMER#c1', SK: 'TENANT' },
      { PK: 'TENANT#acme#EMAIL#e-hash', SK: 'EMAIL' },
      { PK: pk, SK: 'PROFILE' },
    ]);
  });

  it('leaves the e-mail out when there is none', () => {
    // Act
    const deletes = buildEraseDeletes('t', 'acme', 'c1', [{ PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' }]);

    // Assess
    expect(deletes.map((remove) => remove.Key!.SK)).toEqual(['TENANT', 'PROFILE']);
  });
});
