/**
 * Placing an order, exactly once per Idempotency-Key. The server re-runs the engine and
 * refuses incomplete or invalid configurations; price, dates, status, tenant and owner are
 * always the server's. Free of AWS and HTTP types: stores are passed in.
 */
import { sha256Hex } from '#core/digest';
import type { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { configure } from '#engine/index';
import { withPickFindings } from '#catalog/pick-findings';
import type { PriceList, Tier } from '#core/catalog-document';
import type { Perks } from '#engine/index';
import type { Channel, CustomerProfile } from '#customers/profile';
import { servicePreferences } from '#customers/customer-service';
import type { OrderStore, RepeatOrderSource } from './ports.ts';
import { ConflictError, InvalidInputError, PriceChangedError } from '#core/errors';
import type { Gift, Order, OrderLine } from './order.ts';
import { priceLineAmounts } from './price-difference.ts';
import { priceLine, totalsOf, type Totals } from './line-pricing.ts';
import type { ShipTo } from './schemas.ts';
import { assembleRepeatOrder, explicitPicksOf } from './repeat-order.ts';

export interface PlaceOrderCommand {
  customer: CustomerProfile;
  channel: Channel;
  /** The customer's own order, or a partner's placed in front of them: it moves the last touchpoint. */
  customerFacing?: boolean;
  idempotencyKey: string;
  productId: string;
  picks?: string[];
  fromRepeatOrder?: boolean;
  remember: boolean;
  /** A gift to someone else: always a one-off order (`remember` must be false). */
  gift?: Gift;
  /** Units of the configuration (default 1); volume breaks apply. */
  quantity?: number;
  /** Where it ships; its country sets the VAT. */
  shipTo?: ShipTo;
  /** The total the customer was shown (`totals.gross`): another total now is a PriceChangedError, and nothing is written. */
  expectedTotal?: number;
}

export interface PlaceOrderDeps {
  orders: OrderStore;
  repeatOrders: RepeatOrderSource;
  catalogs: CompiledCatalogs;
  now: () => Date;
  newOrderId: () => string;
  /** The tenant's own price lists (a partner's), applied after the tier's. */
  priceLists: (tenantId: string) => Promise<PriceList[]>;
  /** The perks of a tier in a tenant (its settings, or the defaults), applied after every price list. */
  tierPerks: (tenantId: string, tier: Tier) => Promise<Perks>;
}

/** The order placed for this Idempotency-Key: fresh, or the one an earlier request with the same key placed. */
export interface PlacedOrder {
  order: Order;
  /** True when an earlier request with the same key and body placed it. */
  replayed: boolean;
}

/** What identifies "the same request" for an idempotency key: everything the client sent. */
export function requestHashOf(
  command: Pick<
    PlaceOrderCommand,
    'productId' | 'picks' | 'fromRepeatOrder' | 'remember' | 'gift' | 'quantity' | 'shipTo' | 'expectedTotal'
  > & {
    customerId: string;
  },
): string {
  const fields: unknown[] = [
    command.customerId,
    command.productId,
    command.picks ?? null,
    command.fromRepeatOrder ?? false,
    command.remember,
    // Only when present, so the hash of a request without a gift stays what it was.
    ...(command.gift ? [command.gift] : []),
  ];
  // Fields added later join only when sent, so the hash of an older request's body stays the same.
  const business = { quantity: command.quantity, shipTo: command.shipTo, expectedTotal: command.expectedTotal };
  if (Object.values(business).some((v) => v !== undefined)) fields.push(business);
  return sha256Hex(JSON.stringify(fields));
}

/**
 * Prices one configured line and the order's totals; a ship-to country without a VAT rate is an
 * InvalidInputError naming `shipTo.country`.
 */
export function priceOrderLine(
  line: Omit<OrderLine, 'unitPrice' | 'lineTotal'>,
  unitPrice: number,
  volumeBreaks: Parameters<typeof priceLine>[2],
  shipTo: ShipTo | undefined,
): { line: OrderLine; totals: Totals } {
  const priced = priceLine(unitPrice, line.quantity, volumeBreaks);
  const orderLine: OrderLine = { ...line, unitPrice: priced.unitPrice, lineTotal: priced.lineTotal };
  return { line: orderLine, totals: totalsOrRefusal([orderLine], shipTo) };
}

/** The totals of lines, or an InvalidInputError naming `shipTo.country` when VAT is not known there. */
export function totalsOrRefusal(lines: readonly OrderLine[], shipTo: ShipTo | undefined): Totals {
  const totals = totalsOf(lines, shipTo?.country);
  if (!totals)
    throw new InvalidInputError(`there is no VAT rate for ${shipTo?.country}`, [
      { path: ['shipTo', 'country'], code: 'unknown-vat-country', message: 'a country of the EU, the EEA, CH or GB' },
    ]);
  return totals;
}

/** Throws PriceChangedError when an expected total is given and differs from the gross now. */
export function checkExpectedTotal(expectedTotal: number | undefined, totals: Totals, lines: readonly OrderLine[]): void {
  if (expectedTotal === undefined || expectedTotal === totals.gross) return;
  throw new PriceChangedError(
    `the total is ${totals.gross} now, not ${expectedTotal}; show the new total and ask again`,
    expectedTotal,
    totals.gross,
    lines.map(({ lineId, productId, quantity, unitPrice, lineTotal }) => ({ lineId, productId, quantity, unitPrice, lineTotal })),
  );
}

/** Places an order exactly once per Idempotency-Key (the same key and body replay the first order). */
export async function placeOrder(deps: PlaceOrderDeps, command: PlaceOrderCommand): Promise<PlacedOrder> {
  const { customer } = command;
  if (command.gift && command.remember) {
    throw new InvalidInputError('a gift is a one-off order', [
      { path: ['remember'], code: 'gift-remembered', message: 'leave remember out or send false with a gift' },
    ]);
  }
  const requestHash = requestHashOf({ ...command, customerId: customer.customerId });
  const now = deps.now();
  const claim = await deps.orders.claim(customer.tenantId, command.idempotencyKey, requestHash, now);
  // The stored answer is the order as it was placed, byte for byte.
  if (claim.outcome === 'replay') return { order: JSON.parse(claim.body) as Order, replayed: true };
  if (claim.outcome === 'in-flight')
    throw new ConflictError(
      'a request with this Idempotency-Key is still being processed; retry the same request after Retry-After seconds',
      claim.retryAfterSeconds,
    );
  if (claim.outcome === 'mismatch') {
    throw new InvalidInputError('this Idempotency-Key was used for a different request', [
      { path: ['header', 'idempotency-key'], code: 'idempotency-key-reused', message: 'use a new key for a new order' },
    ]);
  }
  try {
    return { order: await buildAndPlace(deps, command, requestHash, now), replayed: false };
  } catch (error) {
    // Nothing was placed (the transaction is all or nothing), so the key may go back, then the
    // caller's retry runs at once. When the database did not answer, the request's deadline
    // has passed and the release gives up at once; the key then stays locked until its lock lapses,
    // and a retry meanwhile gets 409 with Retry-After. Either way at most one order per key:
    // placing requires the key's record to be `pending` with this request's hash.
    await releaseBestEffort(deps.orders, customer.tenantId, command.idempotencyKey, requestHash);
    throw error;
  }
}

async function releaseBestEffort(orders: OrderStore, tenantId: string, idempotencyKey: string, requestHash: string): Promise<void> {
  try {
    await orders.release(tenantId, idempotencyKey, requestHash);
  } catch {
    // The original error is the answer; the lock lapses by itself.
  }
}

async function buildAndPlace(deps: PlaceOrderDeps, command: PlaceOrderCommand, requestHash: string, now: Date): Promise<Order> {
  const { customer } = command;
  const { version, compiled } = await deps.catalogs.get(command.productId);
  const today = now.toISOString().slice(0, 10);
  const [priceLists, perks] = await Promise.all([deps.priceLists(customer.tenantId), deps.tierPerks(customer.tenantId, customer.tier)]);
  let picks: string[];
  let explicitPicks: string[];
  if (command.fromRepeatOrder) {
    const stored = await deps.repeatOrders.getRepeatOrder(customer.tenantId, customer.customerId, command.productId);
    if (!stored) {
      throw new InvalidInputError(`there is no repeat order of ${command.productId} yet`, [
        { path: ['fromRepeatOrder'], code: 'no-repeat-order', message: 'place a first order with picks' },
      ]);
    }
    const view = assembleRepeatOrder({
      productId: command.productId,
      stored,
      compiled,
      catalogVersion: version,
      preferences: customer.preferences,
      tier: customer.tier,
      priceLists,
      perks,
      today,
    });
    if (view.status === 'needs-attention') {
      throw new InvalidInputError(
        'the repeat order needs a decision first',
        view.decisions.map((d) => ({ path: ['picks'], code: 'decision-needed', message: `${d.group}: ${d.message}` })),
      );
    }
    picks = view.picks;
    explicitPicks = stored.explicitPicks.filter((p) => picks.includes(p));
  } else {
    picks = command.picks ?? [];
    explicitPicks = explicitPicksOf(picks, customer.preferences, compiled.doc);
  }

  const answer = withPickFindings(picks, { productId: command.productId, version }, () =>
    configure(compiled, picks, { tier: customer.tier, today, priceLists, perks }),
  );
  if (!answer.valid) {
    throw new InvalidInputError(
      'these picks do not go together',
      answer.conflicts.map((c) => ({ path: ['picks'], code: `conflict:${c.rule}`, message: `${c.message} (${c.picks.join(', ')})` })),
    );
  }
  if (!answer.complete || !answer.buildSheet) {
    const missing = answer.groups.filter((g) => !g.emptyAllowed && !g.choices.some((c) => c.state === 'selected'));
    throw new InvalidInputError(
      'the configuration is not complete',
      missing.map((g) => ({ path: ['picks'], code: 'incomplete', message: `choose a ${g.id}` })),
    );
  }

  const { line, totals } = priceOrderLine(
    { lineId: 'l1', productId: command.productId, catalogVersion: version, picks, quantity: command.quantity ?? 1 },
    answer.price.total,
    compiled.doc.volumeBreaks,
    command.shipTo,
  );
  checkExpectedTotal(command.expectedTotal, totals, [line]);

  const order: Order = {
    orderId: deps.newOrderId(),
    tenantId: customer.tenantId,
    customerId: customer.customerId,
    productId: command.productId,
    catalogVersion: version,
    picks,
    status: 'placed',
    statusHistory: [{ status: 'placed', at: now.toISOString() }],
    price: answer.price,
    dates: answer.dates,
    buildSheet: answer.buildSheet,
    placedAt: now.toISOString(),
    channel: command.channel,
    remember: command.remember,
    fromRepeatOrder: command.fromRepeatOrder ?? false,
    ...(command.gift ? { gift: command.gift } : {}),
    lines: [line],
    totals,
    ...(command.shipTo ? { shipTo: command.shipTo } : {}),
  };
  const body = JSON.stringify(order);
  await deps.orders.place({
    order,
    idempotencyKey: command.idempotencyKey,
    requestHash,
    responseBody: body,
    ...(command.customerFacing
      ? { touchpoint: { productId: command.productId, channel: command.channel, at: order.placedAt, action: 'placed-order' as const } }
      : {}),
    ...(command.remember
      ? {
          memory: {
            // Service picks that follow a preference are left to the preference, as in a new configuration.
            configurationPicks: explicitPicksOf(picks, customer.preferences),
            repeatOrder: {
              productId: command.productId,
              catalogVersion: version,
              picks,
              explicitPicks,
              preferences: servicePreferences(customer.preferences),
              customer: { tier: customer.tier, preferences: servicePreferences(customer.preferences) },
              total: answer.price.total,
              priceLines: priceLineAmounts(answer.price.lines),
              currency: answer.price.currency,
              assembledAt: order.placedAt,
              sourceOrderId: order.orderId,
            },
          },
        }
      : {}),
  });
  return order;
}
