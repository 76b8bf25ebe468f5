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
  type GetCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '#core/digest';
import type { ApiKeySummary, Partner, StoredApiKey } from '#partners/partner';
import { DEFAULT_USAGE_PLAN } from '#core/usage-plan';
import { ConflictError, NotFoundError } from '#core/errors';
import { keys } from './keys.ts';
import { queryAllPages } from './query-pages.ts';
import { callStore, failedConditions, isConditionFailed, type NamedItem, type NamedTransaction, namedTransaction } from './store-errors.ts';

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

/** The actions of the partner transactions, by name. */
export type PartnerAction = 'partner' | 'api-key' | 'key-summary';

/** The fields of a partner that `update` changes; `priceList: null` removes the price list. */
export interface PartnerChanges {
  name?: string;
  priceList?: Partner['priceList'] | null;
  usagePlan?: Partner['usagePlan'];
  shareOrderStatistics?: boolean;
}

/** The two items of one key: the lookup by hash, and the summary under the partner (pure). */
export function apiKeyItems(tableName: string, partnerId: string, key: NewApiKey): NamedItem<'api-key' | 'key-summary'>[] {
  const hash = sha256Hex(key.apiKey);
  const validity = key.validUntil ? { validUntil: key.validUntil } : {};
  return [
    {
      name: 'api-key',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.apiKey(hash), partnerId, keyId: key.keyId, status: 'active', createdAt: key.createdAt, ...validity },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'key-summary',
      item: {
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
    },
  ];
}

/** The transaction that creates a partner together with its first key (pure). */
export function buildCreatePartnerTransaction(tableName: string, partner: Partner, key: NewApiKey): NamedTransaction<PartnerAction> {
  return namedTransaction<PartnerAction>([
    {
      name: 'partner',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.partner(partner.partnerId), ...keys.partnerListing(partner.partnerId), ...partner },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    ...apiKeyItems(tableName, partner.partnerId, key),
  ]);
}

/** The transaction that issues another key, only to a partner that exists (pure). */
export function buildAddApiKeyTransaction(tableName: string, partnerId: string, key: NewApiKey): NamedTransaction<PartnerAction> {
  return namedTransaction<PartnerAction>([
    {
      name: 'partner',
      item: { ConditionCheck: { TableName: tableName, Key: keys.partner(partnerId), ConditionExpression: 'attribute_exists(PK)' } },
    },
    ...apiKeyItems(tableName, partnerId, key),
  ]);
}

/** Reads the summary of one of a partner's keys (pure). */
export function buildGetApiKeySummary(tableName: string, partnerId: string, keyId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.partnerKey(partnerId, keyId) };
}

/**
 * Revokes a key in both its items, the lookup the authorizer reads and the summary (pure).
 * Revoking again keeps the first revocation's time.
 */
export function buildRevokeApiKeyTransaction(
  tableName: string,
  partnerId: string,
  keyId: string,
  keyHash: string,
  now: Date,
): NamedTransaction<'api-key' | 'key-summary'> {
  const revoke = {
    UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :now)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':revoked': 'revoked', ':now': now.toISOString() },
  };
  return namedTransaction<'api-key' | 'key-summary'>([
    { name: 'api-key', item: { Update: { TableName: tableName, Key: keys.apiKey(keyHash), ...revoke } } },
    { name: 'key-summary', item: { Update: { TableName: tableName, Key: keys.partnerKey(partnerId, keyId), ...revoke } } },
  ]);
}

/** Every key summary of a partner, in key id order (pure). */
export function buildListApiKeysQuery(tableName: string, partnerId: string): QueryCommandInput {
  const prefix = keys.partnerKey(partnerId, '');
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.SK },
  };
}

/** Reads a partner's profile (pure). */
export function buildGetPartner(tableName: string, partnerId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.partner(partnerId) };
}

/**
 * Sets the given fields of an existing partner and removes those given as `null` (pure);
 * `undefined` when there is nothing to change. Names and values go through placeholders, so a
 * reserved word (`name`) is safe.
 */
