/**
 * Partners (resellers) and their API keys. A key is stored only as its SHA-256 (the item the
 * authorizer reads) plus a summary under the partner (for listing and revoking): the key
 * itself is shown once, when it is issued, and can never be read back.
 */
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '#core/digest';
import type { ApiKeySummary, Partner, StoredApiKey } from '#partners/partner';
import { DEFAULT_USAGE_PLAN } from '#core/usage-plan';
import { ConflictError, NotFoundError } from '#core/errors';
import { keys } from './keys.ts';
import { queryAllPages } from './query-pages.ts';
import { callStore } from './store-errors.ts';

export type { Partner };

/** A key's summary together with its hash (never shown to anyone; API Gateway's key value). */
export interface StoredKeySummary extends ApiKeySummary {
  keyHash: string;
}

export interface NewApiKey {
  keyId: string;
  apiKey: string;
  createdAt: string;
  validUntil?: string;
}

/** The two items of one key: the lookup by hash, and the summary under the partner (pure). */
export function apiKeyItems(tableName: string, partnerId: string, key: NewApiKey): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const hash = sha256Hex(key.apiKey);
  const validity = key.validUntil ? { validUntil: key.validUntil } : {};
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.apiKey(hash), partnerId, keyId: key.keyId, status: 'active', createdAt: key.createdAt, ...validity },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.partnerKey(partnerId, key.keyId),
          keyId: key.keyId,
          keyHash: hash,
          status: 'active',
          createdAt: key.createdAt,
          hint: key.apiKey.slice(-4),
          ...validity,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
}

/** The transaction that creates a partner together with its first key (pure). */
export function buildCreatePartnerTransaction(tableName: string, partner: Partner, key: NewApiKey): TransactWriteCommandInput {
  return {
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.partner(partner.partnerId), ...keys.partnerListing(partner.partnerId), ...partner },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...apiKeyItems(tableName, partner.partnerId, key),
    ],
  };
}

function cancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionCanceledException';
}

export class PartnerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(partner: Partner, key: NewApiKey): Promise<void> {
    try {
      await callStore('create partner', () =>
        this.client.send(new TransactWriteCommand(buildCreatePartnerTransaction(this.tableName, partner, key))),
      );
    } catch (error) {
      if (cancelled(error)) throw new ConflictError(`partner ${partner.partnerId} exists already`);
      throw error;
    }
  }

  /** Issues another key (several may be active during a rotation); the partner must exist. */
  async addApiKey(partnerId: string, key: NewApiKey): Promise<void> {
    try {
      await callStore('add API key', () =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: this.tableName, Key: keys.partner(partnerId), ConditionExpression: 'attribute_exists(PK)' } },
              ...apiKeyItems(this.tableName, partnerId, key),
            ],
          }),
        ),
      );
    } catch (error) {
      if (cancelled(error)) throw new NotFoundError(`partner ${partnerId} not found`);
      throw error;
    }
  }

  /** Revokes a key at once: the authorizer refuses it from the next request on. Revoking again changes nothing. */
  async revokeApiKey(partnerId: string, keyId: string, now: Date): Promise<void> {
    const summary = await callStore('read API key', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.partnerKey(partnerId, keyId) })),
    );
    if (!summary.Item) throw new NotFoundError(`partner ${partnerId} has no key ${keyId}`);
    const revoke = {
      UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':now': now.toISOString() },
    };
    await callStore('revoke API key', () =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: this.tableName, Key: keys.apiKey(String(summary.Item!.keyHash)), ...revoke } },
            { Update: { TableName: this.tableName, Key: keys.partnerKey(partnerId, keyId), ...revoke } },
          ],
        }),
      ),
    );
  }

  async listApiKeys(partnerId: string): Promise<ApiKeySummary[]> {
    return (await this.listStoredKeys(partnerId)).map(({ keyHash: _hash, ...summary }) => summary);
  }

  /** The partner's keys with their hashes (for API Gateway, whose key values are these hashes). */
  async listStoredKeys(partnerId: string): Promise<StoredKeySummary[]> {
    const prefix = keys.partnerKey(partnerId, '');
    const items = await queryAllPages(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.SK },
      },
      'list API keys',
    );
    return items.map((item) => ({
      keyId: String(item.keyId),
      keyHash: String(item.keyHash),
      status: item.status === 'revoked' ? 'revoked' : 'active',
      createdAt: String(item.createdAt),
      hint: String(item.hint),
      ...(typeof item.validUntil === 'string' ? { validUntil: item.validUntil } : {}),
    }));
  }

  async find(partnerId: string): Promise<Partner | undefined> {
    const result = await callStore('read partner', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.partner(partnerId) })),
    );
    const item = result.Item;
    if (!item) return undefined;
    return {
      partnerId: String(item.partnerId),
      name: String(item.name),
      createdAt: String(item.createdAt),
      usagePlan: (item.usagePlan as Partner['usagePlan'] | undefined) ?? DEFAULT_USAGE_PLAN,
      ...(item.priceList ? { priceList: item.priceList as Partner['priceList'] } : {}),
      ...(item.shareOrderStatistics === true ? { shareOrderStatistics: true } : {}),
    };
  }

  /** Changes name, price list (null removes it), usage plan or statistics sharing. */
  async update(
    partnerId: string,
    fields: { name?: string; priceList?: Partner['priceList'] | null; usagePlan?: Partner['usagePlan']; shareOrderStatistics?: boolean },
  ): Promise<Partner> {
    const sets: string[] = [];
    const removes: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    if (!sets.length && !removes.length) {
      const partner = await this.find(partnerId);
      if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
      return partner;
    }
    try {
      await callStore('update partner', () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.partner(partnerId),
            UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
              .join(' ')
              .trim(),
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
        throw new NotFoundError(`partner ${partnerId} not found`);
      throw error;
    }
    return (await this.find(partnerId))!;
  }

  /** The key record for a key's SHA-256, if any. */
  async findApiKey(keySha256: string): Promise<StoredApiKey | undefined> {
    const result = await callStore('read API key', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keySha256) })),
    );
    const item = result.Item;
    if (!item) return undefined;
    return {
      partnerId: String(item.partnerId),
      status: item.status === 'revoked' ? 'revoked' : 'active',
      ...(typeof item.validUntil === 'string' ? { validUntil: item.validUntil } : {}),
    };
  }
}
