/**
 * Quotes. A quote lives in its customer's partition (`QUOTE#<id>`, listed by one `begins_with`
 * Query), with a pointer from its id (tenant, customer) and, for a company's quote, a GSI1 entry
 * listing the company's quotes. A decision is one TransactWriteItems conditioned on the quote's
 * status as read, with the idempotency record (and, when it orders, the order transaction of
 * `buildPlaceOrderTransaction`): all or nothing.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '#core/errors';
import type { IdempotencyClaim } from '#orders/ports';
import type { QuoteDecisionWrite, QuoteStore } from '#quotes/ports';
import type { Quote } from '#quotes/quote';
import { customerItemPrefix, keys } from './keys.ts';
import { buildPlaceOrderTransaction, type OrderRepository, type PlaceOrderAction } from './order-repository.ts';
import { callStore, failedConditions, type NamedItem, type NamedTransaction, namedTransaction } from './store-errors.ts';

export type CreateQuoteAction = 'quote' | 'quote-pointer';
export type DecideQuoteAction = PlaceOrderAction | 'quote';

/** The quote, its pointer and its company listing (pure). */
export function buildCreateQuoteTransaction(tableName: string, quote: Quote): NamedTransaction<CreateQuoteAction> {
  return namedTransaction<CreateQuoteAction>([
    {
      name: 'quote',
      item: {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.quote(quote.tenantId, quote.customerId, quote.quoteId),
            ...(quote.companyId ? keys.companyQuoteListing(quote.tenantId, quote.companyId, quote.quoteId) : {}),
            ...quote,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'quote-pointer',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.quotePointer(quote.quoteId), tenantId: quote.tenantId, customerId: quote.customerId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ]);
}

/**
 * One decision (pure): the quote moves from the status it was read with, the idempotency record
 * keeps the answer; with an order, the order transaction (order, pointer, customer figures,
 * idempotency record) joins it.
 */
export function buildDecideQuoteTransaction(tableName: string, write: QuoteDecisionWrite): NamedTransaction<DecideQuoteAction> {
  const { quote } = write;
  const quoteItem: NamedItem<DecideQuoteAction> = {
    name: 'quote',
    item: {
      Update: {
        TableName: tableName,
        Key: keys.quote(quote.tenantId, quote.customerId, quote.quoteId),
        UpdateExpression: `SET #status = :to, statusHistory = list_append(statusHistory, :entry)${write.order ? ', orderId = :order' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': write.to,
          ':from': write.from,
          ':entry': [{ status: write.to, at: write.at, by: write.by }],
          ...(write.order ? { ':order': write.order.orderId } : {}),
        },
      },
    },
  };
  if (write.order) {
    const placing = buildPlaceOrderTransaction(tableName, {
      order: write.order,
      idempotencyKey: write.idempotencyKey,
      requestHash: write.requestHash,
      responseBody: write.responseBody,
    });
    const items = placing.input.TransactItems!.map((item, i) => ({ name: placing.names[i]! as DecideQuoteAction, item }));
    return namedTransaction([...items, quoteItem]);
  }
  return namedTransaction<DecideQuoteAction>([
    quoteItem,
    {
      name: 'idempotency',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.idempotency(quote.tenantId, write.idempotencyKey),
          UpdateExpression: 'SET #state = :done, statusCode = :status, responseBody = :body',
          ConditionExpression: '#state = :pending AND requestHash = :hash',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':pending': 'pending',
            ':status': write.statusCode,
            ':body': write.responseBody,
            ':hash': write.requestHash,
          },
        },
      },
    },
  ]);
}

/** A customer's quotes, newest first (pure). */
export function buildListCustomerQuotes(tableName: string, tenantId: string, customerId: string, limit: number): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.customerPartition(tenantId, customerId), ':prefix': customerItemPrefix.quote },
    ScanIndexForward: false,
    Limit: limit,
  };
}

/** A company's quotes, newest first (pure). */
export function buildListCompanyQuotes(tableName: string, tenantId: string, companyId: string, limit: number): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.companyQuoteListing(tenantId, companyId, '').GSI1PK },
    ScanIndexForward: false,
    Limit: limit,
  };
}

export class QuoteRepository implements QuoteStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Idempotency keys are the orders' (one family, one set of rules). */
    private readonly orders: OrderRepository,
  ) {}

  async create(quote: Quote): Promise<void> {
    const transaction = buildCreateQuoteTransaction(this.tableName, quote);
    try {
      await callStore('create quote', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)?.size) throw new ConflictError(`quote ${quote.quoteId} exists already`);
      throw error;
    }
  }

  async find(quoteId: string, tenantId?: string): Promise<Quote | undefined> {
    const pointer = await callStore('read quote pointer', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.quotePointer(quoteId) })),
    );
    if (!pointer.Item) return undefined;
    if (tenantId !== undefined && pointer.Item.tenantId !== tenantId) return undefined;
    const key = keys.quote(String(pointer.Item.tenantId), String(pointer.Item.customerId), quoteId);
    const result = await callStore('read quote', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    return result.Item ? quoteFromItem(result.Item) : undefined;
  }

  async listForCustomer(tenantId: string, customerId: string, limit: number): Promise<Quote[]> {
    const result = await callStore('list quotes', () =>
      this.client.send(new QueryCommand(buildListCustomerQuotes(this.tableName, tenantId, customerId, limit))),
    );
    return (result.Items ?? []).map(quoteFromItem);
  }

  async listForCompany(tenantId: string, companyId: string, limit: number): Promise<Quote[]> {
    const result = await callStore('list company quotes', () =>
      this.client.send(new QueryCommand(buildListCompanyQuotes(this.tableName, tenantId, companyId, limit))),
    );
    return (result.Items ?? []).map(quoteFromItem);
  }

  claim(tenantId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    return this.orders.claim(tenantId, idempotencyKey, requestHash, now);
  }

  release(tenantId: string, idempotencyKey: string, requestHash: string): Promise<void> {
    return this.orders.release(tenantId, idempotencyKey, requestHash);
  }

  async decide(write: QuoteDecisionWrite): Promise<void> {
    const transaction = buildDecideQuoteTransaction(this.tableName, write);
    try {
      await callStore('decide quote', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      if (failed?.has('customer')) throw new NotFoundError(`customer ${write.quote.customerId} not found`);
      if (failed?.has('quote')) throw new ConflictError(`quote ${write.quote.quoteId} was decided meanwhile; reload it`);
      if (failed) throw new ConflictError('another request with this Idempotency-Key got there first');
      throw error;
    }
  }
}

function quoteFromItem(item: Record<string, unknown>): Quote {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...quote } = item;
  return quote as unknown as Quote;
}
