/**
 * Partners (resellers) and their API keys. A key is stored only as its SHA-256: the key
 * itself is shown once, when it is issued, and can never be read back.
 */
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredApiKey } from '#http/identity';
import { sha256Hex } from '#http/identity';
import { ConflictError } from '../errors.ts';
import { keys } from './keys.ts';
import { callStore } from './store-errors.ts';

export interface Partner {
  partnerId: string;
  name: string;
  createdAt: string;
}

/** The transaction that creates a partner together with its first key (pure). */
export function buildCreatePartnerTransaction(tableName: string, partner: Partner, apiKey: string): TransactWriteCommandInput {
  return {
    TransactItems: [
      { Put: { TableName: tableName, Item: { ...keys.partner(partner.partnerId), ...keys.partnerListing(partner.partnerId), ...partner }, ConditionExpression: 'attribute_not_exists(PK)' } },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.apiKey(sha256Hex(apiKey)), partnerId: partner.partnerId, status: 'active', createdAt: partner.createdAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ],
  };
}

export class PartnerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(partner: Partner, apiKey: string): Promise<void> {
    try {
      await callStore('create partner', () => this.client.send(new TransactWriteCommand(buildCreatePartnerTransaction(this.tableName, partner, apiKey))));
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') throw new ConflictError(`partner ${partner.partnerId} or its key exists already`);
      throw error;
    }
  }

  /** Adds another active key to an existing partner (several keys may be active during a rotation). */
  async addApiKey(partnerId: string, apiKey: string, now: Date): Promise<void> {
    await callStore('add API key', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.apiKey(sha256Hex(apiKey)), partnerId, status: 'active', createdAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async find(partnerId: string): Promise<Partner | undefined> {
    const result = await callStore('read partner', () => this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.partner(partnerId) })));
    if (!result.Item) return undefined;
    return { partnerId: String(result.Item.partnerId), name: String(result.Item.name), createdAt: String(result.Item.createdAt) };
  }

  /** The key record for a key's SHA-256, if any. */
  async findApiKey(keySha256: string): Promise<StoredApiKey | undefined> {
    const result = await callStore('read API key', () => this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keySha256) })));
    const item = result.Item;
    if (!item) return undefined;
    return {
      partnerId: String(item.partnerId),
      status: item.status === 'revoked' ? 'revoked' : 'active',
      ...(typeof item.validUntil === 'string' ? { validUntil: item.validUntil } : {}),
    };
  }
}
