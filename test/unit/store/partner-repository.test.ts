/**
 * The partner repository's requests (pure): a partner and its keys created all or nothing, a key
 * issued only to an existing partner, a revocation of both key items, the reads and the update.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/digest';
import { DEFAULT_USAGE_PLAN } from '#core/usage-plan';
import {
  buildAddApiKeyTransaction,
  buildCreatePartnerTransaction,
  buildGetApiKey,
  buildGetApiKeySummary,
  buildGetPartner,
  buildListApiKeysQuery,
  buildRevokeApiKeyTransaction,
  buildUpdatePartner,
  type NewApiKey,
  type Partner,
} from '#store/partner-repository';

const partner: Partner = { partnerId: 'acme', name: 'ACME', createdAt: '2026-01-01T00:00:00.000Z', usagePlan: DEFAULT_USAGE_PLAN };
const key: NewApiKey = { keyId: 'k_01', apiKey: 'secret-key-abcd', createdAt: '2026-01-01T00:00:00.000Z' };
const HASH = sha256Hex('secret-key-abcd');

describe('creating a partner and issuing keys', () => {
  it('creates the partner, listed among the tenants, with its first key, each item only if it does not exist', () => {
    // Act
    const { input, names } = buildCreatePartnerTransaction('t', partner, key);

    // Assess
    expect(names).toEqual(['partner', 'api-key', 'key-summary']);
    const [profile, lookup, summary] = input.TransactItems!.map((item) => item.Put!);
    expect(profile).toEqual({
      TableName: 't',
      Item: { PK: 'PARTNER#acme', SK: 'PROFILE', GSI1PK: 'PARTNERS', GSI1SK: 'acme', ...partner },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(lookup).toEqual({
      TableName: 't',
      Item: { PK: `APIKEY#${HASH}`, SK: 'APIKEY', partnerId: 'acme', keyId: 'k_01', status: 'active', createdAt: key.createdAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(summary).toEqual({
      TableName: 't',
      Item: { PK: 'PARTNER#acme', SK: 'KEY#k_01', keyId: 'k_01', keyHash: HASH, status: 'active', createdAt: key.createdAt, hint: 'abcd' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('stores only the hash of a key and its last four characters, never the key', () => {
    // Act
    const { input } = buildCreatePartnerTransaction('t', partner, key);

    // Assess
    expect(JSON.stringify(input)).not.toContain(key.apiKey);
  });

  it('gives both key items the end of validity of a key that has one', () => {
    // Act
    const { input } = buildAddApiKeyTransaction('t', 'acme', { ...key, validUntil: '2026-12-31T00:00:00.000Z' });

    // Assess
    expect(input.TransactItems![1]!.Put!.Item).toMatchObject({ validUntil: '2026-12-31T00:00:00.000Z' });
    expect(input.TransactItems![2]!.Put!.Item).toMatchObject({ validUntil: '2026-12-31T00:00:00.000Z' });
  });

  it('issues another key only to a partner that exists', () => {
    // Act
    const { input, names } = buildAddApiKeyTransaction('t', 'acme', key);

    // Assess
    expect(names).toEqual(['partner', 'api-key', 'key-summary']);
    expect(input.TransactItems![0]).toEqual({
      ConditionCheck: { TableName: 't', Key: { PK: 'PARTNER#acme', SK: 'PROFILE' }, ConditionExpression: 'attribute_exists(PK)' },
    });
    expect(input.TransactItems![2]!.Put!.Item).toMatchObject({ PK: 'PARTNER#acme', SK: 'KEY#k_01' });
  });
});

describe('revoking a key', () => {
  it('revokes the lookup the authorizer reads and the summary together, keeping the first revocation time', () => {
    // Act
    const { input, names } = buildRevokeApiKeyTransaction('t', 'acme', 'k_01', HASH, new Date('2026-03-01T00:00:00.000Z'));

    // Assess
    expect(names).toEqual(['api-key', 'key-summary']);
    const revoke = {
      UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':now': '2026-03-01T00:00:00.000Z' },
    };
    expect(input.TransactItems).toEqual([
      { Update: { TableName: 't', Key: { PK: `APIKEY#${HASH}`, SK: 'APIKEY' }, ...revoke } },
      { Update: { TableName: 't', Key: { PK: 'PARTNER#acme', SK: 'KEY#k_01' }, ...revoke } },
    ]);
  });
});

describe('partner reads', () => {
  it('reads a partner, one key summary, all summaries, and the key record by hash', () => {
    // Act
    const profile = buildGetPartner('t', 'acme');
    const summary = buildGetApiKeySummary('t', 'acme', 'k_01');
    const all = buildListApiKeysQuery('t', 'acme');
    const lookup = buildGetApiKey('t', HASH);

    // Assess
    expect(profile).toEqual({ TableName: 't', Key: { PK: 'PARTNER#acme', SK: 'PROFILE' } });
    expect(summary).toEqual({ TableName: 't', Key: { PK: 'PARTNER#acme', SK: 'KEY#k_01' } });
    expect(all).toEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'PARTNER#acme', ':prefix': 'KEY#' },
    });
    expect(lookup).toEqual({ TableName: 't', Key: { PK: `APIKEY#${HASH}`, SK: 'APIKEY' } });
  });
});

describe('buildUpdatePartner', () => {
  it('sets the given fields of an existing partner through placeholders (name is a reserved word)', () => {
    // Act
    const update = buildUpdatePartner('t', 'acme', { name: 'ACME Europe', shareOrderStatistics: true, usagePlan: undefined });

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'PARTNER#acme', SK: 'PROFILE' },
      UpdateExpression: 'SET #name = :name, #shareOrderStatistics = :shareOrderStatistics',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#name': 'name', '#shareOrderStatistics': 'shareOrderStatistics' },
      ExpressionAttributeValues: { ':name': 'ACME Europe', ':shareOrderStatistics': true },
    });
  });

  it('removes a price list given as null, with no values when nothing is set', () => {
    // Act
    const update = buildUpdatePartner('t', 'acme', { priceList: null });

    // Assess
    expect(update).toEqual({
      TableName: 't',
      Key: { PK: 'PARTNER#acme', SK: 'PROFILE' },
      UpdateExpression: 'REMOVE #priceList',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#priceList': 'priceList' },
    });
  });

  it('sets and removes in one expression', () => {
    // Act
    const update = buildUpdatePartner('t', 'acme', { name: 'ACME', priceList: null });

    // Assess
    expect(update!.UpdateExpression).toBe('SET #name = :name REMOVE #priceList');
  });

  it('is undefined when there is nothing to change', () => {
    // Act
    const update = buildUpdatePartner('t', 'acme', { name: undefined });

    // Assess
    expect(update).toBeUndefined();
  });
});
