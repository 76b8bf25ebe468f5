/**
 * What must hold in the table after orders were placed under faults. Placing an order is one
 * TransactWriteItems (shared/store/order-repository.ts, buildPlaceOrderTransaction): the order
 * item, its id pointer, the profile's figures (orderCount, lifetimeValue), the remembered
 * configuration and repeat order (unless `remember: false`), and the idempotency record moved
 * from `pending` to `done` with the order's id. All or nothing, so after any crash:
 *
 * - every order item has its pointer (same tenant and customer), a `done` idempotency record
 *   naming it, and, when remembered, its customer's CONFIG and REORDER items;
 * - every pointer and every `done` record names an existing order (no orphan halves);
 * - every profile's orderCount and lifetimeValue equal its orders' count and sum;
 * - every acknowledged (201) order exists and its key's record names it;
 * - one key, at most one order (no two `done` records name one order, no two orders share one).
 *
 * One exception is reported apart, not hidden: DynamoDB Local answers a TransactWriteItems a
 * few milliseconds (on a loaded machine, hundreds) before the transaction is on disk (SIGKILL
 * right after the answer lost 5 of 6 transactions, 20 ms later none), so an order acknowledged within `lostAtKillWindowMs` of
 * the SIGKILL may be gone as a whole: no order, no pointer, its key still `pending`. Those
 * count as `lostByDatabaseAtKill`, not as `acknowledgedMissing`; DynamoDB itself is durable
 * once it answers. Anything else missing, or missing in part, still counts.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Acknowledged {
  tenantId: string;
  idempotencyKey: string;
  orderId: string;
  /** When the client got the 201 (ms since the run's start). */
  at?: number;
}

export interface KillWindow {
  /** When the database was SIGKILLed (ms since the run's start, the acknowledgements' clock). */
  killedAt: number;
  /** How close to the SIGKILL an acknowledgement may be for DynamoDB Local to have lost it. */
  lostAtKillWindowMs: number;
}

/**
 * DynamoDB Local's non-durable gap after a TransactWriteItems answer: under 20 ms on an idle
 * machine, but a suite run on a loaded one (load average 9) lost a whole transaction answered
 * 762 ms before the SIGKILL. 1.5 s covers that; a partial loss, or a loss further from the kill,
 * still counts as missing.
 */
export const LOST_AT_KILL_WINDOW_MS = 1_500;

export interface OrderInvariantReport {
  orders: number;
  /** Order items missing any other part of their transaction, plus orphan parts. */
  halfWritten: number;
  /** 201 answers whose order or idempotency record is not in the table. */
  acknowledgedMissing: number;
  /** 201 answers acknowledged at the SIGKILL whose whole transaction DynamoDB Local lost (see above). */
  lostByDatabaseAtKill: number;
  /** What those were (kept out of `findings`, which lists violations). */
  lostAtKill: string[];
  /** Keys with more than one order (by the client's answers or the table). */
  duplicates: number;
  /** Profiles whose orderCount / lifetimeValue disagree with their orders. */
  profileMismatches: number;
  /** Idempotency records still `pending` (a failed request's key, locked for a short while). */
  pendingKeys: number;
  /** Orders placed whose client never saw the 201 (it gave up); allowed, reported. */
  placedButUnacknowledged: number;
  /** The first few findings, to say what went wrong. */
  findings: string[];
}

type Item = Record<string, unknown>;

