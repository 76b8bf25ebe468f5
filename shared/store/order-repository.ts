/**
 * Orders and idempotency records. Placing an order is one TransactWriteItems: the order, its
 * id pointer, the customer's figures and memory (remembered configuration and repeat order,
 * unless it is a one-off), and the idempotency record, all or nothing. Building that
 * transaction is pure and unit-tested; sending it is tested on DynamoDB Local.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Order, OrderStatus } from '#orders/order';
import { ConflictError, NotFoundError } from '#core/errors';
import type { IdempotencyClaim, PlaceOrderWrite } from '#orders/ports';
import { buildGetInvoiceCounter, buildShipAndInvoice, counterInCancellation } from './invoice-numbers.ts';
import { customerItemPrefix, keys, LISTING_SHARDS } from './keys.ts';
import { dynamoShardReader, readShardedPage, type ShardedPage } from './sharded-listing.ts';
import { callStore, failedConditions, isConditionFailed, type NamedItem, type NamedTransaction, namedTransaction } from './store-errors.ts';

/**
 * How long a request may hold an idempotency key before another may take it over: longer than
 * any request lives (Lambda's 29 s), so a takeover never races a live holder. It matters when
 * a failed request could not give its key back (the database did not answer): retries get 409
 * with Retry-After until then. Exactly once does not rest on it: the placing transaction
 * requires the record to be `pending` with the same request hash, so of two holders at most
 * one places an order.
 */
export const IDEMPOTENCY_LOCK_MS = 30_000;
/** How long a key is remembered (DynamoDB's TTL deletes the record afterwards). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The actions of the order-placing transaction, by name. */
export type PlaceOrderAction = 'order' | 'order-pointer' | 'customer' | 'configuration' | 'repeat-order' | 'idempotency';

/** The one transaction that places an order (pure). */
export function buildPlaceOrderTransaction(tableName: string, write: PlaceOrderWrite): NamedTransaction<PlaceOrderAction> {
  const { order, memory } = write;
  const { tenantId, customerId, orderId, productId } = order;
  const items: NamedItem<PlaceOrderAction>[] = [
    {
      name: 'order',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.order(tenantId, customerId, orderId), ...keys.orderListing(tenantId, orderId), ...order },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'order-pointer',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.orderPointer(orderId), tenantId, customerId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'customer',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, customerId),
          // A back-office order (no touchpoint) is not the customer's contact: the last touchpoint stays.
          UpdateExpression:
            'SET orderCount = if_not_exists(orderCount, :zero) + :one, lifetimeValue = if_not_exists(lifetimeValue, :zero) + :total, ' +
            `lastOrderAt = :at, recentOrders = list_append(if_not_exists(recentOrders, :empty), :recent)${write.touchpoint ? ', lastTouchpoint = :touchpoint' : ''}`,
          // An erased customer must not come back through an order.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            // What the customer spent, before VAT (for a single unit without breaks: price.total).
            ':total': order.totals.net,
            ':at': order.placedAt,
            ':empty': [],
            ':recent': [{ at: order.placedAt, amount: order.totals.net }],
            ...(write.touchpoint ? { ':touchpoint': write.touchpoint } : {}),
          },
        },
      },
    },
  ];
  if (memory) {
    items.push(
      {
        name: 'configuration',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.rememberedConfiguration(tenantId, customerId, productId),
            UpdateExpression:
              'SET productId = :product, catalogVersion = :catalogVersion, picks = :picks, savedAt = :at, channel = :channel ADD version :one',
            ExpressionAttributeValues: {
              ':product': productId,
              ':catalogVersion': order.catalogVersion,
              ':picks': memory.configurationPicks,
              ':at': order.placedAt,
              ':channel': order.channel,
              ':one': 1,
            },
          },
        },
      },
      {
        name: 'repeat-order',
        item: { Put: { TableName: tableName, Item: { ...keys.repeatOrder(tenantId, customerId, productId), ...memory.repeatOrder } } },
      },
    );
  }
  items.push({
    name: 'idempotency',
    item: {
      Update: {
        TableName: tableName,
        Key: keys.idempotency(tenantId, write.idempotencyKey),
        UpdateExpression: 'SET #state = :done, statusCode = :status, responseBody = :body, orderId = :order',
        ConditionExpression: '#state = :pending AND requestHash = :hash',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':pending': 'pending',
          ':status': 201,
          ':body': write.responseBody,
          ':order': orderId,
          ':hash': write.requestHash,
        },
      },
    },
  });
  return namedTransaction(items);
}

/**
 * Takes an idempotency key for one request (pure): a new record, or one whose holder's lock has
 * lapsed while it was still pending with the same request; never a finished record, never
 * another request's.
 */
export function buildClaimIdempotencyKey(
  tableName: string,
  tenantId: string,
  idempotencyKey: string,
  requestHash: string,
  now: Date,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: {
      ...keys.idempotency(tenantId, idempotencyKey),
      state: 'pending',
      requestHash,
      lockedUntil: now.getTime() + IDEMPOTENCY_LOCK_MS,
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
    ConditionExpression: 'attribute_not_exists(PK) OR (#state = :pending AND lockedUntil < :now AND requestHash = :hash)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pending': 'pending', ':now': now.getTime(), ':hash': requestHash },
  };
}

