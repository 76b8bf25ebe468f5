/** Orders and repeat orders: place (exactly once per Idempotency-Key), read, list, move along. */
import { channelOf, ownedCustomer } from '#customers/access';
import { checkTransition } from '#orders/order';
import { placeOrder } from '#orders/placement';
import { assembleRepeatOrder } from '#orders/repeat-order';
import { ForbiddenError, MalformedRequestError, NotFoundError } from '#core/errors';
import {
  CustomerPathSchema,
  CustomerProductPathSchema,
  IdempotencyKeySchema,
  OrderListQuerySchema,
  OrderPathSchema,
  PlaceOrderSchema,
  StatusBodySchema,
} from '#http/contract';
import { createFunctionHandler } from '#http/handler';
import { decodeCursor, encodeCursor } from '#http/cursor';
import { header, parseRequestPart } from '#http/request';
import { recordMetric } from '#http/observability';
import type { CallerIdentity } from '#http/identity';
import { newOrderId } from '#core/ids';
import { compiledCatalogs, customerRepository, orderRepository, tenantPriceLists } from './runtime.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** An order the caller owns, or 404 (never 403: that would confirm it exists). */
async function ownedOrder(caller: CallerIdentity, orderId: string) {
  const order = await orderRepository.find(orderId, caller.kind === 'admin' ? undefined : caller.tenantId);
  if (!order || (caller.kind === 'customer' && order.customerId !== caller.customerId))
    throw new NotFoundError(`order ${orderId} not found`);
  return order;
}

export const handler = createFunctionHandler('orders', {
  'POST /orders': async (request) => {
    const rawKey = header(request.headers, 'idempotency-key');
    if (rawKey === undefined)
      throw new MalformedRequestError('the Idempotency-Key header is required: one new key per order attempt', [
        { path: ['header', 'idempotency-key'], code: 'required', message: 'send a unique key, e.g. a UUID' },
      ]);
    const idempotencyKey = parseRequestPart(IdempotencyKeySchema, rawKey, 'header');
    const body = parseRequestPart(PlaceOrderSchema, request.body, 'body');
    const caller = request.caller!;
    const customer = await ownedCustomer(caller, body.customerId, customerRepository);
    const result = await placeOrder(
      {
        orders: orderRepository,
        repeatOrders: customerRepository,
        catalogs: compiledCatalogs,
        now: () => new Date(),
        newOrderId,
        priceLists: tenantPriceLists,
      },
      {
        customer,
        channel: channelOf(caller),
        idempotencyKey,
        productId: body.productId,
        ...('picks' in body ? { picks: body.picks } : { fromRepeatOrder: true }),
        remember: body.remember ?? true,
      },
    );
    recordMetric(result.replayed ? 'OrderReplays' : 'OrdersPlaced');
    const orderId = (JSON.parse(result.body) as { orderId: string }).orderId;
    return {
      status: result.statusCode,
      rawBody: result.body,
      headers: { Location: `/orders/${orderId}`, ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
    };
  },

  'GET /orders/{orderId}': async (request) => {
    const { orderId } = parseRequestPart(OrderPathSchema, request.pathParameters, 'path');
    return { status: 200, body: await ownedOrder(request.caller!, orderId) };
  },

  'POST /orders/{orderId}/status': async (request) => {
    const { orderId } = parseRequestPart(OrderPathSchema, request.pathParameters, 'path');
    const { status } = parseRequestPart(StatusBodySchema, request.body, 'body');
    const caller = request.caller!;
    const order = await ownedOrder(caller, orderId);
    if (caller.kind === 'customer' && status !== 'cancelled') throw new ForbiddenError('customers may only cancel their orders');
    checkTransition(order.status, status);
    return { status: 200, body: await orderRepository.setStatus(order, status, new Date().toISOString()) };
  },

  'GET /customers/{customerId}/orders': async (request) => {
    const { customerId } = parseRequestPart(CustomerPathSchema, request.pathParameters, 'path');
    const query = parseRequestPart(OrderListQuerySchema, request.query, 'query');
    const profile = await ownedCustomer(request.caller!, customerId, customerRepository);
    const scope = `orders:${profile.tenantId}:${profile.customerId}`;
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor, scope);
    // A merged customer's history includes the records merged into it; order ids sort by time.
    const pages = await Promise.all(
      [profile.customerId, ...profile.mergedFrom].map((id) => orderRepository.listForCustomer(profile.tenantId, id, query.limit, before)),
    );
    const all = pages.flatMap((p) => p.orders).sort((a, b) => b.orderId.localeCompare(a.orderId));
    const items = all.slice(0, query.limit);
    const more = all.length > query.limit || pages.some((p) => p.last !== undefined);
    return {
      status: 200,
      body: { items, ...(more && items.length ? { nextCursor: encodeCursor(items[items.length - 1]!.orderId, scope) } : {}) },
    };
  },

  'GET /customers/{customerId}/repeat-orders/{productId}': async (request) => {
    const { customerId, productId } = parseRequestPart(CustomerProductPathSchema, request.pathParameters, 'path');
    const caller = request.caller!;
    // One read for a returning customer: the item's key lies in the caller's own partition
    // (which proves ownership), and it carries the customer's current tier and preferences.
    const notFound = new NotFoundError(
      `no repeat order of ${productId} for customer ${customerId}: it is assembled when an order is placed`,
    );
    const tenantId =
      caller.kind === 'admin'
        ? await customerRepository.findTenant(customerId)
        : caller.kind === 'partner' || caller.customerId === customerId
          ? caller.tenantId
          : undefined;
    if (!tenantId) throw notFound;
    const stored = await customerRepository.getRepeatOrder(tenantId, customerId, productId);
    if (!stored) throw notFound;
    const { version, compiled } = await compiledCatalogs.get(productId);
    const priceLists = await tenantPriceLists(tenantId);
    const view = assembleRepeatOrder({
      productId,
      stored,
      compiled,
      catalogVersion: version,
      preferences: stored.customer.preferences,
      tier: stored.customer.tier,
      priceLists,
      today: today(),
    });
    if (view.catalogVersion !== stored.catalogVersion && view.status !== 'needs-attention') {
      // Re-assembled under the new catalog: keep it, so the next visit is one read again.
      await customerRepository.replaceRepeatOrder(
        tenantId,
        customerId,
        {
          ...stored,
          catalogVersion: version,
          picks: view.picks,
          preferences: stored.customer.preferences,
          total: view.price.total,
          assembledAt: new Date().toISOString(),
          ...(view.changes.length
            ? { repair: { changes: view.changes, previousTotal: view.previousTotal, previousVersion: view.assembledUnder } }
            : {}),
        },
        stored.assembledAt,
      );
    }
    recordMetric('RepeatOrdersServed');
    if (view.status === 'repaired') recordMetric('RepeatOrdersRepaired');
    return { status: 200, body: view };
  },
});