async function scanAll(client: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function checkOrderInvariants(
  client: DynamoDBDocumentClient,
  tableName: string,
  acknowledged: readonly Acknowledged[],
  kill?: KillWindow,
): Promise<OrderInvariantReport> {
  const items = await scanAll(client, tableName);
  const findings: string[] = [];
  const note = (finding: string) => {
    if (findings.length < 20) findings.push(finding);
  };
  const pk = (item: Item) => String(item.PK);
  const sk = (item: Item) => String(item.SK);

  const orders = items.filter((i) => pk(i).startsWith('TENANT#') && pk(i).includes('#CUSTOMER#') && sk(i).startsWith('ORDER#'));
  const pointers = new Map(
    items.filter((i) => pk(i).startsWith('ORDER#') && sk(i) === 'ORDER').map((i) => [pk(i).slice('ORDER#'.length), i]),
  );
  const records = items.filter((i) => pk(i).startsWith('IDEMPOTENCY#'));
  const byKey = new Map(records.map((r) => [pk(r), r]));
  const doneByOrder = new Map<string, Item[]>();
  for (const record of records.filter((r) => r.state === 'done')) {
    const list = doneByOrder.get(String(record.orderId)) ?? [];
    list.push(record);
    doneByOrder.set(String(record.orderId), list);
  }
  const itemKeys = new Set(items.map((i) => `${pk(i)}|${sk(i)}`));
  const orderIds = new Set(orders.map((o) => String(o.orderId)));

  let halfWritten = 0;
  let duplicates = 0;
  for (const order of orders) {
    const orderId = String(order.orderId);
    const partition = `TENANT#${String(order.tenantId)}#CUSTOMER#${String(order.customerId)}`;
    const problems: string[] = [];
    if (pk(order) !== partition) problems.push('order item outside its customer partition');
    const pointer = pointers.get(orderId);
    if (!pointer) problems.push('no id pointer');
    else if (pointer.tenantId !== order.tenantId || pointer.customerId !== order.customerId) problems.push('pointer names another owner');
    const done = doneByOrder.get(orderId) ?? [];
    if (done.length === 0) problems.push('no done idempotency record');
    if (done.length > 1) {
      duplicates++;
      note(`order ${orderId}: ${done.length} idempotency keys name it`);
    }
    if (done.some((r) => !pk(r).startsWith(`IDEMPOTENCY#${String(order.tenantId)}#`)))
      problems.push('idempotency record of another tenant');
    if (!itemKeys.has(`${partition}|PROFILE`)) problems.push('no customer profile');
    if (order.remember !== false) {
      if (!itemKeys.has(`${partition}|CONFIG#${String(order.productId)}#last`)) problems.push('no remembered configuration');
      if (!itemKeys.has(`${partition}|REORDER#${String(order.productId)}`)) problems.push('no repeat order');
    }
    if (problems.length) {
      halfWritten++;
      note(`order ${orderId}: ${problems.join(', ')}`);
    }
  }
  // Orphan halves: parts of a transaction whose order item is missing.
  for (const [orderId] of pointers) {
    if (!orderIds.has(orderId)) {
      halfWritten++;
      note(`pointer ORDER#${orderId} without its order`);
    }
  }
  for (const [orderId, done] of doneByOrder) {
    if (!orderIds.has(orderId)) {
      halfWritten++;
      note(`idempotency record ${pk(done[0]!)} done with order ${orderId}, which does not exist`);
    }
  }

  let profileMismatches = 0;
  for (const profile of items.filter((i) => pk(i).startsWith('TENANT#') && pk(i).includes('#CUSTOMER#') && sk(i) === 'PROFILE')) {
    const mine = orders.filter((o) => pk(o) === pk(profile));
    const count = Number(profile.orderCount ?? 0);
    const value = Number(profile.lifetimeValue ?? 0);
    const sum = mine.reduce((total, o) => total + Number((o.price as { total?: number } | undefined)?.total ?? 0), 0);
    if (count !== mine.length || value !== sum) {
      profileMismatches++;
      note(`${pk(profile)}: orderCount ${count} / lifetimeValue ${value}, but ${mine.length} orders worth ${sum}`);
    }
  }

  let acknowledgedMissing = 0;
  let lostByDatabaseAtKill = 0;
  const lostAtKill: string[] = [];
  const answeredOrders = new Map<string, Set<string>>();
  for (const ack of acknowledged) {
    const key = `IDEMPOTENCY#${ack.tenantId}#${ack.idempotencyKey}`;
    const set = answeredOrders.get(key) ?? new Set<string>();
    set.add(ack.orderId);
    answeredOrders.set(key, set);
    const record = byKey.get(key);
    if (!orderIds.has(ack.orderId) || !record || record.orderId !== ack.orderId) {
      const atKill = kill !== undefined && ack.at !== undefined && Math.abs(ack.at - kill.killedAt) <= kill.lostAtKillWindowMs;
      const wholeTransactionGone = !orderIds.has(ack.orderId) && !pointers.has(ack.orderId) && (!record || record.state === 'pending');
      if (atKill && wholeTransactionGone) {
        lostByDatabaseAtKill++;
        lostAtKill.push(
          `acknowledged order ${ack.orderId} (key ${ack.idempotencyKey}) was lost by the database: acknowledged ${Math.round(kill.killedAt - ack.at!)} ms before the SIGKILL, its whole transaction gone`,
        );
        continue;
      }
      acknowledgedMissing++;
      note(
        `acknowledged order ${ack.orderId} (key ${ack.idempotencyKey}) is ${orderIds.has(ack.orderId) ? 'not named by its key' : 'missing'}`,
      );
    }
  }
  for (const [key, set] of answeredOrders) {
    if (set.size > 1) {
      duplicates++;
      note(`${key}: answered with ${set.size} different orders`);
    }
  }
  const acknowledgedIds = new Set(acknowledged.map((a) => a.orderId));
  return {
    orders: orders.length,
    halfWritten,
    acknowledgedMissing,
    lostByDatabaseAtKill,
    lostAtKill,
    duplicates,
    profileMismatches,
    pendingKeys: records.filter((r) => r.state === 'pending').length,
    placedButUnacknowledged: orders.filter((o) => !acknowledgedIds.has(String(o.orderId))).length,
    findings,
  };
}