/** Reads an idempotency record, strongly consistent: a claim just refused must be seen (pure). */
export function buildGetIdempotencyRecord(tableName: string, tenantId: string, idempotencyKey: string): GetCommandInput {
  return { TableName: tableName, Key: keys.idempotency(tenantId, idempotencyKey), ConsistentRead: true };
}

/** Gives a key back, only while it is still pending for the same request (pure). */
export function buildReleaseIdempotencyKey(
  tableName: string,
  tenantId: string,
  idempotencyKey: string,
  requestHash: string,
): DeleteCommandInput {
  return {
    TableName: tableName,
    Key: keys.idempotency(tenantId, idempotencyKey),
    ConditionExpression: '#state = :pending AND requestHash = :hash',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pending': 'pending', ':hash': requestHash },
  };
}

/** Reads which tenant and customer an order id belongs to (pure). */
export function buildGetOrderPointer(tableName: string, orderId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.orderPointer(orderId) };
}

/** Reads one order in its customer's partition (pure). */
export function buildGetOrder(tableName: string, tenantId: string, customerId: string, orderId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.order(tenantId, customerId, orderId) };
}

/**
 * One page of a customer's orders, newest first (pure). With `before`, the page starts at that
 * order, which is read too (one more item) and left out by the caller.
 */
export function buildListOrdersQuery(
  tableName: string,
  tenantId: string,
  customerId: string,
  limit: number,
  before?: string,
): QueryCommandInput {
  const partition = keys.customerPartition(tenantId, customerId);
  const prefix = customerItemPrefix.order;
  return {
    TableName: tableName,
    KeyConditionExpression: before ? 'PK = :pk AND SK BETWEEN :first AND :before' : 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: before
      ? { ':pk': partition, ':first': prefix, ':before': keys.order(tenantId, customerId, before).SK }
      : { ':pk': partition, ':prefix': prefix },
    ScanIndexForward: false,
    Limit: limit + (before ? 1 : 0),
  };
}

/** Moves an order from its status as read to `to`, only if no one moved it first (pure). */
export function buildSetOrderStatus(tableName: string, order: Order, to: OrderStatus, at: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.order(order.tenantId, order.customerId, order.orderId),
    UpdateExpression: 'SET #status = :to, statusHistory = list_append(statusHistory, :entry)',
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':to': to, ':from': order.status, ':entry': [{ status: to, at }] },
    ReturnValues: 'ALL_NEW',
  };
}

