/**
 * What every view shares: the signed-in customer, navigation, one-time messages that survive a
 * navigation ("Your configuration is saved"), and data handed from one view to the next.
 */
import type { Order } from './api.ts';
import type { PickSource } from './configurator/picks.ts';

export interface AppContext {
  customerId: string;
  email: string;
  navigate(hash: string): void;
  /** Shows a message at the top of the next view. */
  flash(message: string, tone?: 'info' | 'error'): void;
  /** Ends the session and shows the sign-in with `message` (e.g. after erasure). */
  signOut(message: string): void;
}

/** Picks to open the configurator with, e.g. "review my usual order". */
export interface StartingPicks {
  productId: string;
  picks: string[];
  source: PickSource;
  /** Said above the configurator, e.g. why these picks. */
  note?: string;
}

let startingPicks: StartingPicks | undefined;
const placedOrders = new Map<string, Order>();

export const handoff = {
  startWith(value: StartingPicks): void {
    startingPicks = value;
  },
  /** The picks handed over for this product, once. */
  takeStart(productId: string): StartingPicks | undefined {
    const value = startingPicks?.productId === productId ? startingPicks : undefined;
    startingPicks = undefined;
    return value;
  },
  /** The order just placed, so the confirmation needs no extra request. */
  rememberOrder(order: Order): void {
    placedOrders.set(order.orderId, order);
  },
  order(orderId: string): Order | undefined {
    return placedOrders.get(orderId);
  },
};