export function buildUpdatePartner(tableName: string, partnerId: string, fields: PartnerChanges): UpdateCommandInput | undefined {
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
  if (!sets.length && !removes.length) return undefined;
  return {
    TableName: tableName,
    Key: keys.partner(partnerId),
    UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Reads the key record the authorizer checks, by the key's SHA-256 (pure). */
export function buildGetApiKey(tableName: string, keySha256: string): GetCommandInput {
  return { TableName: tableName, Key: keys.apiKey(keySha256) };
}

export class PartnerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(partner: Partner, key: NewApiKey): Promise<void> {
    const transaction = buildCreatePartnerTransaction(this.tableName, partner, key);
    try {
      await callStore('create partner', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)) throw new ConflictError(`partner ${partner.partnerId} exists already`);
      throw error;
    }
  }

  /** Issues another key (several may be active during a rotation); the partner must exist. */
  async addApiKey(partnerId: string, key: NewApiKey): Promise<void> {
    const transaction = buildAddApiKeyTransaction(this.tableName, partnerId, key);
    try {
      await callStore('add API key', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      if (failed?.has('partner')) throw new NotFoundError(`partner ${partnerId} not found`);
      // The partner exists: the key was taken, or a concurrent write to these items won.
      if (failed) throw new ConflictError(`the key could not be issued to partner ${partnerId} (a concurrent change); try again`);
      throw error;
    }
  }

  /** Revokes a key at once: the authorizer refuses it from the next request on. Revoking again changes nothing. */
  async revokeApiKey(partnerId: string, keyId: string, now: Date): Promise<void> {
    const summary = await callStore('read API key', () =>
      this.client.send(new GetCommand(buildGetApiKeySummary(this.tableName, partnerId, keyId))),
    );
    if (!summary.Item) throw new NotFoundError(`partner ${partnerId} has no key ${keyId}`);
    const transaction = buildRevokeApiKeyTransaction(this.tableName, partnerId, keyId, String(summary.Item.keyHash), now);
    try {
      await callStore('revoke API key', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      // No condition can fail: a cancellation is a concurrent write to the same key (revoking is idempotent: retry).
      if (failedConditions(error, transaction.names)) throw new ConflictError(`key ${keyId} changed meanwhile; revoke it again`);
      throw error;
    }
  }

  async listApiKeys(partnerId: string): Promise<ApiKeySummary[]> {
    return (await this.listStoredKeys(partnerId)).map(({ keyHash: _hash, ...summary }) => summary);
  }

  /** The partner's keys with their hashes (for API Gateway, whose key values are these hashes). */
  async listStoredKeys(partnerId: string): Promise<StoredKeySummary[]> {
    const items = await queryAllPages(this.client, buildListApiKeysQuery(this.tableName, partnerId), 'list API keys');
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
    const result = await callStore('read partner', () => this.client.send(new GetCommand(buildGetPartner(this.tableName, partnerId))));
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
  async update(partnerId: string, fields: PartnerChanges): Promise<Partner> {
    const update = buildUpdatePartner(this.tableName, partnerId, fields);
    if (!update) {
      const partner = await this.find(partnerId);
      if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
      return partner;
    }
    try {
      await callStore('update partner', () => this.client.send(new UpdateCommand(update)));
    } catch (error) {
      if (isConditionFailed(error)) throw new NotFoundError(`partner ${partnerId} not found`);
      throw error;
    }
    return (await this.find(partnerId))!;
  }

  /** The key record for a key's SHA-256, if any. */
  async findApiKey(keySha256: string): Promise<StoredApiKey | undefined> {
    const result = await callStore('read API key', () => this.client.send(new GetCommand(buildGetApiKey(this.tableName, keySha256))));
    const item = result.Item;
    if (!item) return undefined;
    return {
      partnerId: String(item.partnerId),
      status: item.status === 'revoked' ? 'revoked' : 'active',
      ...(typeof item.validUntil === 'string' ? { validUntil: item.validUntil } : {}),
    };
  }
}
