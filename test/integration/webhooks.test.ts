/**
 * Partner webhooks end to end on DynamoDB Local: an admin registers a partner's webhook, the
 * partner places and moves orders through the API, and a receiver on this machine gets
 * `order.created` and `order.status_changed`, signed so that the standardwebhooks library
 * verifies them; a failing receiver gets the same `webhook-id` again; a hanging one holds up
 * neither orders nor the next event.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const PARTNER = 'demo-partner';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver: answers each request as `answer` says (a status, or `hang`: never). */
class Receiver {
  readonly received: Received[] = [];
  answer: (request: Received) => number | 'hang' = () => 204;
  private readonly server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') };
      this.received.push(request);
      const status = this.answer(request);
      if (status !== 'hang') res.writeHead(status).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/orders`;
  }

  /** Waits until `count` requests came, or fails after 20 s saying what came. */
  async waitFor(count: number): Promise<Received[]> {
    for (let i = 0; i < 400 && this.received.length < count; i++) await new Promise((r) => setTimeout(r, 50));
    expect(this.received.length, JSON.stringify(this.received.map((r) => r.body))).toBeGreaterThanOrEqual(count);
    return this.received;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

let stack: TestStack;
const receiver = new Receiver();
let receiverUrl: string;

beforeAll(async () => {
  // The retry schedule compressed a thousandfold: 30 s → 30 ms, 5 min → 300 ms.
  stack = await startTestStack({ webhookRetryScale: 0.001 });
  receiverUrl = await receiver.start();
});

afterAll(async () => {
  receiver.close();
  await stack?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer = () => 204;
});

async function register(events = ['order.created', 'order.status_changed']): Promise<string> {
  const put = await stack.call(`/admin/partners/${PARTNER}/webhook`, { method: 'PUT', body: { url: receiverUrl, events } });
  expect(put.status).toBe(200);
  return put.json.secret as string;
}

async function placeOrder(): Promise<string> {
  const customer = await stack.call('/customers', { method: 'POST', body: { name: `Hook ${randomUUID().slice(0, 6)}` }, as: 'partner' });
  const key = randomUUID();
  const send = () =>
    stack.call('/orders', {
      method: 'POST',
      body: { customerId: customer.json.customerId, productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS },
      headers: { 'idempotency-key': key },
      as: 'partner',
    });
  // On a loaded machine the first order may exceed its budget (503, Retry-After): the same key again, as a client would.
  let placed = await send();
  for (let retry = 0; placed.status === 503 && retry < 3; retry++) placed = await send();
  expect(placed.status).toBe(201);
  return placed.json.orderId as string;
}

function eventsOf(received: Received[]) {
  return received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, string> });
}

describe('registering a webhook', () => {
  it('shows the secret once; GET shows url and events only; DELETE removes it', async () => {
    // Act
    const put = await stack.call(`/admin/partners/${PARTNER}/webhook`, {
      method: 'PUT',
      body: { url: receiverUrl, events: ['order.created'] },
    });
    const got = await stack.call(`/admin/partners/${PARTNER}/webhook`);
    const removed = await stack.call(`/admin/partners/${PARTNER}/webhook`, { method: 'DELETE' });
    const gone = await stack.call(`/admin/partners/${PARTNER}/webhook`);
    const removedAgain = await stack.call(`/admin/partners/${PARTNER}/webhook`, { method: 'DELETE' });

    // Assess
    expect(put.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      partnerId: PARTNER,
      url: receiverUrl,
      events: ['order.created'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(got.json)).not.toContain(put.json.secret.slice(6));
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
    expect(removedAgain.status).toBe(404);
  });

  it.each([
    [{ url: receiverUrl, events: ['order.created'], extra: 1 }, 400, []],
    [{ url: 'ftp://127.0.0.1/x', events: ['order.created'] }, 400, ['url']],
    [{ url: 'http://10.0.0.1/x', events: ['order.created'] }, 422, ['url']],
    [{ url: 'http://localhost:1/x', events: ['order.created'] }, 422, ['url']],
    [{ url: 'PLACEHOLDER', events: ['quote.accepted'] }, 400, ['events', 0]],
    [{ url: 'PLACEHOLDER', events: [] }, 400, ['events']],
  ])('refuses %j with %i naming the field, and writes nothing', async (body, status, path) => {
    // Prepare
    const sent = { ...body, url: body.url === 'PLACEHOLDER' ? receiverUrl : body.url };

    // Act
    const answer = await stack.call(`/admin/partners/${PARTNER}/webhook`, { method: 'PUT', body: sent });
    const after = await stack.call(`/admin/partners/${PARTNER}/webhook`);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    if (path.length) expect(answer.json.errors.map((e: { path: unknown }) => e.path)).toContainEqual(path);
    expect(after.status).toBe(404);
  });

  it('refuses a partner that does not exist, and anyone but an admin', async () => {
    // Act
    const unknown = await stack.call('/admin/partners/nobody/webhook', {
      method: 'PUT',
      body: { url: receiverUrl, events: ['order.created'] },
    });
    const asPartner = await stack.call(`/admin/partners/${PARTNER}/webhook`, { as: 'partner' });

    // Assess
    expect(unknown.status).toBe(404);
    expect(asPartner.status).toBe(403);
  });
});

describe('delivering events', () => {
  it('POSTs order.created and order.status_changed with signatures the standardwebhooks library verifies', async () => {
    // Prepare
    const secret = await register();

    // Act
    const orderId = await placeOrder();
    const moved = await stack.call(`/orders/${orderId}/status`, { method: 'POST', body: { status: 'in-production' } });
    const received = await receiver.waitFor(2);

    // Assess
    expect(moved.status).toBe(200);
    const verifier = new Webhook(secret);
    for (const request of received) expect(() => verifier.verify(request.body, request.headers)).not.toThrow();
    const events = eventsOf(received);
    expect(events.map((e) => [e.type, e.data.orderId, e.data.status])).toEqual([
      ['order.created', orderId, 'placed'],
      ['order.status_changed', orderId, 'in-production'],
    ]);
    expect(events[1]!.data).toMatchObject({ previousStatus: 'placed', customerId: events[0]!.data.customerId });
    expect(received[0]!.headers['webhook-id']).not.toBe(received[1]!.headers['webhook-id']);
    expect(received[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends only the events the partner chose', async () => {
    // Prepare
    await register(['order.status_changed']);

    // Act
    const orderId = await placeOrder();
    await stack.call(`/orders/${orderId}/status`, { method: 'POST', body: { status: 'cancelled' }, as: 'partner' });
    const received = await receiver.waitFor(1);
    await stack.webhooks!.stream.settled();

    // Assess
    expect(eventsOf(received).map((e) => [e.type, e.data.status])).toEqual([['order.status_changed', 'cancelled']]);
  });

  it('retries a failing receiver with the same webhook-id, signed anew each time', async () => {
    // Prepare
    const secret = await register();
    let failures = 2;
    receiver.answer = () => (failures-- > 0 ? 500 : 204);

    // Act
    await placeOrder();
    const received = await receiver.waitFor(3);

    // Assess
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(eventsOf(received).map((e) => e.type)).toEqual(['order.created', 'order.created', 'order.created']);
    const verifier = new Webhook(secret);
    for (const request of received) expect(() => verifier.verify(request.body, request.headers)).not.toThrow();
  });

  it('places orders while the receiver hangs, and delivers the next event meanwhile', async () => {
    // Prepare: the receiver never answers the first event it gets.
    await register(['order.created']);
    let first = true;
    receiver.answer = () => {
      if (!first) return 204;
      first = false;
      return 'hang';
    };
    const hanging = await placeOrder();
    await receiver.waitFor(1);

    // Act: the first delivery still hangs (5 s limit) while the next order is placed.
    const next = await placeOrder();
    const received = await receiver.waitFor(2);

    // Assess
    expect(eventsOf(received.slice(0, 2)).map((e) => e.data.orderId)).toEqual([hanging, next]);
  });
});