export class OrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Takes an idempotency key for one request. A finished request with the same body is
   * replayed; another body is a mismatch; an unfinished one is in flight (until its lock
   * lapses, so a crashed request does not hold the key for a day).
   */
  async claim(tenantId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    try {
      await callStore('claim idempotency key', () =>
        this.client.send(new PutCommand(buildClaimIdempotencyKey(this.tableName, tenantId, idempotencyKey, requestHash, now))),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const existing = await this.readClaim(tenantId, idempotencyKey);
      if (!existing) return { outcome: 'in-flight', retryAfterSeconds: 1 };
      if (existing.requestHash !== requestHash) return { outcome: 'mismatch' };
      if (existing.state === 'done')
        return { outcome: 'replay', statusCode: Number(existing.statusCode), body: String(existing.responseBody) };
      // Retry once the holder has finished or its lock has lapsed, whichever comes first.
      const lapse = Math.ceil((Number(existing.lockedUntil) - now.getTime()) / 1000);
      return { outcome: 'in-flight', retryAfterSeconds: Math.min(Math.max(1, Number.isFinite(lapse) ? lapse : 1), 5) };
    }
  }

  private async readClaim(tenantId: string, idempotencyKey: string): Promise<Record<string, unknown> | undefined> {
    const result = await callStore('read idempotency key', () =>
      this.client.send(new GetCommand(buildGetIdempotencyRecord(this.tableName, tenantId, idempotencyKey))),
    );
    return result.Item;
  }

  /**
   * Gives a key back after a request failed before placing anything, so the client may retry.
   * Bounded like every call by the request's store deadline (client.ts): after a timeout nothing
   * is left of it and this gives up at once rather than delay the 503.
   */
  async release(tenantId: string, idempotencyKey: string, requestHash: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand(buildReleaseIdempotencyKey(this.tableName, tenantId, idempotencyKey, requestHash)));
    } catch {
      // Best effort: the lock lapses by itself after IDEMPOTENCY_LOCK_MS.
    }
  }

  async place(write: PlaceOrderWrite): Promise<void> {
    const transaction = buildPlaceOrderTransaction(this.tableName, write);
    try {
      await callStore('place order', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      if (failed?.has('customer')) throw new NotFoundError(`customer ${write.order.customerId} not found`);
      if (failed) throw new ConflictError('another request with this Idempotency-Key got there first');
      throw error;
    }
  }

  /** An order by id within a tenant (tenant callers), or anywhere (admins). */
  async find(orderId: string, tenantId?: string): Promise<Order | undefined> {
    let tenant = tenantId;
    let customer: string | undefined;
    const pointer = await callStore('read order pointer', () =>
      this.client.send(new GetCommand(buildGetOrderPointer(this.tableName, orderId))),
    );
    if (!pointer.Item) return undefined;
    if (tenant !== undefined && pointer.Item.tenantId !== tenant) return undefined;
    tenant = String(pointer.Item.tenantId);
    customer = String(pointer.Item.customerId);
    const result = await callStore('read order', () =>
      this.client.send(new GetCommand(buildGetOrder(this.tableName, tenant!, customer!, orderId))),
    );
    return result.Item ? orderFromItem(result.Item) : undefined;
  }

  /** A customer's orders, newest first. */
  async listForCustomer(tenantId: string, customerId: string, limit: number, before?: string): Promise<{ orders: Order[]; last?: string }> {
    const result = await callStore('list orders', () =>
      this.client.send(new QueryCommand(buildListOrdersQuery(this.tableName, tenantId, customerId, limit, before))),
    );
    const orders = (result.Items ?? [])
      .map(orderFromItem)
      .filter((o) => o.orderId !== before)
      .slice(0, limit);
    const more = result.LastEvaluatedKey !== undefined;
    return { orders, ...(more && orders.length ? { last: orders[orders.length - 1]!.orderId } : {}) };
  }

  /**
   * One page of a tenant's orders across its listing shards, newest first (ids are time-ordered);
   * `position` is the `next` of the previous page (the HTTP layer signs it into a cursor).
   */
  async listForTenant(tenantId: string, limit: number, position?: string): Promise<ShardedPage<Order>> {
    const read = dynamoShardReader(
      this.client,
      this.tableName,
      (shard) => keys.orderListing(tenantId, '', shard).GSI1PK,
      false,
      'list tenant orders',
    );
    const page = await readShardedPage({
      shards: LISTING_SHARDS,
      limit,
      forward: false,
      ...(position === undefined ? {} : { position }),
      read,
      sortKey: (item) => String(item.GSI1SK),
    });
    return { items: page.items.map(orderFromItem), ...(page.next === undefined ? {} : { next: page.next }) };
  }

  /** Moves an order from `from` to `to`, unless someone moved it first; shipping issues its invoice. */
  async setStatus(order: Order, to: OrderStatus, at: string): Promise<Order> {
    if (to === 'shipped') return this.shipAndInvoice(order, at);
    try {
      const result = await callStore('update order status', () =>
        this.client.send(new UpdateCommand(buildSetOrderStatus(this.tableName, order, to, at))),
      );
      return orderFromItem(result.Attributes!);
    } catch (error) {
      if (isConditionFailed(error)) throw new ConflictError(`order ${order.orderId} changed status meanwhile; reload it`);
      throw error;
    }
  }

  private shipAndInvoice(order: Order, at: string): Promise<Order> {
    return shipWithInvoiceNumber(this.client, this.tableName, order, at);
  }
}

/** How often a shipment re-reads the invoice counter after another shipment took its number. */
const INVOICE_NUMBER_ATTEMPTS = 200;

/** Ships an order and issues its invoice number in one transaction (invoice-numbers.ts), retrying on a taken number. */
async function shipWithInvoiceNumber(client: DynamoDBDocumentClient, tableName: string, order: Order, at: string): Promise<Order> {
  const year = at.slice(0, 4);
  let seen: number | undefined;
  for (let attempt = 0; attempt < INVOICE_NUMBER_ATTEMPTS; attempt++) {
    if (seen === undefined) {
      const counter = await callStore('read invoice counter', () =>
        client.send(new GetCommand(buildGetInvoiceCounter(tableName, order.tenantId, year))),
      );
      seen = typeof counter.Item?.last === 'number' ? counter.Item.last : 0;
    }
    const { transaction, invoice } = buildShipAndInvoice(tableName, order, at, seen);
    try {
      await callStore('ship and invoice order', () => client.send(new TransactWriteCommand(transaction.input)));
      return { ...order, status: 'shipped', statusHistory: [...order.statusHistory, { status: 'shipped', at }], invoice };
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      if (failed?.has('order')) throw new ConflictError(`order ${order.orderId} changed status meanwhile; reload it`);
      if (!failed && !isTransactionConflict(error)) throw error;
      // The number was taken: the refusal says the counter's value; a conflict without one reads it again.
      seen = failed?.has('counter') ? counterInCancellation(error, transaction.names) : undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 10 * (attempt + 1))));
    }
  }
  throw new ConflictError(`could not issue an invoice number for order ${order.orderId}; try again`);
}

/** A cancelled transaction that no condition refused, or a store error wrapping one. */
function isTransactionConflict(error: unknown): boolean {
  const cause = error instanceof Error && 'cause' in error ? (error as { cause?: unknown }).cause : undefined;
  return [error, cause].some(
    (e) => e instanceof Error && (e.name === 'TransactionCanceledException' || e.name === 'TransactionConflictException'),
  );
}

function orderFromItem(item: Record<string, unknown>): Order {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...order } = item;
  return order as unknown as Order;
}
