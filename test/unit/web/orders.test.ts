/**
 * The order history offers "Cancel this order" exactly where the API's life cycle lets a
 * customer cancel: the page keeps its own list (it may not import the domain's values).
 */
import { describe, expect, it } from 'vitest';
import { ORDER_TRANSITIONS } from '#orders/order';
import { ORDER_STATUSES } from '#orders/schemas';
import { CANCELLABLE, STATUS_TEXT } from '../../../web/src/views/orders.ts';

describe('the order history', () => {
  it('offers cancel from exactly the statuses the API lets an order be cancelled from', () => {
    // Act
    const allowed = ORDER_STATUSES.filter((status) => ORDER_TRANSITIONS[status].includes('cancelled'));
    // Assess
    expect([...CANCELLABLE].sort()).toEqual([...allowed].sort());
  });

  it('words every status', () => {
    // Assess
    expect(Object.keys(STATUS_TEXT).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
