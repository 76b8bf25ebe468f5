/**
 * The order repository's requests (pure): the placing transaction with its named actions and
 * conditions, the idempotency claim, read and release, the order reads, the listing and the
 * status move.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '#orders/order';
import type { PlaceOrderWrite, StoredRepeatOrder } from '#orders/ports';
import {
  buildClaimIdempotencyKey,
  buildGetIdempotencyRecord,
  buildGetOrder,
  buildGetOrderPointer,
  buildListOrdersQuery,
  buildPlaceOrderTransaction,
  buildReleaseIdempotencyKey,
  buildSetOrderStatus,
  IDEMPOTENCY_LOCK_MS,
  IDEMPOTENCY_TTL_SECONDS,
} from '#store/order-repository';

const PLACED_AT = '2026-11-23T10:00:00.000Z';

const order: Order = {
  orderId: 'o1',
  tenantId: 'acme',
  customerId: 'c1',
  productId: 'laptop',
  catalogVersion: 3,
  picks: ['cpu.i7', 'packaging.box'],
  status: 'placed',
  statusHistory: [{ status: 'placed', at: PLACED_AT }],
  price: { total: 129_900 } as Order['price'],
  dates: {} as Order['dates'],
  buildSheet: [],
  placedAt: PLACED_AT,
  channel: 'partner',
  remember: true,
  fromRepeatOrder: false,
  lines: [
    {
      lineId: 'l1',
      productId: 'laptop',
      catalogVersion: 3,
      picks: ['cpu.i7', 'packaging.box'],
      quantity: 1,
      unitPrice: 129_900,
      lineTotal: 129_900,
    },
  ],
  totals: { net: 129_900, tax: 0, gross: 129_900 },
};

const repeatOrder = { productId: 'laptop', catalogVersion: 3, picks: order.picks, assembledAt: PLACED_AT } as StoredRepeatOrder;

function write(fields: Partial<PlaceOrderWrite> = {}): PlaceOrderWrite {
  return {
    order,
    idempotencyKey: 'key-1',
    requestHash: 'hash-1',
    responseBody: '{"orderId":"o1"}',
    touchpoint: { productId: 'laptop', channel: 'partner', at: PLACED_AT, action: 'placed-order' },
    memory: { repeatOrder, configurationPicks: ['cpu.i7'] },
    ...fields,
  };
}

describe('buildPlaceOrderTransaction', () => {
  it('names every action: the order, its pointer, the customer, their memory and the idempotency record', () => {
    // Act
    const remembered = buildPlaceOrderTransaction('t', write());
    const oneOff = buildPlaceOrderTransaction('t', write({ memory: undefined }));

    // Assess
    expect(remembered.names).toEqual(['order', 'order-pointer', 'customer', 'configuration', 'repeat-order', 'idempotency']);
    expect(remembered.input.TransactItems).toHaveLength(6);
    expect(oneOff.names).toEqual(['order', 'order-pointer', 'customer', 'idempotency']);
    expect(oneOff.input.TransactItems).toHaveLength(4);
  });

  it('writes the order and its pointer only if neither exists, the order listed by id within its tenant', () => {
    // Act
    const { input } = buildPlaceOrderTransaction('t', write());

    // Assess
    const [orderPut, pointerPut] = input.TransactItems!;
    expect(orderPut!.Put).toEqual({
      TableName: 't',
      Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'ORDER#o1', GSI1PK: 'TENANT#acme#ORDERS#61', GSI1SK: 'o1', ...order },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(pointerPut!.Put).toEqual({
      TableName: 't',
      Item: { PK: 'ORDER#o1', SK: 'ORDER', tenantId: 'acme', customerId: 'c1' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it("adds the order to the customer's figures only if the profile exists: an erased customer cannot come back through an order", () => {
    // Act
    const { input } = buildPlaceOrderTransaction('t', write());

    // Assess
    const customer = input.TransactItems![2]!.Update!;
    expect(customer.Key).toEqual({ PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' });
    expect(customer.ConditionExpression).toBe('attribute_exists(PK)');
    expect(customer.UpdateExpression).toBe(
      'SET orderCount = if_not_exists(orderCount, :zero) + :one, lifetimeValue = if_not_exists(lifetimeValue, :zero) + :total, ' +
        'lastOrderAt = :at, recentOrders = list_append(if_not_exists(recentOrders, :empty), :recent), lastTouchpoint = :touchpoint',
    );
    expect(customer.ExpressionAttributeValues).toMatchObject({
      ':total': 129_900,
      ':at': PLACED_AT,
      ':recent': [{ at: PLACED_AT, amount: 129_900 }],
      ':touchpoint': write().touchpoint,
    });
  });

  it('leaves the last touchpoint alone for a back-office order (no touchpoint)', () => {
    // Act
    const { input } = buildPlaceOrderTransaction('t', write({ touchpoint: undefined }));

    // Assess
    const customer = input.TransactItems![2]!.Update!;
    expect(customer.UpdateExpression).toBe(
      'SET orderCount = if_not_exists(orderCount, :zero) + :one, lifetimeValue = if_not_exists(lifetimeValue, :zero) + :total, ' +
        'lastOrderAt = :at, recentOrders = list_append(if_not_exists(recentOrders, :empty), :recent)',
    );
    expect(customer.ExpressionAttributeValues).not.toHaveProperty(':touchpoint');
  });

  it('remembers the configuration (its version counted up, without picks that followed a preference) and the repeat order of the product ordered', () => {
    // Act
    const { input } = buildPlaceOrderTransaction('t', write());

    // Assess
    const [, , , configuration, repeat] = input.TransactItems!;
    expect(configuration!.Update).toMatchObject({
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'CONFIG#laptop#last' },
      UpdateExpression:
        'SET productId = :product, catalogVersion = :catalogVersion, picks = :picks, savedAt = :at, channel = :channel ADD version :one',
      ExpressionAttributeValues: { ':product': 'laptop', ':catalogVersion': 3, ':picks': ['cpu.i7'], ':channel': 'partner', ':one': 1 },
    });
    expect(repeat!.Put).toEqual({ TableName: 't', Item: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop', ...repeatOrder } });
  });

  it('marks the idempotency record done only while it is pending with the same request hash', () => {
    // Act
    const { input, names } = buildPlaceOrderTransaction('t', write({ memory: undefined }));

    // Assess
    const idempotency = input.TransactItems![names.indexOf('idempotency')]!.Update!;
    expect(idempotency).toEqual({
      TableName: 't',
      Key: { PK: 'IDEMPOTENCY#acme#key-1', SK: 'IDEMPOTENCY' },
      UpdateExpression: 'SET #state = :done, statusCode = :status, responseBody = :body, orderId = :order',
      ConditionExpression: '#state = :pending AND requestHash = :hash',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':pending': 'pending',
        ':status': 201,
        ':body': '{"orderId":"o1"}',
        ':order': 'o1',
        ':hash': 'hash-1',
      },
    });
  });
});

describe('idempotency record requests', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('claims a key that is free, or pending for the same request with its lock lapsed, and locks it for IDEMPOTENCY_LOCK_MS', () => {
    // Act
    const claim = buildClaimIdempotencyKey('t', 'acme', 'key-1', 'hash-1', now);

    // Assess
    expect(claim).toEqual({
      TableName: 't',
      Item: {
        PK: 'IDEMPOTENCY#acme#key-1',
        SK: 'IDEMPOTENCY',
        state: 'pending',
        requestHash: 'hash-1',
        lockedUntil: now.getTime() + IDEMPOTENCY_LOCK_MS,
        expiresAt: now.getTime() / 1000 + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR (#state = :pending AND lockedUntil < :now AND requestHash = :hash)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pending': 'pending', ':now': now.getTime(), ':hash': 'hash-1' },
    });
  });

  it('keys the record by tenant, so two tenants may use one key string', () => {
    // Act
    const acme = buildClaimIdempotencyKey('t', 'acme', 'key-1', 'h', now).Item;
    const other = buildClaimIdempotencyKey('t', 'other', 'key-1', 'h', now).Item;

    // Assess
    expect(acme!.PK).not.toBe(other!.PK);
  });

  it('reads the record strongly consistent, so a claim just refused is seen', () => {
    // Act
    const get = buildGetIdempotencyRecord('t', 'acme', 'key-1');

    // Assess
    expect(get).toEqual({ TableName: 't', Key: { PK: 'IDEMPOTENCY#acme#key-1', SK: 'IDEMPOTENCY' }, ConsistentRead: true });
  });

  it('gives a key back only while it is still pending for the same request: a placed order keeps its record', () => {
    // Act
    const release = buildReleaseIdempotencyKey('t', 'acme', 'key-1', 'hash-1');

    // Assess
    expect(release).toEqual({
      TableName: 't',
      Key: { PK: 'IDEMPOTENCY#acme#key-1', SK: 'IDEMPOTENCY' },
      ConditionExpression: '#state = :pending AND requestHash = :hash',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pending': 'pending', ':hash': 'hash-1' },
    });
  });
});

describe('order reads and writes', () => {
  it('reads an order through its pointer, then in its customer’s partition', () => {
    // Act
    const pointer = buildGetOrderPointer('t', 'o1');
    const item = buildGetOrder('t', 'acme', 'c1', 'o1');

    // Assess
    expect(pointer).toEqual({ TableName: 't', Key: { PK: 'ORDER#o1', SK: 'ORDER' } });
    expect(item).toEqual({ TableName: 't', Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'ORDER#o1' } });
  });

  it("lists a customer's orders newest first, only order items", () => {
    // Act
    const first = buildListOrdersQuery('t', 'acme', 'c1', 20);

    // Assess
    expect(first).toEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#CUSTOMER#c1', ':prefix': 'ORDER#' },
      ScanIndexForward: false,
      Limit: 20,
    });
  });

  it('lists the next page from the last order shown, reading it once more to leave it out', () => {
    // Act
    const next = buildListOrdersQuery('t', 'acme', 'c1', 20, 'o5');

    // Assess
    expect(next).toEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :before',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#CUSTOMER#c1', ':first': 'ORDER#', ':before': 'ORDER#o5' },
      ScanIndexForward: false,
      Limit: 21,
    });
  });

  it('moves an order only from the status it was read in, appending the move to its history', () => {
    // Act
    const update = buildSetOrderStatus('t', order, 'in-production', '2026-11-24T08:00:00.000Z');

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'ORDER#o1' },
      UpdateExpression: 'SET #status = :to, statusHistory = list_append(statusHistory, :entry)',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': 'in-production',
        ':from': 'placed',
        ':entry': [{ status: 'in-production', at: '2026-11-24T08:00:00.000Z' }],
      },
      ReturnValues: 'ALL_NEW',
    });
  });
});
