/** Orders and repeat orders: place (exactly once per Idempotency-Key), read, list, move along. */
import { channelOf, ownedCustomer } from '#customers/access';
import { isCustomerFacing } from '#customers/contacts';
import { createFunctionHandler } from '#http/handler';
import { recordMetric } from '#http/observability';
import { ownedOrder } from '#orders/access';
import { listCustomerOrders } from '#orders/order-history';
import { changeOrderStatus } from '#orders/order-status';
import { placeOrder } from '#orders/placement';
import { serveRepeatOrder } from '#orders/repeat-order-service';
import { pageCursors } from './page-cursors.ts';
import { customerRepository, orderRepository, placeOrderDeps, repeatOrderDeps } from './runtime.ts';

export const handler = createFunctionHandler('orders', {
  'POST /orders': async ({ headers, body, caller }) => {
    const customer = await ownedCustomer(caller, body.customerId, customerRepository);
    const { order, replayed } = await placeOrder(placeOrderDeps, {
      customer,
      channel: channelOf(caller),
      customerFacing: isCustomerFacing(caller, headers.customerPresent ?? false),
      idempotencyKey: headers.idempotencyKey,
      productId: body.productId,
      ...('picks' in body ? { picks: body.picks } : { fromRepeatOrder: true }),
      remember: body.remember ?? !body.gift,
      ...(body.gift ? { gift: body.gift } : {}),
      ...(body.quantity !== undefined ? { quantity: body.quantity } : {}),
      ...(body.shipTo ? { shipTo: body.shipTo } : {}),
      ...(body.expectedTotal !== undefined ? { expectedTotal: body.expectedTotal } : {}),
    });
    recordMetric(replayed ? 'OrderReplays' : 'OrdersPlaced');
    return {
      status: 201,
      headers: { Location: `/orders/${order.orderId}`, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
      body: order,
    };
  },

  'GET /orders/{orderId}': async ({ path, caller }) => ({ status: 200, body: await ownedOrder(caller, path.orderId, orderRepository) }),

  'POST /orders/{orderId}/status': async ({ path, body, caller }) => ({
    status: 200,
    body: await changeOrderStatus(orderRepository, caller, path.orderId, body.status, new Date()),
  }),
  'GET /customers/{customerId}/orders': async ({ path, query, caller }) => ({
    status: 200,
    body: await listCustomerOrders(
      { customers: customerRepository, orders: orderRepository, cursors: pageCursors },
      caller,
      path.customerId,
      query,
    ),
  }),

  'GET /customers/{customerId}/repeat-orders/{productId}': async ({ path, caller }) => {
    const view = await serveRepeatOrder(repeatOrderDeps, caller, path.customerId, path.productId);
    recordMetric('RepeatOrdersServed');
    if (view.status === 'repaired') recordMetric('RepeatOrdersRepaired');
    return { status: 200, body: view };
  },
});
